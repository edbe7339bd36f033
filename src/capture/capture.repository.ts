import type { Db } from '../storage/database.ts';
import type { CapturesTable } from '../takedowns/takedowns.tables.ts';

export type CaptureRow = Omit<CapturesTable, 'id'> & { id: number };

export function createCaptureRepository(db: Db) {
  const k = db.kysely;
  return {
    async insert(row: Omit<CapturesTable, 'id'>): Promise<CaptureRow> {
      return (await k
        .insertInto('captures')
        .values(row)
        .returningAll()
        .executeTakeFirstOrThrow()) as CaptureRow;
    },
    async get(id: number): Promise<CaptureRow | undefined> {
      return (await k.selectFrom('captures').selectAll().where('id', '=', id).executeTakeFirst()) as
        | CaptureRow
        | undefined;
    },
    /** Every capture of these URLs, newest first (the page facts triage rules read). */
    async ofUrls(urlIds: readonly number[]): Promise<CaptureRow[]> {
      if (urlIds.length === 0) return [];
      return (await k
        .selectFrom('captures')
        .selectAll()
        .where('url_id', 'in', [...urlIds])
        .orderBy('captured_at', 'desc')
        .orderBy('id', 'desc')
        .execute()) as CaptureRow[];
    },
    async ofUrl(urlId: number, limit = 50): Promise<CaptureRow[]> {
      return (await k
        .selectFrom('captures')
        .selectAll()
        .where('url_id', '=', urlId)
        .orderBy('captured_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()) as CaptureRow[];
    },
  };
}

export type CaptureRepository = ReturnType<typeof createCaptureRepository>;
