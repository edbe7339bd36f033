import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/** URL verdicts, allowlist, brand corrections, campaigns (src/triage, src/campaigns). Never edit once landed: add a new migration instead. */
export async function up(_db: Kysely<unknown>, _dialect: Dialect): Promise<void> {}
