import { type RawBuilder, sql } from 'kysely';

/** LIKE pattern text with its wildcards taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `lower(column) like '%text%'` with the text's wildcards escaped, the same on both dialects (SQLite's
 * LIKE has no escape character unless told; PostgreSQL's LIKE is case-sensitive).
 */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like ${`%${escapeLike(text.toLowerCase())}%`} escape '\\'`;
}
