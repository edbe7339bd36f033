import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/** accounts, sessions, API keys, audit log (src/accounts, src/audit). Never edit once landed: add a new migration instead. */
export async function up(_db: Kysely<unknown>, _dialect: Dialect): Promise<void> {}
