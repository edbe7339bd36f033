import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { createSourcesRepository } from '../sources/sources.repository.ts';
import { createIngestRepository, type NewReport, type ObservedUrl } from './ingest.repository.ts';

function report(externalId: string, at: number): NewReport {
  return {
    externalId,
    kind: 'feed',
    status: 'processed',
    receivedAt: at,
    reportedAt: at,
    brandLabel: null,
    brandId: null,
    contentType: null,
    payload: '{}',
  };
}

function url(canonical: string, host: string, domain: string | null, seenAt: number): ObservedUrl {
  return {
    urlHash: `h:${canonical}`,
    canonical,
    scheme: 'http',
    host,
    isIp: domain === null,
    registrableDomain: domain,
    publicSuffix: domain ? domain.split('.').slice(1).join('.') : null,
    tld: domain ? domain.split('.').at(-1)! : null,
    path: '/',
    features: '',
    threat: 'phishing',
    brandId: null,
    brandConfidence: null,
    brandEvidence: null,
    seenAt,
  };
}

describe.each(DIALECTS)('ingest repository on %s', (dialect) => {
  let db: TestDb;
  let sourceId: number;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    sourceId = (await createSourcesRepository(db).ensure('test-feed', 'jpcert', 1)).id;
  });
  afterAll(async () => db?.drop());

  it('stores reports, URLs, hosts, domains and links; a second run adds nothing', async () => {
    const repo = createIngestRepository(db);
    const batch = {
      sourceId,
      reports: [
        { report: report('r1', 2000), urls: [url('http://a.evil.test/', 'a.evil.test', 'evil.test', 2000)] },
        { report: report('r2', 1000), urls: [url('http://a.evil.test/', 'a.evil.test', 'evil.test', 1000)] },
        { report: report('r3', 3000), urls: [url('http://10.0.0.1/', '10.0.0.1', null, 3000)] },
      ],
    };
    const first = await repo.ingest(batch);
    expect(first).toMatchObject({ inserted: 3, known: 0, newUrls: 2 });
    const second = await repo.ingest(batch);
    expect(second).toMatchObject({ inserted: 0, known: 3, newUrls: 0 });

    const urls = await db.kysely.selectFrom('urls').selectAll().orderBy('canonical').execute();
    expect(urls.map((u) => [u.canonical, u.report_count, u.first_seen, u.last_seen])).toEqual([
      ['http://10.0.0.1/', 1, 3000, 3000],
      ['http://a.evil.test/', 2, 1000, 2000],
    ]);
    expect(await count(db, 'reports')).toBe(3);
    expect(await count(db, 'report_urls')).toBe(3);
    expect(await count(db, 'domains')).toBe(1);
    expect(await count(db, 'hosts')).toBe(2);
  });

  it('counts a known URL again only for new reports and widens its seen range', async () => {
    const repo = createIngestRepository(db);
    const out = await repo.ingest({
      sourceId,
      reports: [
        { report: report('r4', 500), urls: [url('http://a.evil.test/', 'a.evil.test', 'evil.test', 500)] },
      ],
    });
    expect(out).toMatchObject({ inserted: 1, newUrls: 0 });
    const row = await db.kysely
      .selectFrom('urls')
      .selectAll()
      .where('canonical', '=', 'http://a.evil.test/')
      .executeTakeFirstOrThrow();
    expect([row.report_count, row.first_seen, row.last_seen]).toEqual([3, 500, 2000]);
    const domain = await db.kysely.selectFrom('domains').selectAll().executeTakeFirstOrThrow();
    expect([domain.first_seen, domain.last_seen]).toEqual([500, 2000]);
  });

  it('stores text exactly whatever it holds (quotes, backslashes, braces, commas, the word NULL)', async () => {
    const repo = createIngestRepository(db);
    const tricky = 'NULL';
    const payload = JSON.stringify({ a: 'x"y\\z, {w}', b: 'ＵＲＬ　フィッシング', c: null });
    const u = { ...url('http://q.evil.test/"{a,b}"\\', 'q.evil.test', 'evil.test', 10), features: 'NULL' };
    await repo.ingest({
      sourceId,
      reports: [{ report: { ...report('x"{,}\\', 10), brandLabel: tricky, payload }, urls: [u] }],
    });
    const row = await db.kysely
      .selectFrom('reports')
      .select(['external_id', 'brand_label', 'payload'])
      .where('external_id', '=', 'x"{,}\\')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ external_id: 'x"{,}\\', brand_label: 'NULL', payload });
    const stored = await db.kysely
      .selectFrom('urls')
      .select(['canonical', 'features'])
      .where('url_hash', '=', u.urlHash)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ canonical: u.canonical, features: 'NULL' });
  });

  it('rolls back the whole batch when one row is bad, leaving stored data untouched', async () => {
    const repo = createIngestRepository(db);
    const before = await count(db, 'reports');
    const bad = { ...report('r5', 1), kind: null as unknown as string };
    await expect(
      repo.ingest({
        sourceId,
        reports: [
          { report: report('r6', 1), urls: [] },
          { report: bad, urls: [] },
        ],
      }),
    ).rejects.toThrow();
    expect(await count(db, 'reports')).toBe(before);
  });
});

async function count(db: TestDb, table: 'reports' | 'report_urls' | 'domains' | 'hosts'): Promise<number> {
  const r = await db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
