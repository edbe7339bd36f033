import type { Kysely, Selectable } from 'kysely';
import { chunks } from '../lib/chunks.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import { containsText } from './like.ts';
import type { AllowlistTable } from './triage.tables.ts';

export type AllowlistRow = Selectable<AllowlistTable>;
export type NewAllowlistEntry = Omit<AllowlistRow, 'id'>;

/** All SQL of the allowlist. */
export function createAllowlistRepository(db: Db) {
  const k = db.kysely;
  return {
    async all(): Promise<{ id: number; kind: string; value: string }[]> {
      return k.selectFrom('allowlist').select(['id', 'kind', 'value']).execute();
    },

    /** Changes whenever an entry is added or removed (compared by other processes to reload). */
    async version(): Promise<string> {
      const r = await k
        .selectFrom('allowlist')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('m')])
        .executeTakeFirstOrThrow();
      return `${Number(r.n)}:${r.m ?? 0}`;
    },

    async get(id: number): Promise<AllowlistRow | undefined> {
      return k.selectFrom('allowlist').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async find(kind: string, value: string): Promise<AllowlistRow | undefined> {
      return k
        .selectFrom('allowlist')
        .selectAll()
        .where('kind', '=', kind)
        .where('value', '=', value)
        .executeTakeFirst();
    },

    async list(q: { source?: string; search?: string; beforeId?: number; limit: number }) {
      let query = k.selectFrom('allowlist').selectAll();
      if (q.source) query = query.where('source', '=', q.source);
      if (q.search) query = query.where(containsText('value', q.search));
      if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
      return query.orderBy('id', 'desc').limit(q.limit).execute();
    },

    /** Inserts unless (kind, value) is there; returns the stored row either way. */
    async add(entry: NewAllowlistEntry, executor: Kysely<Database> = k): Promise<AllowlistRow> {
      await executor
        .insertInto('allowlist')
        .values(entry)
        .onConflict((oc) => oc.columns(['kind', 'value']).doNothing())
        .execute();
      return executor
        .selectFrom('allowlist')
        .selectAll()
        .where('kind', '=', entry.kind)
        .where('value', '=', entry.value)
        .executeTakeFirstOrThrow();
    },

    async addMany(entries: NewAllowlistEntry[]): Promise<number> {
      let added = 0;
      for (const part of chunks(entries, 500)) {
        const rows = await k
          .insertInto('allowlist')
          .values(part)
          .onConflict((oc) => oc.columns(['kind', 'value']).doNothing())
          .returning('id')
          .execute();
        added += rows.length;
      }
      return added;
    },

    async remove(id: number, executor: Kysely<Database> = k): Promise<void> {
      await executor.deleteFrom('allowlist').where('id', '=', id).execute();
    },
  };
}

export type AllowlistRepository = ReturnType<typeof createAllowlistRepository>;
