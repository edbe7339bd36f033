/**
 * Import benchmark: the full JPCERT/CC set end to end (parse + canonicalise + attribute + de-duplicate +
 * store) next to a bare better-sqlite3 batched insert of the same rows, in the same run.
 * `--postgres` adds the same on PostgreSQL (TEST_DATABASE_URL) next to a bare multi-row pg insert.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { createImportService } from '../src/feeds/import.service.ts';
import { readJpcertCsv } from '../src/feeds/jpcert.ts';
import type { IngestBatch } from '../src/reports/ingest.repository.ts';
import { openSqliteHandle } from '../src/storage/database.ts';
import SQLite from '../src/storage/sqlite-driver.ts';
import { createTestDb } from '../test/databases.ts';
import { fmt, isMain, jpcertFiles, machine, tempDir, timed } from './lib.ts';

const files = jpcertFiles();
const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
const rows = texts.flatMap((t) =>
  (parse(t, { from_line: 2 }) as string[][]).map((r) => [r[0]!, r[1]!, r[2]!] as const),
);

/** The JPCERT/CC rows as the CLI reads them, file after file; each call starts a fresh pass. */
async function* entries() {
  for (const text of texts) yield* readJpcertCsv(Readable.from([text]), 'jpcert');
}

function bareSqlite(): number {
  const dir = tempDir('bare');
  const db = new SQLite(path.join(dir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'create table rows (id integer primary key, date text not null, url text not null, description text not null)',
  );
  const insert = db.prepare('insert into rows (date, url, description) values (?, ?, ?)');
  const batch = db.transaction((part: (typeof rows)[number][]) => {
    for (const r of part) insert.run(r[0], r[1], r[2]);
  });
  const start = performance.now();
  for (let i = 0; i < rows.length; i += 1000) batch(rows.slice(i, i + 1000));
  const seconds = (performance.now() - start) / 1000;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return seconds;
}

async function endToEnd(databaseUrl: string, db?: Awaited<ReturnType<typeof createTestDb>>) {
  const config = loadConfig({ DATABASE_URL: databaseUrl, SMTP_ENABLED: 'false' });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }), ...(db ? { db } : {}) });
  const first = await timed(() => ctx.imports.importEntries({ name: 'jpcert', kind: 'jpcert' }, entries()));
  const second = await timed(() => ctx.imports.importEntries({ name: 'jpcert', kind: 'jpcert' }, entries()));
  await ctx.close();
  return { first, second };
}

/**
 * The import's own work with nothing stored: the same import service reading, canonicalising and
 * attributing every row, its batches handed to a writer that drops them. What one thread spends before
 * storage; an end-to-end import cannot be faster than this plus its share of the storage ceiling.
 */
async function analysisOnly(): Promise<number> {
  const dir = tempDir('analysis');
  const config = loadConfig({ DATABASE_URL: `sqlite:${path.join(dir, 'p.sqlite')}`, SMTP_ENABLED: 'false' });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
  const drop = async (batch: IngestBatch) => ({
    inserted: batch.reports.length,
    known: 0,
    newUrls: 0,
    reportIds: [],
  });
  const imports = createImportService({
    ingest: {
      ...ctx.repos.ingest,
      ingest: drop,
      openBatchWriter: () => ({ ingest: drop, close: async () => {} }),
    },
    sources: ctx.repos.sources,
    brands: ctx.brands,
    clock: ctx.clock,
    fieldLimits: ctx.config.fieldLimits,
    allowlist: { matches: ctx.allowlist.matches, ensureFresh: () => ctx.allowlist.ensureFresh() },
  });
  const run = await timed(() => imports.importEntries({ name: 'jpcert', kind: 'jpcert' }, entries()));
  await ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return run.seconds;
}

/**
 * The same stored rows copied by SQLite itself (INSERT … SELECT from the imported file, one transaction)
 * into a fresh phishdesk schema with all its indexes and triggers: what storing these rows costs with no
 * parsing, analysis or per-row statements at all, so the ceiling of any importer of this schema here.
 * `keysOnly` first drops every trigger and every index that is not a primary or unique key: the ceiling of
 * an importer that stores the rows and de-duplicates them but maintains none of the derived data (monthly
 * statistics, triage queue indexes). Foreign keys stay on in both, so SQLite inserts row by row instead
 * of copying pages.
 */
