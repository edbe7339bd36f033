import type { Db } from '../storage/database.ts';
import type { EvidenceBundlesTable } from './evidence.tables.ts';

export type BundleRow = Omit<EvidenceBundlesTable, 'id'> & { id: number };

export function createBundlesRepository(db: Db) {
  const k = db.kysely;
  return {
    async insert(row: Omit<EvidenceBundlesTable, 'id'>): Promise<BundleRow> {
      return (await k
        .insertInto('evidence_bundles')
        .values(row)
        .returningAll()
        .executeTakeFirstOrThrow()) as BundleRow;
    },
    async byToken(token: string): Promise<BundleRow | undefined> {
      return (await k
        .selectFrom('evidence_bundles')
        .selectAll()
        .where('token', '=', token)
        .executeTakeFirst()) as BundleRow | undefined;
    },
    async ofCase(caseId: number): Promise<BundleRow[]> {
      return (await k
        .selectFrom('evidence_bundles')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('id')
        .execute()) as BundleRow[];
    },
  };
}

export type BundlesRepository = ReturnType<typeof createBundlesRepository>;
