import type { Kysely } from 'kysely';
import { buildSearchIndex, type SearchProgress } from '../../triage/search.index.ts';
import type { Dialect } from '../database.ts';

/**
 * Substring search for the triage queue in milliseconds (src/triage/search.index.ts): FTS5 trigram tables
 * on SQLite, filled here for existing URLs and report texts in committed batches with progress (an
 * interrupted run resumes); pg_trgm GIN indexes on PostgreSQL. Never edit once landed.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect, progress?: SearchProgress): Promise<void> {
  await buildSearchIndex(db, dialect, progress);
}
