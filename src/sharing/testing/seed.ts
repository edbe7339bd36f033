import { createHash } from 'node:crypto';
import { createIngestRepository } from '../../reports/ingest.repository.ts';
import { createSourcesRepository } from '../../sources/sources.repository.ts';
import type { Db } from '../../storage/database.ts';
import { analyzeUrl } from '../../urls/index.ts';

let counter = 0;

/**
 * Stores one report naming `url` through the real ingest path (as an import would), optionally marked
 * with a TLP and a brand, and returns the URL's id. `confirm` sets urls.status as triage does.
 */
export async function seedReportedUrl(
  db: Db,
  input: {
    url: string;
    tlp?: string | null;
    brandId?: number | null;
    at?: number;
    source?: string;
    confirm?: boolean;
  },
): Promise<number> {
  const at = input.at ?? Date.UTC(2026, 4, 1);
  const sourceId = (await createSourcesRepository(db).ensure(input.source ?? 'test-feed', 'feed', at)).id;
  const a = analyzeUrl(input.url);
  const urlHash = createHash('sha256').update(a.canonical).digest('hex');
  await createIngestRepository(db).ingest({
    sourceId,
    reports: [
      {
        report: {
          externalId: `seed-${++counter}-${Math.random()}`,
          kind: 'feed',
          status: 'processed',
          receivedAt: at,
          reportedAt: at,
          brandLabel: null,
          brandId: input.brandId ?? null,
          contentType: null,
          payload: '{}',
          tlp: input.tlp ?? null,
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
            brandId: input.brandId ?? null,
            brandConfidence: input.brandId ? 1 : null,
            brandEvidence: null,
            seenAt: at,
          },
        ],
      },
    ],
  });
  const row = await db.kysely
    .selectFrom('urls')
    .select('id')
    .where('url_hash', '=', urlHash)
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  if (input.confirm) await setUrlStatus(db, id, 'confirmed');
  return id;
}

/** What triage does when it confirms or un-confirms a URL. */
export async function setUrlStatus(db: Db, urlId: number, status: string): Promise<void> {
  await db.kysely.updateTable('urls').set({ status }).where('id', '=', urlId).execute();
}

export async function seedBrand(db: Db, slug: string, officialDomains: string[] = []): Promise<number> {
  const row = await db.kysely
    .insertInto('brands')
    .values({
      slug,
      name_ja: `${slug}（日本）`,
      name_en: slug.toUpperCase(),
      sector: 'bank',
      official_domains: JSON.stringify(officialDomains),
      keywords: '[]',
      created_at: 0,
      updated_at: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
