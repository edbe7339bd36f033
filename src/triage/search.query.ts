import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import { escapeLike } from './like.ts';
import { reportVisible } from './visibility.ts';

/** Shorter patterns have no trigram: they are matched by a bounded scan instead (see `planSearch`). */
export const SEARCH_MIN_CHARS = 3;
/** Matches per side (URLs, report texts) up to which the queue is read from the index's ids. */
export const SEARCH_CANDIDATES = 5_000;
/** URLs a short pattern's page looks at, newest first from the cursor (see `resumeAt`). */
export const SHORT_SEARCH_WINDOW = 20_000;

/**
 * How the queue finds the URLs whose canonical URL or visible linked report texts contain `text`:
 * - `ids`: the trigram index (search.index.ts) named at most SEARCH_CANDIDATES URLs and as many linked
 *   to matching report texts; the queue reads those by id, then filters, orders and pages them.
 * - `scan`: the pattern is common (more candidates than that), so the newest-first queue meets matches
 *   at once: it is read in order with the substring test (`matchesText`) as a filter.
 * - `window`: fewer than 3 characters (no trigram): the same scan, bounded to SHORT_SEARCH_WINDOW URLs
 *   after the cursor; a page may then hold fewer rows than asked with a cursor to go on (`resumeAt`).
 * Every plan gives the same rows; only the work differs.
 */
export type SearchPlan = { kind: 'ids'; ids: number[] } | { kind: 'scan' } | { kind: 'window' };

export async function planSearch(
  k: Kysely<Database>,
  dialect: Dialect,
  text: string,
  tlps: readonly string[] | null,
): Promise<SearchPlan> {
  if ([...text].length < SEARCH_MIN_CHARS) return { kind: 'window' };
  const visible = (e: RawBuilder<boolean>) =>
    tlps === null ? e : sql<boolean>`${e} and ${reportVisible('sr', tlps)}`;
  const limit = SEARCH_CANDIDATES + 1;
  let urls: { id: number }[];
  let linked: { id: number }[];
  if (dialect === 'sqlite') {
    const phrase = `"${text.replace(/"/g, '""')}"`;
    urls = (
      await sql<{ id: number }>`select rowid as id from url_search where url_search match ${phrase}
        limit ${limit}`.execute(k)
    ).rows;
    linked = (
      await sql<{ id: number }>`select ru.url_id as id from report_search rs
        join report_texts t on t.report_id = rs.rowid
        join report_urls ru on ru.report_id = rs.rowid join reports sr on sr.id = rs.rowid
        where ${visible(sql`report_search match ${phrase}`)} limit ${limit}`.execute(k)
    ).rows;
  } else {
    const p = `%${escapeLike(text)}%`;
    urls = (
      await sql<{ id: number }>`select id from urls where canonical ilike ${p} limit ${limit}`.execute(k)
    ).rows;
    linked = (
      await sql<{ id: number }>`select ru.url_id as id from report_texts t
        join report_urls ru on ru.report_id = t.report_id join reports sr on sr.id = t.report_id
        where ${visible(sql`(t.subject ilike ${p} or t.sender ilike ${p} or t.body ilike ${p})`)}
        limit ${limit}`.execute(k)
    ).rows;
  }
  if (urls.length > SEARCH_CANDIDATES || linked.length > SEARCH_CANDIDATES) return { kind: 'scan' };
  const ids = new Set<number>();
  for (const r of urls) ids.add(Number(r.id));
  for (const r of linked) ids.add(Number(r.id));
  return { kind: 'ids', ids: [...ids] };
}

/** `u.id` is one of these (a JSON array on SQLite, an array parameter on PostgreSQL: one bind each). */
export function idIn(dialect: Dialect, ids: number[]): RawBuilder<boolean> {
  return dialect === 'sqlite'
    ? sql<boolean>`u.id in (select value from json_each(${JSON.stringify(ids)}))`
    : sql<boolean>`u.id = any(${`{${ids.join(',')}}`}::bigint[])`;
}
