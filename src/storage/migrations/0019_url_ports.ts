import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * The explicit port a URL was reported with (src/urls): the Safe Browsing canonical form, and so the
 * hash, has no port, but a site on :8443 must be checked, captured and taken down on :8443. Null means
 * the scheme's default port. Never edit once landed: add a new migration instead.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('urls').addColumn('port', 'integer').execute();
}
