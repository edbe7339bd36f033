import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import { createStatsRepository } from '../stats/stats.repository.ts';
import { createStatsService } from '../stats/stats.service.ts';
import { importJpcert, staff, urlIdsOn } from '../triage/triage.fixtures.ts';
import { analyzeUrl } from '../urls/analyze.ts';
import { createBrandRegistry, type Every } from './brand-registry.ts';
import { createBrandsRepository } from './brands.repository.ts';

const SBI_URL = 'https://sbisec.co.jp.xyz-login.cn/';
const SBI = {
  slug: 'sbi-securities',
  nameJa: 'SBI証券',
  nameEn: 'SBI Securities',
  sector: 'securities',
  officialDomains: ['sbisec.co.jp'],
  keywords: ['sbisec'],
};

/** A poller the test fires by hand: the registry's interval without sleeping. */
function manualEvery() {
  const ticks: (() => void)[] = [];
  const every: Every = (_ms, fn) => {
    ticks.push(fn);
    return () => ticks.splice(ticks.indexOf(fn), 1);
  };
  return {
    every,
    tick: () => {
      for (const fn of ticks) fn();
    },
    count: () => ticks.length,
  };
}

const brandOf = (ctx: TestContext, id: number) =>
  ctx.db.kysely
    .selectFrom('urls')
    .select(['brand_id', 'brand_confidence'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe.each(DIALECTS)('managed brand registry on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(Date.UTC(2025, 5, 10, 3, 0, 0)); // June 2025 (JST)
    app = await buildServer(ctx);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('refuses common keywords, shared platforms and taken names with a brand.* code', async () => {
    const p = staff();
    const bad = [
      [{ keywords: ['login'] }, 'brand.common_keyword'],
      [{ keywords: ['card'] }, 'brand.common_keyword'],
      [{ keywords: ['jp'] }, 'brand.common_keyword'],
      [{ keywords: ['secure+login'] }, 'brand.common_keyword'],
      [{ keywords: ['Not A Keyword!'] }, 'brand.invalid_keyword'],
      [{ officialDomains: ['google.com'] }, 'brand.shared_domain'],
      [{ officialDomains: ['acme.sharepoint.com'] }, 'brand.shared_domain'],
      [{ officialDomains: ['dropbox.com'] }, 'brand.shared_domain'],
      [{ officialDomains: ['co.jp'] }, 'brand.shared_domain'],
      // Open platforms of the triage allowlist (src/triage/open-platforms.ts) are shared platforms too.
      [{ officialDomains: ['wetransfer.com'] }, 'brand.shared_domain'],
      [{ officialDomains: ['acme.webflow.io'] }, 'brand.shared_domain'],
      [{ officialDomains: ['sbi.duckdns.org'] }, 'brand.shared_domain'],
      [{ officialDomains: ['line.me'] }, 'brand.shared_domain'],
      [{ officialDomains: ['bitly.com'] }, 'brand.shared_domain'],
      [{ officialDomains: ['rakuten.co.jp'] }, 'brand.domain_taken'],
      [{ nameEn: 'Rakuten' }, 'brand.alias_taken'],
      [{ sector: 'casino' }, 'brand.invalid'],
    ] as [Record<string, unknown>, string][];
    for (const [change, code] of bad) {
      await expect(ctx.brandsService.create(p, { ...SBI, slug: 'bad-one', ...change })).rejects.toMatchObject(
        {
          code,
        },
      );
    }
    expect(ctx.brands.bySlug('bad-one')).toBeUndefined();
  });

  it('adds SBI証券: analyze, worker and another process attribute it; re-attribution updates URLs and the month', async () => {
    // Before: a reported URL and a JPCERT/CC row labelled SBI証券 that no brand names yet.
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { kind: 'url', content: SBI_URL },
    });
    expect(res.statusCode).toBe(202);
    await ctx.queue.drain();
    await importJpcert(ctx, ['2025/06/09 10:00:00,https://sbi-sec.login-check.example.cn/,SBI証券']);
    const [reported] = await urlIdsOn(ctx, 'xyz-login.cn');
    expect((await brandOf(ctx, reported!)).brand_id).toBeNull();
    const stats = createStatsService({ repo: createStatsRepository(ctx.db), clock: ctx.clock });
    const before = await stats.computeMonth({ month: '2025-06' });
    expect(before.brands.top.find((b) => b.slug === 'sbi-securities')).toBeUndefined();
    expect(before.brands.unattributedReports).toBe(2);

    // Another process (a second machine) with its own registry, polling the version row.
    const poll = manualEvery();
    const other = await createBrandRegistry({
      repo: createBrandsRepository(ctx.db),
      now: ctx.clock.now,
      every: poll.every,
    });
    other.startPolling();
    expect(poll.count()).toBe(1);

    const { brand, reattributionId } = await ctx.brandsService.create(staff(), SBI);
    expect(brand).toMatchObject({
      slug: 'sbi-securities',
      status: 'active',
      officialDomains: ['sbisec.co.jp'],
    });
    expect(brand.aliases).toEqual(expect.arrayContaining(['SBI証券', 'SBI Securities']));
    // This process at once; the other one at its next poll.
    const a = analyzeUrl(SBI_URL);
    expect(ctx.brands.matchUrl(a)?.slug).toBe('sbi-securities');
    expect(other.matchUrl(a)).toBeNull();
    poll.tick();
    await other.refreshIfChanged(); // joins the rebuild the tick started
    expect(other.matchUrl(a)?.slug).toBe('sbi-securities');
    expect(other.version()).toBe(ctx.brands.version());
    other.stopPolling();
    expect(poll.count()).toBe(0);

    // The worker: a new report of a new URL is attributed on arrival.
    await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { kind: 'url', content: 'https://sbisec.co.jp.abc-login.cn/x' },
    });
    await ctx.queue.drain(); // also runs the re-attribution job queued with the change
    const [fresh] = await urlIdsOn(ctx, 'abc-login.cn');
    expect((await brandOf(ctx, fresh!)).brand_id).toBe(brand.id);

    const run = await ctx.brandsService.getRun(reattributionId);
    // The reported URL and the JPCERT/CC row's URL ('sbi-sec' is the keyword written with a hyphen).
    expect(run).toMatchObject({ status: 'done', urlsChanged: 2, reportsChanged: 2 });
    expect(run!.urlsScanned).toBeGreaterThanOrEqual(2);
    expect((await brandOf(ctx, reported!)).brand_id).toBe(brand.id);
    const after = await stats.computeMonth({ month: '2025-06' });
    expect(after.brands.top.find((b) => b.slug === 'sbi-securities')).toMatchObject({
      reports: 3,
      sector: 'securities',
    });
    expect(after.brands.unattributedReports).toBe(0);

    const audit = await ctx.audit.list({ entity: 'brand', entityId: brand.id });
    expect(audit.map((e) => e.action)).toEqual(['brand.create']);
  });

  it('merges keeping every alias, domain, keyword and correction; retiring never overwrites a correction', async () => {
    const p = staff();
    const sbi = ctx.brands.bySlug('sbi-securities')!;
    const { brand: dup } = await ctx.brandsService.create(p, {
      slug: 'sbi-shoken',
      nameJa: 'エスビーアイ証券',
      nameEn: 'SBI Shoken',
      sector: 'securities',
      aliases: ['SBIネオトレード'],
      officialDomains: ['sbineotrade.jp'],
      keywords: ['sbineo'],
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { kind: 'url', content: 'https://sbineo-login.example.cn/' },
    });
    await ctx.queue.drain();
    const [neo] = await urlIdsOn(ctx, 'sbineo-login.example.cn');
    expect((await brandOf(ctx, neo!)).brand_id).toBe(dup.id);
    // An analyst puts an unattributed URL on the duplicate brand.
    await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { kind: 'url', content: 'https://qq-verify.example.ru/a' },
    });
    await ctx.queue.drain();
    const [corrected] = await urlIdsOn(ctx, 'qq-verify.example.ru');
    await ctx.triage.correctBrand(p, corrected!, dup.id, 'kit of the SBI campaign');

    const merged = await ctx.brandsService.merge(p, dup.id, sbi.id, 'same company');
    expect(merged.brand.aliases).toEqual(
      expect.arrayContaining(['SBI証券', 'エスビーアイ証券', 'SBI Shoken', 'SBIネオトレード']),
    );
    expect(merged.brand.officialDomains).toEqual(['sbisec.co.jp', 'sbineotrade.jp']);
    expect(merged.brand.keywords).toEqual(['sbisec', 'sbineo']);
    expect(ctx.brands.byId(dup.id)).toMatchObject({ status: 'merged', mergedInto: sbi.id });
    expect(ctx.brands.resolveLabel('エスビーアイ証券')?.id).toBe(sbi.id);
    await ctx.queue.drain();
    expect((await brandOf(ctx, neo!)).brand_id).toBe(sbi.id);
    // The correction follows the merge; the hint it taught points at the survivor.
    expect((await brandOf(ctx, corrected!)).brand_id).toBe(sbi.id);
    expect(ctx.brands.matchUrl(analyzeUrl('https://qq-verify.example.ru/other'))?.id).toBe(sbi.id);
    await expect(ctx.brandsService.edit(p, dup.id, { nameEn: 'x' })).rejects.toMatchObject({
      code: 'brand.not_active',
    });

    // Retire a brand that holds an analyst's correction and a keyword-attributed URL.
    const { brand: temp } = await ctx.brandsService.create(p, {
      slug: 'temp-bank',
      nameJa: 'テンプ銀行',
      nameEn: 'Temp Bank',
      sector: 'bank',
      keywords: ['tempbank'],
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { kind: 'url', content: 'https://tempbank-login.example.cn/' },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { kind: 'url', content: 'https://zz-kit.example.ru/' },
    });
    await ctx.queue.drain();
    const [byKeyword] = await urlIdsOn(ctx, 'tempbank-login.example.cn');
    const [byAnalyst] = await urlIdsOn(ctx, 'zz-kit.example.ru');
    await ctx.triage.correctBrand(p, byAnalyst!, temp.id, 'seen in the mail');
    const { reattributionId } = await ctx.brandsService.retire(p, temp.id, 'not a real bank');
    await ctx.queue.drain();
    expect((await brandOf(ctx, byKeyword!)).brand_id).toBeNull();
    expect(await brandOf(ctx, byAnalyst!)).toMatchObject({ brand_id: temp.id, brand_confidence: 1 });
    expect(await ctx.brandsService.getRun(reattributionId)).toMatchObject({ status: 'done', urlsKept: 1 });
    expect(ctx.brands.list().some((b) => b.id === temp.id)).toBe(false);
    const actions = (await ctx.audit.list({ entity: 'brand' })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['brand.merge', 'brand.retire']));
  });
});
