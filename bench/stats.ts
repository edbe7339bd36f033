/**
 * Statistics benchmark: seeds 2,000,000 reports over 24 months (about 120,000 unique URLs a month, 700
 * brands drawn Zipf-like, a TLD mix, URL features, feeds/e-mail/SMS channels) straight into SQLite and
 * PostgreSQL with bulk inserts, then times one month's full statistics (stats.service computeMonth) next
 * to a plain `SELECT COUNT(*)` over the same month's reports, in the same run, on both databases.
 * `--reports N` changes the volume; `--sqlite-only` skips PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { systemClock } from '../src/lib/clock.ts';
import { createStatsRepository } from '../src/stats/stats.repository.ts';
import { createStatsService } from '../src/stats/stats.service.ts';
import { type Db, openDatabase } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { fmt, isMain, machine, tempDir, timed } from './lib.ts';
import {
  createBenchPostgres,
  FIRST_YEAR,
  generate,
  insertPostgres,
  insertSqlite,
  MONTHS,
  migrateToInitial,
  seedStatic,
} from './stats-data.ts';

const JST = 9 * 3600 * 1000;

export async function measure(db: Db, month: string) {
  const service = createStatsService({ repo: createStatsRepository(db), clock: systemClock });
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = Date.UTC(y, m - 1, 1) - JST;
  const to = Date.UTC(y, m, 1) - JST;
  const count = async () =>
    (
      await sql<{
        n: unknown;
      }>`select count(*) as n from reports where reported_at >= ${from} and reported_at < ${to}`.execute(
        db.kysely,
      )
    ).rows[0]!.n;
  const cold = await timed(() => service.computeMonth({ month }));
  const warm: number[] = [];
  const counts: number[] = [];
  let stats = cold.value;
  for (let i = 0; i < 3; i++) {
    const c = await timed(count);
    counts.push(c.seconds);
    const s = await timed(() => service.computeMonth({ month }));
    warm.push(s.seconds);
    stats = s.value;
  }
  const median = (a: number[]) => [...a].sort((x, y2) => x - y2)[Math.floor(a.length / 2)]!;
  return {
    cold: cold.seconds,
    warm: median(warm),
    count: median(counts),
    countValue: Number(await count()),
    stats,
  };
}

function print(name: string, r: Awaited<ReturnType<typeof measure>>, month: string): void {
  const h = r.stats.headline;
  console.log(
    `  ${name}: full statistics of ${month} ${(r.warm * 1000).toFixed(0)} ms (first run, extracting e-mail senders: ${(r.cold * 1000).toFixed(0)} ms)` +
      ` — baseline COUNT(*) of the month ${(r.count * 1000).toFixed(1)} ms (${fmt(r.countValue)} reports)`,
  );
  console.log(
    `    reports ${fmt(h.reports.value)} (prev ${fmt(h.reports.previous)}), unique URLs ${fmt(h.uniqueUrls.value)}, merged ${fmt(h.uniqueUrlsMergedSubdomains.value)}, ` +
      `brands ${h.brandsAbused.value}, top TLD ${r.stats.sites.tlds.top[0]?.tld} ${((r.stats.sites.tlds.top[0]?.share ?? 0) * 100).toFixed(1)}%, ` +
      `target < 1,000 ms: ${r.warm < 1 && r.cold < 1 ? 'met' : r.warm < 1 ? 'met when warm' : 'MISSED'}`,
  );
}

export async function runStatsBenchmark(
  options: { reports?: number; postgres?: boolean } = {},
): Promise<void> {
  const total = options.reports ?? 2_000_000;
  const month = `${FIRST_YEAR + 1}-06`;
  console.log(`stats benchmark — ${fmt(total)} reports over ${MONTHS} months — ${machine()}`);
  const dir = tempDir('stats');
  const sqlite = openDatabase({ kind: 'sqlite', file: path.join(dir, 'stats.sqlite') });
  await migrateToInitial(sqlite);
  // Bulk-load settings of this benchmark's own file: a large page cache for the random url_hash inserts.
  sqlite.sqlite!.pragma('cache_size = -1000000');
  const pgDb = options.postgres === false ? null : await createBenchPostgres();
  try {
    await seedStatic(sqlite);
    if (pgDb) await seedStatic(pgDb);
    const seedTimes = { sqlite: 0, postgres: 0 };
    const counts = { reports: 0, urls: 0, links: 0 };
    for (const { rows } of generate(total)) {
      counts.reports += rows.reports.length;
      counts.urls += rows.urls.length;
      counts.links += rows.report_urls.length;
      seedTimes.sqlite += (await timed(() => insertSqlite(sqlite, rows))).seconds;
      if (pgDb) seedTimes.postgres += (await timed(() => insertPostgres(pgDb, rows))).seconds;
    }
    console.log(
      `  seeded ${fmt(counts.reports)} reports, ${fmt(counts.urls)} URLs, ${fmt(counts.links)} report-URL links: ` +
        `SQLite ${seedTimes.sqlite.toFixed(0)} s${pgDb ? `, PostgreSQL ${seedTimes.postgres.toFixed(0)} s` : ''}`,
    );
    const sqliteMigration = await timed(() => migrateToLatest(sqlite));
    console.log(
      `  migration 0002 (indexes, backfill of the per-month tables) on SQLite: ${sqliteMigration.seconds.toFixed(0)} s`,
    );
    print('SQLite    ', await measure(sqlite, month), month);
    if (pgDb) {
      const pgMigration = await timed(() => migrateToLatest(pgDb));
      // What autovacuum does after a bulk load (planner statistics and the visibility map for index-only scans).
      const v = await timed(() =>
        sql`vacuum analyze reports, report_urls, urls, hosts, domains, stats_month_urls, stats_month_reports`.execute(
          pgDb.kysely,
        ),
      );
      console.log(
        `  migration 0002 on PostgreSQL: ${pgMigration.seconds.toFixed(0)} s; vacuum analyze after the load: ${v.seconds.toFixed(0)} s`,
      );
      print('PostgreSQL', await measure(pgDb, month), month);
    }
  } finally {
    await sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await pgDb?.drop();
  }
}

if (isMain(import.meta.url)) {
  const i = process.argv.indexOf('--reports');
  await runStatsBenchmark({
    ...(i > 0 ? { reports: Number(process.argv[i + 1]) } : {}),
    postgres: !process.argv.includes('--sqlite-only'),
  });
}
