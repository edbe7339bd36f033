import type { Kysely } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { TrustLevel } from './trust.ts';

export type SourceRecord = { id: number; name: string; kind: string; trust: TrustLevel };

export type SourceListRow = SourceRecord & {
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  reports: number;
};

/** All SQL of sources (feeds and intake channels). */
export function createSourcesRepository(db: Db) {
  const k = db.kysely;
  const select = (ex: Kysely<Database>) => ex.selectFrom('sources').select(['id', 'name', 'kind', 'trust']);
  return {
    /** The source with this name, created with `kind` if it does not exist yet (safe under concurrency). */
    async ensure(name: string, kind: string, now: number): Promise<SourceRecord> {
      await k
        .insertInto('sources')
        .values({ name, kind, config: '{}', enabled: 1, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const row = await select(k).where('name', '=', name).executeTakeFirstOrThrow();
      return { ...row, trust: row.trust as TrustLevel };
    },

    async byName(name: string, ex: Kysely<Database> = k): Promise<SourceRecord | undefined> {
      const row = await select(ex).where('name', '=', name).executeTakeFirst();
      return row ? { ...row, trust: row.trust as TrustLevel } : undefined;
    },

    async byId(id: number, ex: Kysely<Database> = k): Promise<SourceRecord | undefined> {
      const row = await select(ex).where('id', '=', id).executeTakeFirst();
      return row ? { ...row, trust: row.trust as TrustLevel } : undefined;
    },

    async trustOf(id: number): Promise<TrustLevel> {
      const row = await k.selectFrom('sources').select('trust').where('id', '=', id).executeTakeFirst();
      return (row?.trust ?? 'public') as TrustLevel;
    },

    async list(): Promise<SourceListRow[]> {
      const rows = await k
        .selectFrom('sources as s')
        .select([
          's.id',
          's.name',
          's.kind',
          's.trust',
          's.enabled',
          's.created_at',
          's.updated_at',
          (eb) =>
            eb
              .selectFrom('reports as r')
              .select((e) => e.fn.countAll<number>().as('n'))
              .whereRef('r.source_id', '=', 's.id')
              .as('reports'),
        ])
        .orderBy('s.name')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        trust: r.trust as TrustLevel,
        enabled: Number(r.enabled) === 1,
        createdAt: Number(r.created_at),
        updatedAt: Number(r.updated_at),
        reports: Number(r.reports ?? 0),
      }));
    },

    async setTrust(ex: Kysely<Database>, id: number, trust: TrustLevel, now: number): Promise<void> {
      await ex.updateTable('sources').set({ trust, updated_at: now }).where('id', '=', id).execute();
    },
  };
}

export type SourcesRepository = ReturnType<typeof createSourcesRepository>;
