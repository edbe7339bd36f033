import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/** alerts, subscribers, webhooks, awareness pages (src/alerts, src/notify, src/awareness). Never edit once landed: add a new migration instead. */
export async function up(_db: Kysely<unknown>, _dialect: Dialect): Promise<void> {}
