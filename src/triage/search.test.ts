import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { importJpcert, jpcertRows, rawEmail, staff, urlIdsOn } from './triage.fixtures.ts';
import { createTriageRepository } from './triage.repository.ts';

describe.each(DIALECTS)('triage search index on %s', (dialect) => {
  let ctx: TestContext;
  const analyst = staff();
  const hosts = async (q: string, extra: Record<string, unknown> = {}) =>
    (await ctx.triage.listUrls(analyst, { limit: 200, q, ...extra })).items.map((u) => u.host);

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    await importJpcert(ctx, jpcertRows());
    await ctx.intake.submit(
      {
        kind: 'sms',
        content: '佐川急便お荷物のお届け https://sagawa-notice.smish.example/track',
        sender: '+81 80 1234 5678',
        consent: { police: false, brand: false },
      },
      [],
      'api',
    );
    await ctx.intake.submit(
      {
        kind: 'email',
        content: rawEmail({
          from: 'info@mail.example',
          subject: '【重要】三井住友カードご利用確認',
          url: 'https://smbc-verify.mail.example/login',
        }),
        consent: { police: false, brand: false },
      },
      [],
      'api',
    );
    await ctx.queue.drain();
  }, 60_000);
  afterAll(async () => {
    await ctx?.close();
  });

  it('finds URL substrings, hosts, Japanese subjects and SMS texts through the index', async () => {
    const grey = await urlIdsOn(ctx, 'greywillowhome.com');
    expect((await hosts('REYWILLOWHOM')).length).toBe(grey.length);
    expect(await hosts('smbc-verify.mail')).toEqual(['smbc-verify.mail.example']);
    expect(await hosts('住友カードご利用')).toEqual(['smbc-verify.mail.example']);
    expect(await hosts('お荷物のお届')).toEqual(['sagawa-notice.smish.example']);
    expect(await hosts('1234 56')).toEqual(['sagawa-notice.smish.example']);
    expect(await hosts('"no such thing"')).toEqual([]);
    // Shorter than a trigram: the bounded scan finds the same.
    expect(await hosts('佐川')).toEqual(['sagawa-notice.smish.example']);
  });

  it('composes with filters and the cursor', async () => {
    const all = (await ctx.triage.listUrls(analyst, { limit: 200, q: 'raku' })).items;
    expect(all.length).toBeGreaterThan(4);
    const rakuten = ctx.brands.bySlug('rakuten')!.id;
    const branded = await hosts('raku', { brand: rakuten, status: ['new'], tld: 'net' });
    expect(branded.length).toBeGreaterThan(0);
    const seen: number[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await ctx.triage.listUrls(analyst, { limit: 2, q: 'raku', ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((u) => u.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.map((u) => u.id));
  });

  it('keeps the index current when a report text is replaced', async () => {
    const repo = createTriageRepository(ctx.db);
    const report = await ctx.db.kysely
      .selectFrom('reports')
      .select('id')
      .where('kind', '=', 'sms')
      .executeTakeFirstOrThrow();
    await repo.saveText(report.id, { subject: null, sender: null, body: 'ゆうちょ銀行の認証' });
    expect(await hosts('お荷物のお届')).toEqual([]);
    expect(await hosts('ゆうちょ銀行')).toEqual(['sagawa-notice.smish.example']);
    if (dialect === 'sqlite') {
      const check = async (t: string) =>
        sql.raw(`insert into ${t} (${t}) values ('integrity-check')`).execute(ctx.db.kysely);
      await check('url_search');
      await check('report_search');
      expect(ctx.db.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
    }
  });
});
