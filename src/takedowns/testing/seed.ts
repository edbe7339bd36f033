import { createIngestRepository } from '../../reports/ingest.repository.ts';
import { createSourcesRepository } from '../../sources/sources.repository.ts';
import type { Db } from '../../storage/database.ts';
import { analyzeUrl } from '../../urls/analyze.ts';
import { sha256Hex } from '../../urls/expressions.ts';

/** Test support only: stores a report naming `url` (reported at `at`) and marks the URL confirmed. */
export async function seedConfirmedUrl(
  db: Db,
  url: string,
  at: number,
  options: { brandId?: number | null; status?: string } = {},
): Promise<number> {
  const a = analyzeUrl(url);
  const sourceId = (await createSourcesRepository(db).ensure('test', 'manual', at)).id;
  const urlHash = sha256Hex(a.canonical);
  await createIngestRepository(db).ingest({
    sourceId,
    reports: [
      {
        report: {
          externalId: `seed-${urlHash.slice(0, 12)}-${at}`,
          kind: 'url',
          status: 'processed',
          receivedAt: at,
          reportedAt: at,
          brandLabel: null,
          brandId: options.brandId ?? null,
          contentType: null,
          payload: JSON.stringify({ url }),
        },
        urls: [
          {
            urlHash,
            canonical: a.canonical,
            scheme: a.scheme,
            host: a.host,
            isIp: a.isIp,
            registrableDomain: a.registrableDomain,
            publicSuffix: a.publicSuffix,
            tld: a.tld,
            path: a.path,
            features: a.features.join(','),
            threat: 'phishing',
            brandId: options.brandId ?? null,
            brandConfidence: options.brandId ? 1 : null,
            brandEvidence: null,
            seenAt: at,
          },
        ],
      },
    ],
  });
  const row = await db.kysely
    .updateTable('urls')
    .set({ status: options.status ?? 'confirmed' })
    .where('url_hash', '=', urlHash)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
