import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/** fetch checks, captures, RDAP cache, takedown cases (src/fetch, src/liveness, src/capture, src/takedowns). Never edit once landed: add a new migration instead. */
export async function up(_db: Kysely<unknown>, _dialect: Dialect): Promise<void> {}
