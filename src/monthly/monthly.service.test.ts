import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { createMonthlyModule } from './monthly.module.ts';
import { importRows, principal } from './testing.ts';

const analyst = principal('analyst', 7);
const brandUser = principal('brand', 8, [1]);

describe.each(DIALECTS)('monthly report workflow (%s)', (dialect) => {
  let ctx: TestContext;
  let m: ReturnType<typeof createMonthlyModule>;
  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    m = createMonthlyModule(ctx);
    await importRows(ctx, [
      ['2026/03/15 10:00:00', 'https://amaz0n.evil-a.test/login', 'Amazon'],
      ['2026/04/01 00:10:00', 'https://a.evil-b.test/signin', 'Amazon'],
      ['2026/04/02 12:00:00', 'https://b.evil-b.test/signin', 'Amazon'],
      ['2026/04/30 23:50:00', 'https://smbc-card.evil-c.xyz/', '三井住友カード'],
      // Same URL again in April: one more report, no new unique URL.
      ['2026/04/20 09:00:00', 'https://a.evil-b.test/signin', 'Amazon'],
    ]);
  }, 60_000);
  afterAll(async () => ctx?.close());

  it('refuses anonymous and brand users every change', async () => {
    await expect(m.monthly.saveDraft(null, '2026-04', { summaryJa: 'x' })).rejects.toMatchObject({
      code: 'auth.required',
    });
    await expect(m.monthly.saveDraft(brandUser, '2026-04', { summaryJa: 'x' })).rejects.toMatchObject({
      code: 'auth.forbidden',
    });
    await expect(m.monthly.publish(principal('partner'), '2026-04')).rejects.toMatchObject({
      code: 'auth.forbidden',
    });
    await expect(m.monthly.view(null, '2026-04')).rejects.toMatchObject({ code: 'not_found' });
    await expect(m.monthly.view(brandUser, '2026-04')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps a draft with live figures for staff only, then freezes them at publication', async () => {
    const draft = await m.monthly.saveDraft(analyst, '2026-04', {
      summaryJa: '4月は Amazon をかたる報告が最多でした。',
      summaryEn: 'Amazon was the most reported brand.',
    });
    expect(draft).toMatchObject({ month: '2026-04', status: 'draft', publishedAt: null });
    expect(await m.monthly.list(null)).toEqual([]);
    expect((await m.monthly.list(analyst)).map((r) => r.month)).toEqual(['2026-04']);

    const live = await m.monthly.view(analyst, '2026-04');
    expect(live.status).toBe('draft');
    const h = live.figures.stats.headline;
    expect([h.reports.value, h.reports.previous, h.uniqueUrls.value, h.brandsAbused.value]).toEqual([
      4, 1, 3, 2,
    ]);
    // Two URLs on subdomains of evil-b.test with the same path merge.
    expect(h.uniqueUrlsMergedSubdomains.value).toBe(2);
    expect(live.figures.trend).toHaveLength(13);
    expect(live.figures.trend.at(-1)).toEqual({
      month: '2026-04',
      reports: 4,
      uniqueUrls: 3,
      brandsAbused: 2,
    });
    expect(live.figures.trend.at(-2)).toEqual({
      month: '2026-03',
      reports: 1,
      uniqueUrls: 1,
      brandsAbused: 1,
    });
    expect(live.figures.trend[0]!.month).toBe('2025-04');

    // May is not over on 2026-05-22: it cannot be published yet.
    await m.monthly.saveDraft(analyst, '2026-05', {});
    await expect(m.monthly.publish(analyst, '2026-05')).rejects.toMatchObject({ code: 'conflict' });

    const published = await m.monthly.publish(analyst, '2026-04');
    expect(published.status).toBe('published');
    expect(published.publishedAt).toBe(new Date(ctx.clock.now()).toISOString());
    await expect(m.monthly.publish(analyst, '2026-04')).rejects.toMatchObject({ code: 'conflict' });
    await expect(m.monthly.saveDraft(analyst, '2026-04', { summaryJa: 'late' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await m.monthly.list(null)).map((r) => r.month)).toEqual(['2026-04']);

    // A report arriving later for April changes the live statistics, not the published report.
    await importRows(ctx, [['2026/04/25 08:00:00', 'https://late.evil-d.test/', 'Amazon']]);
    const frozen = await m.monthly.view(null, '2026-04');
    expect(frozen.status).toBe('published');
    expect(frozen.summaryJa).toBe('4月は Amazon をかたる報告が最多でした。');
    expect(frozen.figures.stats.headline.reports.value).toBe(4);
    const after = await createMonthlyModule(ctx).monthly.view(analyst, '2026-05');
    expect(after.figures.stats.headline.reports.previous).toBe(5);

    const audit = await ctx.audit.list({ entity: 'monthly_report', entityId: '2026-04' });
    expect(audit.map((a) => a.action).sort()).toEqual(['monthly_report.create', 'monthly_report.publish']);
    expect(audit.every((a) => a.actorUserId === 7)).toBe(true);
  });

  it('unpublishes back to a draft that shows live figures again', async () => {
    await expect(m.monthly.unpublish(brandUser, '2026-04')).rejects.toMatchObject({ code: 'auth.forbidden' });
    const back = await m.monthly.unpublish(analyst, '2026-04');
    expect(back.status).toBe('draft');
    await expect(m.monthly.view(null, '2026-04')).rejects.toMatchObject({ code: 'not_found' });
    expect((await m.monthly.view(analyst, '2026-04')).figures.stats.headline.reports.value).toBe(5);
    await expect(m.monthly.unpublish(analyst, '2026-04')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('rejects malformed months', async () => {
    await expect(m.monthly.view(analyst, '2026-13')).rejects.toMatchObject({ code: 'request.invalid' });
    await expect(m.monthly.saveDraft(analyst, '26-01', {})).rejects.toMatchObject({
      code: 'request.invalid',
    });
  });
});
