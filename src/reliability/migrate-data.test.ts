import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { createTestDb, dropSchema, TEST_POSTGRES_URL, type TestDb } from '../../test/databases.ts';
import { readFeedFile } from '../feeds/feed-file.ts';
import { PROCESS_REPORT_JOB } from '../reports/intake.service.ts';
import { openDatabase } from '../storage/database.ts';
import { dependencyOrder, migrateData } from './migrate-data.ts';

const CSV = path.resolve('../shared/data/jpcert-phishurl/202101.csv');

/** Row counts of every table of the database's own schema. */
async function counts(db: TestDb, tables: string[]) {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(db.kysely);
    out[t] = Number(r.rows[0]!.n);
  }
  return out;
}

describe('migrate-data: SQLite → PostgreSQL', () => {
  let src: TestContext;
  let target: TestDb;
  let tables: string[];
  const bossSchema = () => `boss_${target.schema}`;

  beforeAll(async () => {
    src = await createTestContext('sqlite');
    // Imported feed rows (reports, URLs, hosts, domains, links, trigger-kept statistics) …
    await src.imports.importEntries({ name: 'jpcert', kind: 'jpcert' }, readFeedFile('jpcert', CSV));
    // … reports received through intake, one with a binary attachment; their analysis jobs still waiting.
    const blob = Buffer.from([0, 1, 2, 255, 254, 0x27, 0x22, 0x5c]);
    await src.intake.submit(
      {
        kind: 'sms',
        content: 'O\'Brien "quotes" https://evil.example/login',
        consent: { police: true, brand: false },
      },
      [{ filename: 'x.bin', contentType: 'application/octet-stream', data: blob }],
      'api',
    );
    await src.intake.submit(
      { kind: 'url', content: 'https://phish.example.net/a', consent: { police: false, brand: false } },
      [],
      'web',
    );
    target = await createTestDb('postgres');
    tables = (
      await sql<{ name: string }>`select name from sqlite_master where type = 'table'
        and name not like 'sqlite%' and name not in ('kysely_migration', 'kysely_migration_lock', 'jobs')
        -- SQLite's own search index (FTS5 tables and their shadows): PostgreSQL indexes the copied rows itself.
        and name not like 'url_search%' and name not like 'report_search%'`.execute(src.db.kysely)
    ).rows.map((r) => r.name);
  }, 120_000);

  afterAll(async () => {
    await src?.close();
    await target?.drop();
    if (target?.schema) await dropSchema(bossSchema());
  });

  it('copies every table with its ids, keeps statistics as they were, moves sequences and waiting jobs', async () => {
    const before = await counts(src.testDb, tables);
    // The jobs still waiting in the embedded queue: the two reports' analysis and whatever else intake and
    // import enqueue (rule evaluation, arrival checks), counted here so the test follows the pipeline.
    const waiting = await sql<{ name: string }>`select name from jobs
      where status in ('pending', 'active') order by id`.execute(src.db.kysely);
    expect(waiting.rows.filter((j) => j.name === PROCESS_REPORT_JOB).length).toBeGreaterThanOrEqual(2);
    expect(before.reports).toBeGreaterThan(1000);
    expect(before.stats_month_reports).toBeGreaterThan(0);
    const seen: string[] = [];
    const result = await migrateData({
      from: src.testDb.url,
      to: target.url,
      jobsSchema: bossSchema(),
      batchSize: 700,
      onTable: (t) => seen.push(t.table),
    });
    // Every data table discovered, in an order where parents come first.
    expect(new Set(seen)).toEqual(new Set(tables));
    expect(seen.indexOf('sources')).toBeLessThan(seen.indexOf('reports'));
    expect(seen.indexOf('reports')).toBeLessThan(seen.indexOf('report_urls'));
    expect(seen.indexOf('urls')).toBeLessThan(seen.indexOf('report_urls'));
    expect(result.skipped).toContain('jobs');
    expect(result.jobs).toBe(waiting.rows.length);
    expect(await counts(target, tables)).toEqual(before);

    // Spot checks: the same rows under the same ids, binary data and quotes intact.
    for (const t of ['reports', 'urls', 'report_attachments', 'stats_month_urls', 'stats_month_reports']) {
      const order = t.startsWith('stats_') ? sql`1, 2` : sql`id`;
      const a = await sql`select * from ${sql.table(t)} order by ${order} limit 50`.execute(src.db.kysely);
      const b = await sql`select * from ${sql.table(t)} order by ${order} limit 50`.execute(target.kysely);
      const norm = (rows: unknown[]) =>
        rows.map((r) =>
          Object.fromEntries(
            Object.entries(r as object).map(([k, v]) => [
              k,
              v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
            ]),
          ),
        );
      expect(norm(b.rows), t).toEqual(norm(a.rows));
    }
    const last = await sql<{
      id: number;
      payload: string;
    }>`select id, payload from reports where kind = 'sms'`.execute(target.kysely);
    expect(JSON.parse(last.rows[0]!.payload).content).toContain(`O'Brien "quotes"`);

    // The identity sequence continues after the copied ids.
    const maxId = Number(
      (await sql<{ m: number }>`select max(id) as m from reports`.execute(target.kysely)).rows[0]!.m,
    );
    const inserted = await target.kysely
      .insertInto('reports')
      .values({
        source_id: 1,
        external_id: 'after-migration',
        kind: 'url',
        status: 'received',
        received_at: 1,
        reported_at: 1,
        brand_label: null,
        tlp: null,
        brand_id: null,
        content_type: null,
        payload: '{}',
        reporter_contact: null,
        consent_police: 0,
        consent_brand: 0,
        error: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(inserted.id).toBe(maxId + 1);
    // Triggers are back on after the copy: the new report is counted by the statistics trigger.
    const month = await sql<{ n: number }>`select sum(reports) as n from stats_month_reports`.execute(
      target.kysely,
    );
    expect(Number(month.rows[0]!.n)).toBe(before.reports! + 1);

    // Waiting analysis jobs are in pg-boss now.
    const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await c.connect();
    const jobs = await c.query(`select data from ${bossSchema()}.job where name = 'report.process'`);
    await c.end();
    expect(jobs.rows).toHaveLength(2);
  }, 120_000);

  it('refuses a target that is not empty, and --force replaces its data', async () => {
    await expect(
      migrateData({ from: src.testDb.url, to: target.url, jobsSchema: bossSchema() }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const result = await migrateData({
      from: src.testDb.url,
      to: target.url,
      jobsSchema: bossSchema(),
      force: true,
    });
    const reports = result.tables.find((t) => t.table === 'reports')!.rows;
    expect(
      Number((await sql<{ n: number }>`select count(*) as n from reports`.execute(target.kysely)).rows[0]!.n),
    ).toBe(reports);
    expect(
      await sql`select 1 from reports where external_id = 'after-migration'`.execute(target.kysely),
    ).toMatchObject({
      rows: [],
    });
  }, 120_000);

  it('refuses a missing source file instead of copying an empty database', async () => {
    await expect(migrateData({ from: 'sqlite:/nonexistent/x.sqlite', to: target.url })).rejects.toMatchObject(
      {
        code: 'not_found',
      },
    );
    const probe = openDatabase({ kind: 'postgres', url: target.url }, { poolSize: 1 });
    await probe.close();
  });

  it('orders tables by their foreign keys and reports cycles', () => {
    const deps = new Map([
      ['c', new Set(['b', 'c'])],
      ['b', new Set(['a'])],
    ]);
    expect(dependencyOrder(['c', 'b', 'a'], deps)).toEqual(['a', 'b', 'c']);
    expect(() =>
      dependencyOrder(
        ['x', 'y'],
        new Map([
          ['x', new Set(['y'])],
          ['y', new Set(['x'])],
        ]),
      ),
    ).toThrow(/cycle/);
  });
});