async function storageCeiling(importedFile: string, keysOnly: boolean): Promise<number> {
  const dir = tempDir('ceiling');
  const file = path.join(dir, 'empty.sqlite');
  const config = loadConfig({ DATABASE_URL: `sqlite:${file}`, SMTP_ENABLED: 'false' });
  await (await createContext(config, { log: pino({ level: 'silent' }) })).close();
  const db = openSqliteHandle(file);
  const tables = ['reports', 'domains', 'hosts', 'urls', 'report_urls'];
  if (keysOnly) {
    const derived = db
      .prepare(
        `select type, name from sqlite_master where type in ('trigger', 'index') and sql is not null
           and tbl_name in (${tables.map(() => '?').join(', ')})`,
      )
      .all(...tables) as { type: string; name: string }[];
    for (const d of derived) db.exec(`drop ${d.type} "${d.name}"`);
  }
  db.prepare('attach ? as imported').run(importedFile);
  const start = performance.now();
  db.transaction(() => {
    db.exec('delete from main.brands where id not in (select id from imported.brands)');
    db.exec('insert or ignore into main.brands select * from imported.brands');
    db.exec('insert or ignore into main.sources select * from imported.sources');
    for (const table of tables) db.exec(`insert into main.${table} select * from imported.${table}`);
  })();
  const seconds = (performance.now() - start) / 1000;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return seconds;
}

async function barePostgres(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    'create temporary table bench_rows (id bigserial primary key, date text, url text, description text)',
  );
  const start = performance.now();
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    const values = part.map((_, j) => `($${j * 3 + 1}, $${j * 3 + 2}, $${j * 3 + 3})`).join(',');
    await client.query('begin');
    await client.query(`insert into bench_rows (date, url, description) values ${values}`, part.flat());
    await client.query('commit');
  }
  const seconds = (performance.now() - start) / 1000;
  await client.end();
  return seconds;
}

export async function runImportBenchmark(options: { postgres: boolean }): Promise<void> {
  console.log(
    `import benchmark — ${fmt(rows.length)} JPCERT/CC rows from ${files.length} files — ${machine()}`,
  );
  const bare = bareSqlite();
  console.log(
    `  baseline  bare better-sqlite3 batched insert: ${fmt(rows.length / bare)} rows/s (${bare.toFixed(2)} s)`,
  );
  const dir = tempDir('import');
  const sqlite = await endToEnd(`sqlite:${path.join(dir, 'phishdesk.sqlite')}`);
  const s = sqlite.first;
  console.log(
    `  phishdesk import on SQLite (first run):   ${fmt(rows.length / s.seconds)} rows/s (${s.seconds.toFixed(2)} s) — ` +
      `${(rows.length / s.seconds / (rows.length / bare)).toFixed(2)}× the bare insert; ` +
      `new ${fmt(s.value.inserted)}, URLs ${fmt(s.value.newUrls)}, invalid ${s.value.invalidUrls}, rejected ${s.value.rejected.length}`,
  );
  console.log(
    `  phishdesk import on SQLite (re-run):      ${fmt(rows.length / sqlite.second.seconds)} rows/s, new ${sqlite.second.value.inserted}`,
  );
  const ceiling = await storageCeiling(path.join(dir, 'phishdesk.sqlite'), false);
  console.log(
    `  ceiling   SQLite copying the stored rows into an empty schema: ${fmt(rows.length / ceiling)} rows/s (${ceiling.toFixed(2)} s)`,
  );
  const keys = await storageCeiling(path.join(dir, 'phishdesk.sqlite'), true);
  console.log(
    `  ceiling   the same, keys only (no triggers, no secondary indexes): ${fmt(rows.length / keys)} rows/s (${keys.toFixed(2)} s)`,
  );
  const analysis = await analysisOnly();
  console.log(
    `  ceiling   reading, canonicalising and attributing only, nothing stored (one thread): ${fmt(rows.length / analysis)} rows/s (${analysis.toFixed(2)} s)`,
  );
  fs.rmSync(dir, { recursive: true, force: true });

  if (options.postgres) {
    const testDb = await createTestDb('postgres');
    const barePg = await barePostgres(testDb.url);
    console.log(
      `  baseline  bare pg multi-row insert:          ${fmt(rows.length / barePg)} rows/s (${barePg.toFixed(2)} s)`,
    );
    const pgRun = await endToEnd(testDb.url, testDb);
    console.log(
      `  phishdesk import on PostgreSQL (first run): ${fmt(rows.length / pgRun.first.seconds)} rows/s (${pgRun.first.seconds.toFixed(2)} s) — ` +
        `${(barePg / pgRun.first.seconds).toFixed(2)}× the bare insert; re-run new ${pgRun.second.value.inserted}`,
    );
    await testDb.drop();
  }
}

if (isMain(import.meta.url)) {
  await runImportBenchmark({ postgres: process.argv.includes('--postgres') });
}
