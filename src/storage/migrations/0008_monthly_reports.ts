import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/** published monthly reports and analyst summaries (src/monthly). Never edit once landed: add a new migration instead. */
export async function up(_db: Kysely<unknown>, _dialect: Dialect): Promise<void> {}
