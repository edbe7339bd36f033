import type SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../storage/database.ts';

/**
 * The substring-search index of the triage queue (`q`): canonical URLs (the host is part of the canonical
 * URL) and the subject, sender and text of reports.
 *
 * - SQLite: two FTS5 tables with the trigram tokenizer, contentless with deletes (`content=''`,
 *   `contentless_delete=1`): `url_search` (rowid = urls.id, the canonical URL) and `report_search`
 *   (rowid = report_texts.report_id: subject, sender, body). They are NOT kept by triggers: the code that
 *   writes urls or report_texts writes the index row in the same transaction —
 *   `reports/ingest.sqlite.ts` (every new URL, the import writer thread included) and
 *   `triage.repository.ts` `saveText` (report texts, replaced on update). A writer that inserts such
 *   rows by other means must call `sqliteSearchWriter` (or `buildSearchIndex` afterwards).
 * - PostgreSQL: GIN `gin_trgm_ops` indexes (pg_trgm) on urls.canonical and report_texts(subject, sender,
 *   body): indexes on the columns themselves, so every write keeps them current.
 *
 * Migration 0012 creates both and fills the SQLite tables for existing rows (`buildSearchIndex`).
 */
export type SearchProgress = (p: { step: string; done: number; total: number }) => void;

export const SQLITE_SEARCH_TABLES = [
  `create virtual table if not exists url_search using fts5(
     text, content='', contentless_delete=1, tokenize='trigram')`,
  `create virtual table if not exists report_search using fts5(
     subject, sender, body, content='', contentless_delete=1, tokenize='trigram')`,
];

/** The SQLite index rows, written by whoever writes urls and report_texts, inside their transaction. */
export function sqliteSearchWriter(handle: SQLite.Database) {
  const insertUrl = handle.prepare('insert into url_search (rowid, text) values (?, ?)');
  const deleteUrl = handle.prepare('delete from url_search where rowid = ?');
  const insertText = handle.prepare(
    'insert into report_search (rowid, subject, sender, body) values (?, ?, ?, ?)',
  );
  const deleteText = handle.prepare('delete from report_search where rowid = ?');
  return {
    url(id: number, canonical: string): void {
      insertUrl.run(id, canonical);
    },
    removeUrl(id: number): void {
      deleteUrl.run(id);
    },
    /** Replaces a report's indexed texts (insert or update of its report_texts row). */
    reportText(id: number, t: { subject: string | null; sender: string | null; body: string | null }): void {
      deleteText.run(id);
      insertText.run(id, t.subject, t.sender, t.body);
    },
    removeReportText(id: number): void {
      deleteText.run(id);
    },
  };
}

const BATCH = 20_000;

/**
 * Creates the index for existing data. SQLite: fills url_search and report_search in batches of 20,000
 * rows by id, each committed, reporting progress; resumable (a second run continues after the highest
 * indexed id). PostgreSQL: installs pg_trgm (in `public` when it is not installed yet, so the extension
 * outlives any one schema) and builds the GIN indexes, reporting each as a step.
 */
export async function buildSearchIndex(
  db: Kysely<unknown>,
  dialect: Dialect,
  progress: SearchProgress = () => {},
): Promise<void> {
  if (dialect === 'postgres') return buildPostgres(db, progress);
  for (const ddl of SQLITE_SEARCH_TABLES) await sql.raw(ddl).execute(db);
  await fill(db, progress, 'url_search', 'urls', 'id', 'id, canonical', '(rowid, text)');
  await fill(
    db,
    progress,
    'report_search',
    'report_texts',
    'report_id',
    'report_id, subject, sender, body',
    '(rowid, subject, sender, body)',
  );
}

async function fill(
  db: Kysely<unknown>,
  progress: SearchProgress,
  index: string,
  table: string,
  key: string,
  columns: string,
  target: string,
): Promise<void> {
  const count = async (q: string) =>
    Number((await sql<{ n: number }>`${sql.raw(q)}`.execute(db)).rows[0]?.n ?? 0);
  const total = await count(`select count(*) as n from ${table}`);
  let after = await count(`select coalesce(max(rowid), 0) as n from ${index}`);
  let done = await count(`select count(*) as n from ${table} where ${key} <= ${after}`);
  progress({ step: index, done, total });
  for (;;) {
    const last = await count(
      `select coalesce(max(${key}), 0) as n from (select ${key} from ${table} where ${key} > ${after} order by ${key} limit ${BATCH}) b`,
    );
    if (last === 0) break;
    const r = await sql`${sql.raw(`insert into ${index} ${target} select ${columns} from ${table}
      where ${key} > ${after} and ${key} <= ${last}`)}`.execute(db);
    done += Number(r.numAffectedRows ?? 0);
    after = last;
    progress({ step: index, done, total });
  }
}

async function buildPostgres(db: Kysely<unknown>, progress: SearchProgress): Promise<void> {
  const schema = await trigramSchema(db);
  const ops = sql.raw(`${schema}.gin_trgm_ops`);
  const urls = Number((await sql<{ n: number }>`select count(*) as n from urls`.execute(db)).rows[0]?.n);
  progress({ step: 'urls_canonical_trgm', done: 0, total: urls });
  await sql`create index if not exists urls_canonical_trgm on urls using gin (canonical ${ops})`.execute(db);
  progress({ step: 'urls_canonical_trgm', done: urls, total: urls });
  const texts = Number(
    (await sql<{ n: number }>`select count(*) as n from report_texts`.execute(db)).rows[0]?.n,
  );
  progress({ step: 'report_texts_trgm', done: 0, total: texts });
  await sql`create index if not exists report_texts_trgm on report_texts
    using gin (subject ${ops}, sender ${ops}, body ${ops})`.execute(db);
  progress({ step: 'report_texts_trgm', done: texts, total: texts });
}

/** The schema pg_trgm lives in, installing it in `public` first if the database has none. */
async function trigramSchema(db: Kysely<unknown>): Promise<string> {
  const find = async () =>
    (
      await sql<{ s: string }>`select n.nspname as s from pg_extension e
        join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db)
    ).rows[0]?.s;
  const found = await find();
  if (found) return quoteIdent(found);
  await sql`savepoint pg_trgm_install`.execute(db);
  try {
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
  } catch (error) {
    // Two installations migrating at once: the other one created it (unique violation); use theirs.
    if ((error as { code?: string }).code !== '23505') throw error;
    await sql`rollback to savepoint pg_trgm_install`.execute(db);
  }
  const created = await find();
  if (!created) throw new Error('pg_trgm could not be installed');
  return quoteIdent(created);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
