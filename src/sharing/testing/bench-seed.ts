/**
 * Bulk seeding for benchmarks (bench/check.ts): n confirmed, shared, TLP:CLEAR URLs written straight
 * into urls, sharing_urls and sharing_hashes in large batches (the state the sync would reach, without
 * computing it URL by URL). benchUrl(i) gives the i-th URL, so a benchmark can ask for listed URLs
 * (i < n) and unknown ones (i >= n).
 */
import { sql } from 'kysely';
import type { Db } from '../../storage/database.ts';
import { sha256Hex } from '../../urls/index.ts';
import { listedExpression, prefixOf } from '../sync.ts';

const DOMAINS = 1000;

export function benchHost(i: number): string {
  return `p${i}.bench-${i % DOMAINS}.example`;
}

export function benchUrl(i: number): string {
  return `https://${benchHost(i)}/login/${i}`;
}

export async function seedSharedUrlsForBench(
  db: Db,
  n: number,
  options: { batch?: number; now?: number } = {},
) {
  // 16 columns a URL row: 2,000 rows stay under both dialects' bind-parameter limits.
  const batch = Math.min(options.batch ?? 2000, 2000);
  const now = options.now ?? Date.now();
  const k = db.kysely;
  const start = Number(
    (
      await k
        .selectFrom('urls')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirst()
    )?.m ?? 0,
  );
  const domainRows = await k
    .insertInto('domains')
    .values(
      Array.from({ length: DOMAINS }, (_, d) => ({
        name: `bench-${d}.example`,
        public_suffix: 'example',
        first_seen: now,
        last_seen: now,
      })),
    )
    .onConflict((oc) => oc.column('name').doUpdateSet({ last_seen: now }))
    .returning(['id', 'name'])
    .execute();
  const domainIds = new Map(
    domainRows.map((r) => [Number(r.name.slice(6, r.name.indexOf('.'))), Number(r.id)]),
  );
  for (let from = 0; from < n; from += batch) {
    const idx = Array.from({ length: Math.min(batch, n - from) }, (_, j) => from + j);
    await k.transaction().execute(async (trx) => {
      const hosts = await trx
        .insertInto('hosts')
        .values(
          idx.map((i) => ({
            name: benchHost(i),
            domain_id: domainIds.get(i % DOMAINS)!,
            is_ip: 0,
            first_seen: now,
          })),
        )
        .returning(['id', 'name'])
        .execute();
      const hostId = new Map(hosts.map((h) => [h.name, Number(h.id)]));
      const urls = await trx
        .insertInto('urls')
        .values(
          idx.map((i) => ({
            url_hash: sha256Hex(benchUrl(i)),
            canonical: benchUrl(i),
            scheme: 'https',
            host_id: hostId.get(benchHost(i))!,
            domain_id: domainIds.get(i % DOMAINS)!,
            tld: 'example',
            path: `/login/${i}`,
            features: '',
            threat: 'phishing',
            status: 'confirmed',
            brand_id: null,
            brand_confidence: null,
            brand_evidence: null,
            first_seen: now,
            last_seen: now,
            report_count: 1,
          })),
        )
        .returning(['id', 'canonical'])
        .execute();
      await trx
        .insertInto('sharing_urls')
        .values(
          urls.map((u) => ({
            url_id: Number(u.id),
            tlp: 'clear',
            tlp_rank: 0,
            active: 1,
            listed_at: now,
            updated_at: now,
            notified_at: now,
          })),
        )
        .execute();
      await trx
        .insertInto('sharing_hashes')
        .values(
          urls.map((u) => {
            const hash = sha256Hex(listedExpression(u.canonical));
            return {
              url_id: Number(u.id),
              hash,
              prefix: prefixOf(hash),
              tlp_rank: 0,
              added_version: 1,
              removed_version: null,
            };
          }),
        )
        .execute();
    });
  }
  // The triggers queued every inserted URL; the rows above already are what the sync would write.
  await k.deleteFrom('sharing_pending').where('url_id', '>', start).execute();
  await k
    .updateTable('sharing_state')
    .set({ value: sql`case when value < 1 then 1 else value end` })
    .where('key', '=', 'hash_list_version')
    .execute();
}
