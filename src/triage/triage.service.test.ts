import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { createLivenessRepository } from '../liveness/liveness.repository.ts';
import { importJpcert, jpcertRows, rawEmail, staff, urlIdsOn } from './triage.fixtures.ts';

describe.each(DIALECTS)('triage service on %s', (dialect) => {
  let ctx: TestContext;
  const analyst = staff();
  const all = { limit: 200 };

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    await importJpcert(ctx, jpcertRows());
    await ctx.intake.submit(
      {
        kind: 'sms',
        content: '楽天カードご利用確認のお願い https://rakuten-card-check.smish.example/login',
        sender: '+81 90 0000 0000',
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

  it('lists new URLs newest first with filters, search and a cursor', async () => {
    const page = await ctx.triage.listUrls(analyst, { ...all, status: ['new'], sort: 'newest' });
    const times = page.items.map((u) => Date.parse(u.firstSeen));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(page.items.length).toBeGreaterThan(20);

    const rakuten = ctx.brands.bySlug('rakuten')!.id;
    const byBrand = await ctx.triage.listUrls(analyst, { ...all, brand: rakuten });
    expect(byBrand.items.length).toBeGreaterThan(10);
    expect(byBrand.items.every((u) => u.brand?.id === rakuten)).toBe(true);

    const short = await ctx.triage.listUrls(analyst, { ...all, feature: 'short_url' });
    expect(short.items.length).toBeGreaterThan(0);
    expect(short.items.every((u) => u.host === 'qrs.ly')).toBe(true);

    const tld = await ctx.triage.listUrls(analyst, { ...all, tld: 'com' });
    expect(new Set(tld.items.map((u) => u.domain))).toEqual(new Set(['greywillowhome.com', '154dst.com']));

    // One JST day: 2020-01-20 holds the raku12… domain only.
    const day = await ctx.triage.listUrls(analyst, { ...all, from: '2020-01-20', to: '2020-01-20' });
    expect(new Set(day.items.map((u) => u.domain))).toEqual(new Set(['raku12x2axauqnsaten.net']));

    const search = await ctx.triage.listUrls(analyst, { ...all, q: 'GREYWILLOW' });
    expect(search.items.length).toBe((await urlIdsOn(ctx, 'greywillowhome.com')).length);
    // The SMS text of the linked report is searched too.
    const sms = await ctx.triage.listUrls(analyst, { ...all, q: 'ご利用確認' });
    expect(sms.items.map((u) => u.host)).toEqual(['rakuten-card-check.smish.example']);
    // Wildcards are literal.
    expect((await ctx.triage.listUrls(analyst, { ...all, q: '%' })).items).toEqual([]);

    const source = (await ctx.triage.filters(analyst)).sources.find((s) => s.name === 'public-api')!;
    const bySource = await ctx.triage.listUrls(analyst, { ...all, source: source.id });
    expect(bySource.items.map((u) => u.host)).toEqual(['rakuten-card-check.smish.example']);

    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const p = await ctx.triage.listUrls(analyst, { limit: 7, cursor });
      seen.push(...p.items.map((u) => u.id));
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    const total = (await ctx.triage.listUrls(analyst, all)).items.length;
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('lists reports with their texts', async () => {
    const reports = await ctx.triage.listReports({ limit: 10, kind: 'sms' });
    expect(reports.items).toHaveLength(1);
    expect(reports.items[0]).toMatchObject({ kind: 'sms', sender: '+81 90 0000 0000', urlCount: 1 });
    expect(reports.items[0]!.text).toContain('ご利用確認');
  });

  it('requires a reason and refuses transitions that are not allowed, changing nothing', async () => {
    const [a, b] = await urlIdsOn(ctx, '154dst.com');
    await expect(
      ctx.triage.setVerdicts(analyst, { ids: [a!], status: 'confirmed', reason: '  ' }),
    ).rejects.toMatchObject({
      code: 'triage.reason_required',
    });
    await ctx.triage.setVerdicts(analyst, {
      ids: [a!],
      status: 'needs_info',
      reason: 'landing page not captured',
    });
    await expect(
      ctx.triage.setVerdicts(analyst, { ids: [a!], status: 'needs_info', reason: 'again' }),
    ).rejects.toMatchObject({ code: 'triage.invalid_transition' });
    await ctx.triage.setVerdicts(analyst, { ids: [b!], status: 'confirmed', reason: 'kit seen' });
    // Bulk: one URL may not become needs_info (confirmed → needs_info), so neither changes.
    const c = (await urlIdsOn(ctx, '154dst.com'))[2]!;
    await expect(
      ctx.triage.setVerdicts(analyst, { ids: [c, b!], status: 'needs_info', reason: 'bulk' }),
    ).rejects.toMatchObject({ code: 'triage.invalid_transition', details: { ids: [b] } });
    expect((await ctx.triage.getUrl(c, analyst)).status).toBe('new');
    await expect(
      ctx.triage.setVerdicts(analyst, { ids: [999_999], status: 'benign', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'not_found' });

    const history = await ctx.triage.history(a!, analyst);
    expect(history).toMatchObject([
      { kind: 'verdict', from: 'new', to: 'needs_info', reason: 'landing page not captured' },
    ]);
    const audit = await ctx.audit.list({ entity: 'url', entityId: a! });
    expect(audit.map((e) => e.action)).toEqual(['url.verdict']);
    expect(audit[0]).toMatchObject({ actorUserId: analyst.userId, before: { status: 'new' } });
  });

  it('never allowlists a shared platform through a benign verdict', async () => {
    const [short] = await urlIdsOn(ctx, 'qrs.ly');
    await expect(
      ctx.triage.setVerdicts(analyst, {
        ids: [short!],
        status: 'benign',
        reason: 'x',
        allowlist: { scope: 'host' },
      }),
    ).rejects.toMatchObject({ code: 'request.invalid' });
    expect((await ctx.triage.getUrl(short!, analyst)).status).toBe('new');
    expect((await ctx.allowlist.check('https://qrs.ly/abc')).allowlisted).toBe(false);
  });

  it('groups confirmed JPCERT/CC URLs into campaigns by brand, domain and kit path', async () => {
    const domains = [
      'rakutensybqxabsa71.net',
      'raku12x2axauqnsaten.net',
      'greywillowhome.com',
      'qrs.ly',
    ] as const;
    const ids = Object.fromEntries(
      await Promise.all(domains.map(async (d) => [d, await urlIdsOn(ctx, d)] as const)),
    );
    const outcome = await ctx.triage.setVerdicts(analyst, {
      ids: domains.flatMap((d) => ids[d]!),
      status: 'confirmed',
      reason: 'JPCERT/CC confirmed',
    });
    const campaignOf = new Map(outcome.map((o) => [o.id, o.campaignId]));
    const campaignsOf = (d: (typeof domains)[number]) => new Set(ids[d]!.map((id) => campaignOf.get(id)));
    expect(campaignsOf('rakutensybqxabsa71.net').size).toBe(1);
    expect(campaignsOf('raku12x2axauqnsaten.net').size).toBe(1);
    expect([...campaignsOf('rakutensybqxabsa71.net')][0]).not.toBe(
      [...campaignsOf('raku12x2axauqnsaten.net')][0],
    );
    expect(campaignsOf('greywillowhome.com').size).toBe(1);
    // Shortened links share only the shortener: each is its own campaign.
    expect(campaignsOf('qrs.ly').size).toBe(ids['qrs.ly']!.length);

    const id = [...campaignsOf('greywillowhome.com')][0]!;
    const detail = (await ctx.campaigns.get(id))!;
    expect(detail.brand?.slug).toBe('wells-fargo');
    expect(detail.urlCount).toBe(ids['greywillowhome.com']!.length);
    expect(detail.statusCounts.byStatus).toEqual({ confirmed: detail.urlCount });
    expect(detail.timeline).toEqual([{ day: '2020-01-06', urls: detail.urlCount }]);
    expect(detail.createdBy).toBe('auto');
    expect(detail.statusCounts).toMatchObject({ live: 0, down: 0, unknown: detail.urlCount });

    // Live / down from the liveness checks: the latest check with a verdict decides, errors do not.
    const checks = createLivenessRepository(ctx.testDb);
    const check = (urlId: number, checkedAt: number, result: 'live' | 'down' | 'error') =>
      checks.insertCheck({
        url_id: urlId,
        checked_at: checkedAt,
        result,
        http_status: null,
        final_url: null,
        content_hash: null,
        address: null,
        redirects: '[]',
        tls: null,
        error: null,
        duration_ms: null,
      });
    const [w1, w2] = ids['greywillowhome.com']!;
    await check(w1!, 1, 'live');
    await check(w1!, 2, 'down');
    await check(w1!, 3, 'error');
    await check(w2!, 1, 'live');
    expect((await ctx.campaigns.get(id))!.statusCounts).toMatchObject({
      live: 1,
      down: 1,
      unknown: detail.urlCount - 2,
    });
  });

  it('groups e-mailed URLs on different domains by their shared subject and sender', async () => {
    for (const url of ['https://amazon-verify-a.mail.example/', 'https://secure-amazon-b.mail.example/']) {
      await ctx.intake.submit(
        {
          kind: 'email',
          content: rawEmail({
            from: 'info@amazon-notice.example',
            subject: 'Amazonアカウントの確認 #4411',
            url,
          }),
          consent: { police: false, brand: false },
        },
        [],
        'api',
      );
    }
    await ctx.queue.drain();
    const ids = [
      ...(await urlIdsOn(ctx, 'amazon-verify-a.mail.example')),
      ...(await urlIdsOn(ctx, 'secure-amazon-b.mail.example')),
    ];
    expect(ids).toHaveLength(2);
    const out = await ctx.triage.setVerdicts(analyst, { ids, status: 'confirmed', reason: 'same mail' });
    expect(out[0]!.campaignId).not.toBeNull();
    expect(out[1]!.campaignId).toBe(out[0]!.campaignId);
    const detail = (await ctx.campaigns.get(out[0]!.campaignId!))!;
    expect(detail.samples.subjects).toEqual(['Amazonアカウントの確認 #4411']);
    expect(detail.samples.senders).toEqual(['info@amazon-notice.example']);
    // Leaving 'confirmed' leaves the campaign.
    await ctx.triage.setVerdicts(analyst, {
      ids: [ids[1]!],
      status: 'benign',
      reason: 'test mail of the brand',
    });
    expect((await ctx.campaigns.get(out[0]!.campaignId!))!.urlCount).toBe(1);
    expect((await ctx.triage.getUrl(ids[1]!, analyst)).campaignId).toBeNull();
  });

  it('starts a new campaign for the same domain outside the 14-day window', async () => {
    const submit = async (url: string) => {
      await ctx.intake.submit(
        { kind: 'url', content: url, consent: { police: false, brand: false } },
        [],
        'api',
      );
      await ctx.queue.drain();
    };
    const start = ctx.clock.now();
    await submit('https://rakuten-login.window.example/a');
    ctx.clock.advance(13 * 24 * 3600 * 1000);
    await submit('https://www.rakuten-login.window.example/b');
    ctx.clock.advance(15 * 24 * 3600 * 1000);
    await submit('https://pay.rakuten-login.window.example/c');
    ctx.clock.set(start);
    const ids = await urlIdsOn(ctx, 'rakuten-login.window.example');
    expect(ids).toHaveLength(3);
    const out = await ctx.triage.setVerdicts(analyst, {
      ids,
      status: 'confirmed',
      reason: 'same throwaway domain',
    });
    expect(out[0]!.campaignId).toBe(out[1]!.campaignId);
    expect(out[2]!.campaignId).not.toBe(out[0]!.campaignId);
  });

  it('merges, splits, renames and closes campaigns, audited', async () => {
    const a = (await ctx.triage.getUrl((await urlIdsOn(ctx, 'rakutensybqxabsa71.net'))[0]!, analyst))
      .campaignId!;
    const b = (await ctx.triage.getUrl((await urlIdsOn(ctx, 'raku12x2axauqnsaten.net'))[0]!, analyst))
      .campaignId!;
    const wells = (await ctx.triage.getUrl((await urlIdsOn(ctx, 'greywillowhome.com'))[0]!, analyst))
      .campaignId!;
    const [ca, cb] = [(await ctx.campaigns.get(a))!, (await ctx.campaigns.get(b))!];

    await expect(ctx.campaigns.merge(analyst, a, [wells])).rejects.toMatchObject({
      code: 'campaign.brand_mismatch',
    });
    await expect(ctx.campaigns.merge(analyst, a, [a])).rejects.toMatchObject({ code: 'campaign.invalid' });
    const merged = await ctx.campaigns.merge(analyst, a, [b]);
    expect(merged.urlCount).toBe(ca.urlCount + cb.urlCount);
    expect(merged.firstSeen).toBe(ca.firstSeen);
    expect(merged.lastSeen).toBe(cb.lastSeen);
    expect(await ctx.campaigns.get(b)).toMatchObject({ status: 'merged', mergedInto: a, urlCount: 0 });
    await expect(ctx.campaigns.merge(analyst, a, [b])).rejects.toMatchObject({ code: 'campaign.not_open' });

    const moving = cb.urls.map((u) => u.id);
    await expect(ctx.campaigns.split(analyst, a, [...moving, 999_999])).rejects.toMatchObject({
      code: 'campaign.invalid',
    });
    await expect(
      ctx.campaigns.split(
        analyst,
        a,
        merged.urls.map((u) => u.id),
      ),
    ).rejects.toMatchObject({ code: 'campaign.invalid' });
    const split = await ctx.campaigns.split(analyst, a, moving, '楽天 raku12');
    expect(split.to).toMatchObject({
      name: '楽天 raku12',
      urlCount: moving.length,
      createdBy: 'user',
      firstSeen: cb.firstSeen,
    });
    expect(split.from).toMatchObject({ urlCount: ca.urlCount, lastSeen: ca.lastSeen });

    const renamed = await ctx.campaigns.update(analyst, a, {
      name: '楽天 偽ログイン 2020-01',
      status: 'closed',
    });
    expect(renamed).toMatchObject({ name: '楽天 偽ログイン 2020-01', status: 'closed' });
    await expect(ctx.campaigns.split(analyst, a, [moving[0]!])).rejects.toMatchObject({
      code: 'campaign.not_open',
    });
    const actions = (await ctx.audit.list({ entity: 'campaign', entityId: a })).map((e) => e.action);
    expect(actions).toEqual(['campaign.close', 'campaign.split', 'campaign.merge']);

    const open = await ctx.campaigns.list(null, { status: 'open', limit: 200 });
    expect(open.items.map((c) => c.id)).not.toContain(a);
    expect(open.items.map((c) => c.id)).toContain(split.to.id);
  });
});
