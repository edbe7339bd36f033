import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/** import checkpoints and anything the reliability work needs (src/reliability). Never edit once landed: add a new migration instead. */
export async function up(_db: Kysely<unknown>, _dialect: Dialect): Promise<void> {}
