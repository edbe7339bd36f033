import type { Db } from '../storage/database.ts';

export function createVictimRepository(db: Db) {
  const k = db.kysely;
  return {
    async insert(row: {
      id: string;
      created_at: number;
      lang: string;
      prefecture: string;
      kind: string;
      data: string;
      consent_police: number;
      consent_brand: number;
      report_id: string | null;
    }): Promise<void> {
      await k.insertInto('victim_packages').values(row).execute();
    },
    async deleteCreatedBefore(ms: number): Promise<number> {
      const r = await k.deleteFrom('victim_packages').where('created_at', '<', ms).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async get(id: string) {
      return k.selectFrom('victim_packages').selectAll().where('id', '=', id).executeTakeFirst();
    },
  };
}

export type VictimRepository = ReturnType<typeof createVictimRepository>;
