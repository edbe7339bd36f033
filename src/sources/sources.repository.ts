import type { Db } from '../storage/database.ts';

export type SourceRecord = { id: number; name: string; kind: string };

/** All SQL of sources (feeds and intake channels). */
export function createSourcesRepository(db: Db) {
  const k = db.kysely;
  return {
    /** The source with this name, created with `kind` if it does not exist yet (safe under concurrency). */
    async ensure(name: string, kind: string, now: number): Promise<SourceRecord> {
      await k
        .insertInto('sources')
        .values({ name, kind, config: '{}', enabled: 1, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      return k
        .selectFrom('sources')
        .select(['id', 'name', 'kind'])
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
    },
  };
}

export type SourcesRepository = ReturnType<typeof createSourcesRepository>;
