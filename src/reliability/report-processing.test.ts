import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';

for (const dialect of DIALECTS) {
  describe(`report_processing records each analysis (${dialect})`, () => {
    let ctx: TestContext;
    afterEach(async () => {
      await ctx?.close();
    });

    it('one row with runs = 1 per processed report; a repeated job changes nothing; a re-analysis counts', async () => {
      ctx = await createTestContext(dialect);
      for (let i = 0; i < 3; i++) {
        await ctx.intake.submit(
          {
            kind: 'url',
            content: `https://p${i}.example.com/login`,
            consent: { police: false, brand: false },
          },
          [],
          'api',
        );
      }
      const ids = (await ctx.db.kysely.selectFrom('reports').select('id').orderBy('id').execute()).map(
        (r) => r.id,
      );
      expect(await ctx.db.kysely.selectFrom('report_processing').selectAll().execute()).toEqual([]);
      await ctx.queue.drain();
      const rows = await ctx.db.kysely
        .selectFrom('report_processing')
        .selectAll()
        .orderBy('report_id')
        .execute();
      expect(rows.map((r) => [r.report_id, r.runs])).toEqual(ids.map((id) => [id, 1]));
      expect(rows.every((r) => r.processed_at > 0)).toBe(true);

      // The same job delivered again (a retry after a crash): the report is no longer 'received'.
      expect(await ctx.processReport(ids[0]!)).toBeNull();
      // An explicit re-analysis is a second run.
      await ctx.db.kysely
        .updateTable('reports')
        .set({ status: 'received' })
        .where('id', '=', ids[1]!)
        .execute();
      await ctx.processReport(ids[1]!);
      const runs = await ctx.db.kysely
        .selectFrom('report_processing')
        .select(['report_id', 'runs'])
        .orderBy('report_id')
        .execute();
      expect(runs.map((r) => r.runs)).toEqual([1, 2, 1]);
    });
  });
}
