import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { createGroupCommit } from './group-commit.ts';

describe.each(DIALECTS)('group commit on %s', (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    await sql`create table gc_test (k text primary key)`.execute(db.kysely);
  });
  afterAll(async () => db?.drop());

  it('commits concurrent writes together and answers each after its commit', async () => {
    const group = createGroupCommit(db);
    const keys = Array.from({ length: 50 }, (_, i) => `a${i}`);
    const results = await Promise.all(
      keys.map((k) =>
        group.run(async (trx) => {
          await sql`insert into gc_test (k) values (${k})`.execute(trx);
          return k.toUpperCase();
        }),
      ),
    );
    expect(results).toEqual(keys.map((k) => k.toUpperCase()));
    const rows = await sql<{ n: number }>`select count(*) as n from gc_test where k like 'a%'`.execute(
      db.kysely,
    );
    expect(Number(rows.rows[0]!.n)).toBe(50);
  });

  it('a failing write fails alone; the others in its group are stored', async () => {
    const group = createGroupCommit(db);
    const outcomes = await Promise.allSettled(
      ['b1', 'b2', 'b1', 'b3'].map((k) =>
        group.run((trx) => sql`insert into gc_test (k) values (${k})`.execute(trx)),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const rows = await sql<{ k: string }>`select k from gc_test where k like 'b%' order by k`.execute(
      db.kysely,
    );
    expect(rows.rows.map((r) => r.k)).toEqual(['b1', 'b2', 'b3']);
  });
});
