import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import type { FeedEntry } from './feed-item.ts';

/**
 * Three and a half batches of rows (5,000 a batch). Every tenth row repeats the URL of a row nine before
 * it, so 15,750 distinct URLs on 3,600 hosts of 630 domains (residues ending in 9 never occur).
 */
const ROWS = 17_500;
function* rows(label = 'Amazon'): Generator<FeedEntry> {
  for (let i = 0; i < ROWS; i++) {
    const n = i % 10 === 9 ? i - 9 : i;
    yield {
      item: {
        externalId: `row-${i}`,
        url: `http://login-${n % 4000}.example-${(n % 4000) % 700}.test/p/${n}`,
        reportedAt: Date.UTC(2026, 0, 1) + i * 60_000,
        brandLabel: i === 12_345 ? label : 'Amazon',
        threat: 'phishing',
        raw: { i },
      },
    };
  }
}

async function counts(ctx: TestContext) {
  const one = async (table: 'reports' | 'urls' | 'report_urls' | 'hosts' | 'domains') =>
    Number(
      (
        await ctx.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const reportCounts = await ctx.db.kysely
    .selectFrom('urls')
    .select((eb) => eb.fn.sum<number>('report_count').as('n'))
    .executeTakeFirstOrThrow();
  return {
    reports: await one('reports'),
    urls: await one('urls'),
    links: await one('report_urls'),
    hosts: await one('hosts'),
    domains: await one('domains'),
    reportCounts: Number(reportCounts.n ?? 0),
  };
}

// A database-level failure on one row of the third batch, as a disk-full or constraint error would be.
const FAIL_TRIGGER = {
  sqlite: [
    `create trigger fail_boom before insert on reports when new.brand_label = 'boom'
     begin select raise(abort, 'boom row refused'); end`,
  ],
  postgres: [
    `create function fail_boom() returns trigger language plpgsql as $$
     begin if new.brand_label = 'boom' then raise exception 'boom row refused'; end if; return new; end $$`,
    'create trigger fail_boom before insert on reports for each row execute function fail_boom()',
  ],
};

describe.each(DIALECTS)('feed import in batches on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(dialect);
  });
  afterEach(async () => ctx?.close());

  it('writes every batch once, in order, with URLs de-duplicated across batches; a re-run adds nothing', async () => {
    const progress: number[] = [];
    const first = await ctx.imports.importEntries({ name: 'bulk', kind: 'jpcert' }, rows(), (s) =>
      progress.push(s.inserted),
    );
    expect(first).toMatchObject({ rows: ROWS, inserted: ROWS, known: 0, newUrls: 15_750, invalidUrls: 0 });
    // Progress is reported after each batch is committed, never ahead of it.
    expect(progress).toEqual([5_000, 10_000, 15_000, 17_500]);
    expect(await counts(ctx)).toEqual({
      reports: ROWS,
      urls: 15_750,
      links: ROWS,
      hosts: 3_600,
      domains: 630,
      reportCounts: ROWS,
    });
    const again = await ctx.imports.importEntries({ name: 'bulk', kind: 'jpcert' }, rows());
    expect(again).toMatchObject({ inserted: 0, known: ROWS, newUrls: 0 });
    expect((await counts(ctx)).reports).toBe(ROWS);
  });

  it('a batch the database refuses fails the import, keeps the batches before it and nothing of its own', async () => {
    for (const statement of FAIL_TRIGGER[dialect]) await sql.raw(statement).execute(ctx.db.kysely);
    await expect(ctx.imports.importEntries({ name: 'bulk', kind: 'jpcert' }, rows('boom'))).rejects.toThrow(
      /boom row refused/,
    );
    // Row 12,345 is in the third batch: the first two are stored whole, the third not at all.
    const after = await counts(ctx);
    expect(after.reports).toBe(10_000);
    expect(after.links).toBe(10_000);
    expect(after.reportCounts).toBe(10_000);

    await sql
      .raw(`drop trigger fail_boom${dialect === 'postgres' ? ' on reports' : ''}`)
      .execute(ctx.db.kysely);
    const resumed = await ctx.imports.importEntries({ name: 'bulk', kind: 'jpcert' }, rows('boom'));
    expect(resumed).toMatchObject({ inserted: ROWS - 10_000, known: 10_000 });
    expect(await counts(ctx)).toMatchObject({ reports: ROWS, links: ROWS, reportCounts: ROWS, urls: 15_750 });
  });

  it('public reports keep being accepted and analysed while a bulk import writes', async () => {
    const importing = ctx.imports.importEntries({ name: 'bulk', kind: 'jpcert' }, rows());
    const submitted: string[] = [];
    // Interleave with the import's batches: each submit is its own committed transaction.
    for (let i = 0; i < 20; i++) {
      const receipt = await ctx.intake.submit(
        {
          kind: 'url',
          content: `https://intake-${i}.example.org/login`,
          consent: { police: false, brand: false },
        },
        [],
        'api',
      );
      submitted.push(receipt.id);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await ctx.queue.drain();
    expect(await importing).toMatchObject({ inserted: ROWS });
    const processed = await ctx.db.kysely
      .selectFrom('reports')
      .select('status')
      .where('external_id', 'in', submitted)
      .execute();
    expect(processed.map((r) => r.status)).toEqual(submitted.map(() => 'processed'));
    expect(await counts(ctx)).toMatchObject({ reports: ROWS + 20, links: ROWS + 20 });
  });
});
