import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { sniffImageType } from '../alerts/image.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { IntakeService } from '../reports/intake.service.ts';
import {
  MAX_PACKAGE_SCREENSHOT_BYTES,
  MAX_PACKAGE_SCREENSHOTS,
  PACKAGE_NOTICE,
  type PackageInput,
  type PackageScreenshot,
  type PolicePackage,
  packageInputSchema,
  REQUEST_KIND_JA,
} from './police-package.ts';
import { prefectureByCode } from './prefectures.ts';
import type { VictimRepository } from './victim.repository.ts';

export const PACKAGE_RETENTION_MS = 30 * 86_400_000;

/**
 * The victim's police package: stored under a random id handed only to the victim, with the consent
 * given. The URLs and messages also go to intake as a report carrying the same consent flags, so every
 * other module (sharing with police or the brand) honours what the victim agreed to.
 */
export function createVictimService(deps: {
  repo: VictimRepository;
  intake: Pick<IntakeService, 'submit'>;
  clock: Clock;
  log: Logger;
}) {
  return {
    async create(
      raw: unknown,
      files: { filename: string | null; data: Buffer }[],
      lang: 'ja' | 'en',
    ): Promise<PolicePackage> {
      const parsed = packageInputSchema.safeParse(raw);
      if (!parsed.success) {
        throw new AppError('request.invalid', z.prettifyError(parsed.error).replace(/\n/g, '; '));
      }
      const input: PackageInput = parsed.data;
      if (files.length > MAX_PACKAGE_SCREENSHOTS) {
        throw new AppError('request.invalid', `at most ${MAX_PACKAGE_SCREENSHOTS} screenshots`);
      }
      const screenshots: PackageScreenshot[] = files.map((f) => {
        const type = sniffImageType(f.data);
        if (!type)
          throw new AppError('request.unsupported_media_type', 'screenshots must be PNG, JPEG, GIF or WebP');
        if (f.data.length > MAX_PACKAGE_SCREENSHOT_BYTES)
          throw new AppError('request.too_large', 'screenshot too large');
        return { contentType: type, dataBase64: f.data.toString('base64'), filename: f.filename };
      });

      let reportId: string | null = null;
      const content = [...input.urls, input.messages].filter(Boolean).join('\n\n');
      if (content) {
        try {
          const receipt = await deps.intake.submit(
            { kind: 'text', content, consent: input.consent, lang },
            [],
            'web',
          );
          reportId = receipt.id;
        } catch (err) {
          // The package is the victim's; a report intake refuses (e.g. too long) must not cost them it.
          deps.log.warn({ err }, 'victim package: report not accepted by intake');
        }
      }
      const prefecture = prefectureByCode(input.prefecture)!;
      const pkg: PolicePackage = {
        ...input,
        id: randomUUID(),
        createdAt: new Date(deps.clock.now()).toISOString(),
        lang,
        prefectureName: { ja: prefecture.ja, en: prefecture.en },
        kindJa: REQUEST_KIND_JA[input.kind],
        notice: PACKAGE_NOTICE,
        screenshots,
        reportId,
      };
      await deps.repo.insert({
        id: pkg.id,
        created_at: deps.clock.now(),
        lang,
        prefecture: input.prefecture,
        kind: input.kind,
        data: JSON.stringify(pkg),
        consent_police: input.consent.police ? 1 : 0,
        consent_brand: input.consent.brand ? 1 : 0,
        report_id: reportId,
      });
      return pkg;
    },

    /**
     * Packages hold a victim's personal data and exist only to be downloaded: they are deleted after
     * PACKAGE_RETENTION_MS (the report made from them stays, without the contact details).
     */
    async purgeExpired(): Promise<number> {
      return deps.repo.deleteCreatedBefore(deps.clock.now() - PACKAGE_RETENTION_MS);
    },

    async get(id: string): Promise<PolicePackage | null> {
      if (!z.uuid().safeParse(id).success) return null;
      const row = await deps.repo.get(id);
      return row ? (JSON.parse(row.data) as PolicePackage) : null;
    },
  };
}

export type VictimService = ReturnType<typeof createVictimService>;
