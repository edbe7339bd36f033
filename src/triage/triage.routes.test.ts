import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import { observeUrl } from '../reports/observe-url.ts';
import { importJpcert, jpcertRows, rawEmail, urlIdsOn } from './triage.fixtures.ts';
import { createTriageRepository } from './triage.repository.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies, checked by value
type Json = Record<string, any>;

describe.each(DIALECTS)('triage, allowlist and campaign routes on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let analyst: Record<string, string>;
  let rakutenUser: Record<string, string>;
  let rakuten: number;
  let wells: number;

  const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers });
  const post = (
    url: string,
    headers: Record<string, string>,
    payload: unknown,
    method: 'POST' | 'PATCH' = 'POST',
  ) => app.inject({ method, url, headers, payload: payload as Json });
  const report = async (payload: Json) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/reports', payload });
    expect(res.statusCode).toBe(202);
    await ctx.queue.drain();
  };

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = await buildServer(ctx);
    await importJpcert(ctx, jpcertRows(['rakutensybqxabsa71.net', 'greywillowhome.com']));
    rakuten = ctx.brands.bySlug('rakuten')!.id;
    wells = ctx.brands.bySlug('wells-fargo')!.id;
    analyst = (await signIn(app, ctx, { role: 'analyst' })).headers;
    rakutenUser = (await signIn(app, ctx, { role: 'brand', brandIds: [rakuten] })).headers;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('confirms through the API, 4xx with a code for bad verdicts, and shows the URL page', async () => {
    const ids = [
      ...(await urlIdsOn(ctx, 'rakutensybqxabsa71.net')),
      ...(await urlIdsOn(ctx, 'greywillowhome.com')),
    ];
    expect((await get('/api/v1/triage/urls', {})).statusCode).toBe(401);
    const noReason = await post('/api/v1/triage/urls/verdicts', analyst, {
      ids,
      status: 'confirmed',
      reason: '',
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.code).toBe('triage.reason_required');
    const unknown = await post('/api/v1/triage/urls/verdicts', analyst, { ids, status: 'new', reason: 'x' });
    expect(unknown.statusCode).toBe(400);
    const csrf = await post(
      '/api/v1/triage/urls/verdicts',
      { cookie: analyst.cookie! },
      { ids, status: 'confirmed', reason: 'x' },
    );
    expect(csrf.statusCode).toBe(403);

    const ok = await post('/api/v1/triage/urls/verdicts', analyst, {
      ids,
      status: 'confirmed',
      reason: 'JPCERT/CC list',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().updated).toHaveLength(ids.length);
    const again = await post(`/api/v1/urls/${ids[0]}/verdict`, analyst, {
      status: 'needs_info',
      reason: 'x',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('triage.invalid_transition');

    const page = await get(`/api/v1/urls/${ids[0]}`, analyst);
    expect(page.statusCode).toBe(200);
    const url = page.json() as Json;
    expect(url).toMatchObject({
      status: 'confirmed',
      brand: { slug: 'rakuten' },
      domain: 'rakutensybqxabsa71.net',
      reportsTotal: 1,
    });
    expect(url.defanged).toContain('[.]');
    expect(url.reports[0]).toMatchObject({ kind: 'feed', brandLabel: '楽天', source: { name: 'jpcert' } });
    expect(url.brandEvidence[0]).toContain('label from source jpcert');
    expect(url.campaign.id).toBe(url.campaignId);
    const history = (await get(`/api/v1/urls/${ids[0]}/history`, analyst)).json().items as Json[];
    expect(history.map((h) => [h.kind, h.from, h.to])).toEqual([['verdict', 'new', 'confirmed']]);
    expect(history[0]!.actor).not.toBeNull();
  });

  it('lets a brand user read only their brand, through every read route', async () => {
    const [rakutenUrl] = await urlIdsOn(ctx, 'rakutensybqxabsa71.net');
    const [wellsUrl] = await urlIdsOn(ctx, 'greywillowhome.com');
    const list = (await get('/api/v1/triage/urls?limit=200', rakutenUser)).json() as Json;
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((u: Json) => u.brand?.id === rakuten)).toBe(true);
    expect((await get(`/api/v1/triage/urls?brand=${wells}`, rakutenUser)).json().items).toEqual([]);
    expect((await get(`/api/v1/urls/${rakutenUrl}`, rakutenUser)).statusCode).toBe(200);
    for (const path of [`/api/v1/urls/${wellsUrl}`, `/api/v1/urls/${wellsUrl}/history`]) {
      const res = await get(path, rakutenUser);
      expect(res.statusCode, path).toBe(404);
    }
    const history = (await get(`/api/v1/urls/${rakutenUrl}/history`, rakutenUser)).json().items as Json[];
    expect(history[0]!.actor).toBeNull();
    const filters = (await get('/api/v1/triage/filters', rakutenUser)).json() as Json;
    expect(filters.brands.map((b: Json) => b.id)).toEqual([rakuten]);
    expect(filters.sources).toEqual([]);

    const campaigns = (await get('/api/v1/campaigns', rakutenUser)).json().items as Json[];
    expect(campaigns.length).toBeGreaterThan(0);
    expect(campaigns.every((c) => c.brand.id === rakuten)).toBe(true);
    const wellsCampaign = (await get(`/api/v1/urls/${wellsUrl}`, analyst)).json().campaignId as number;
    expect((await get(`/api/v1/campaigns/${wellsCampaign}`, rakutenUser)).statusCode).toBe(404);
    expect((await get(`/api/v1/campaigns/${wellsCampaign}`, analyst)).statusCode).toBe(200);

    // A TLP:RED report naming the brand's URL stays with staff: not listed, not searchable.
    const canonical = (await get(`/api/v1/urls/${rakutenUrl}`, analyst)).json().canonical as string;
    const source = await ctx.repos.sources.ensure('closed-partner', 'misp', 0);
    const { reportIds } = await ctx.repos.ingest.ingest({
      sourceId: source.id,
      reports: [
        {
          report: {
            externalId: 'red-1',
            kind: 'feed',
            status: 'processed',
            receivedAt: 1,
            reportedAt: 1,
            brandLabel: null,
            tlp: 'red',
            brandId: rakuten,
            contentType: null,
            payload: '{}',
          },
          urls: [
            observeUrl(canonical, {
              seenAt: 1,
              threat: 'phishing',
              labelBrand: null,
              sourceName: 'x',
              brands: ctx.brands,
            }),
          ],
        },
      ],
    });
    await createTriageRepository(ctx.db).saveText(reportIds[0]!, {
      subject: null,
      sender: null,
      body: 'restricted-term',
    });
    expect((await get(`/api/v1/urls/${rakutenUrl}`, analyst)).json().reportsTotal).toBe(2);
    expect((await get(`/api/v1/urls/${rakutenUrl}`, rakutenUser)).json()).toMatchObject({
      reportsTotal: 1,
      sources: [{ name: 'jpcert' }],
    });
    expect((await get('/api/v1/triage/urls?q=restricted-term', analyst)).json().items).toHaveLength(1);
    expect((await get('/api/v1/triage/urls?q=restricted-term', rakutenUser)).json().items).toEqual([]);

    // Writes and staff-only reads are refused.
    for (const [method, path, payload] of [
      ['POST', '/api/v1/triage/urls/verdicts', { ids: [rakutenUrl], status: 'benign', reason: 'ours' }],
      ['POST', `/api/v1/urls/${rakutenUrl}/verdict`, { status: 'benign', reason: 'ours' }],
      ['POST', `/api/v1/urls/${rakutenUrl}/brand`, { brandId: wells, reason: 'x' }],
      ['POST', `/api/v1/campaigns/${wellsCampaign}/split`, { urlIds: [wellsUrl] }],
      ['PATCH', `/api/v1/campaigns/${wellsCampaign}`, { name: 'x' }],
      ['POST', '/api/v1/allowlist', { kind: 'host', value: 'example.com', reason: 'x' }],
      ['GET', '/api/v1/allowlist', undefined],
      ['GET', '/api/v1/triage/reports', undefined],
    ] as const) {
      const res = await app.inject({
        method,
        url: path,
        headers: rakutenUser,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${path}`).toBe(403);
    }
  });

  it('keeps official domains and allowlisted hosts out of the phishing queue at later intake', async () => {
    await report({ kind: 'url', content: 'https://www.rakuten.co.jp/event/' });
    const [official] = await urlIdsOn(ctx, 'www.rakuten.co.jp');
    expect((await get(`/api/v1/urls/${official}`, analyst)).json()).toMatchObject({
      status: 'allowlisted',
      allowlisted: { source: 'official', value: 'rakuten.co.jp' },
    });
    const officialEntry = (await get('/api/v1/allowlist/check?url=https://rakuten.co.jp/', analyst)).json()
      .entry;
    expect(
      (
        await app.inject({ method: 'DELETE', url: `/api/v1/allowlist/${officialEntry.id}`, headers: analyst })
      ).json().error.code,
    ).toBe('allowlist.official');

    // A benign verdict that allowlists the registrable domain: later reports and feed rows land allowlisted.
    await report({ kind: 'url', content: 'https://newsletter.shop-partner.example/campaign?id=1' });
    const [benign] = await urlIdsOn(ctx, 'shop-partner.example');
    const res = await post(`/api/v1/urls/${benign}/verdict`, analyst, {
      status: 'benign',
      reason: 'a real retailer newsletter',
      allowlist: { scope: 'domain' },
    });
    expect(res.statusCode).toBe(200);
    await report({ kind: 'url', content: 'https://www.shop-partner.example/sale' });
    await importJpcert(ctx, ['2026/05/21 10:00:00,https://cdn.shop-partner.example/img,楽天']);
    for (const host of ['www.shop-partner.example', 'cdn.shop-partner.example']) {
      const [id] = await urlIdsOn(ctx, host);
      expect((await get(`/api/v1/urls/${id}`, analyst)).json().status, host).toBe('allowlisted');
    }
    const entries = (await get('/api/v1/allowlist?source=analyst', analyst)).json().items as Json[];
    expect(entries).toMatchObject([
      { kind: 'domain', value: 'shop-partner.example', reason: 'a real retailer newsletter' },
    ]);
    // Removed from the allowlist: new hosts of the domain are triaged again.
    const del = await app.inject({
      method: 'DELETE',
      url: `/api/v1/allowlist/${entries[0]!.id}`,
      headers: analyst,
    });
    expect(del.statusCode).toBe(204);
    await report({ kind: 'url', content: 'https://login.shop-partner.example/' });
    const [after] = await urlIdsOn(ctx, 'login.shop-partner.example');
    expect((await get(`/api/v1/urls/${after}`, analyst)).json().status).toBe('new');
  });

  it('stores brand corrections and feeds them back to attribution and label resolution', async () => {
    await importJpcert(ctx, [
      '2026/05/20 09:00:00,https://secure-login.kuro-track.example/parcel,Kuronekko Unyu',
    ]);
    const [id] = await urlIdsOn(ctx, 'secure-login.kuro-track.example');
    const yamato = ctx.brands.bySlug('yamato')!.id;
    expect((await get(`/api/v1/urls/${id}`, analyst)).json().brand?.id).not.toBe(yamato);
    const res = await post(`/api/v1/urls/${id}/brand`, analyst, {
      brandId: yamato,
      reason: 'fake Yamato parcel page',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ brand: { slug: 'yamato' }, brandConfidence: 1 });
    // The host and the registrable domain now point to Yamato, and the unknown label is an alias.
    await report({ kind: 'url', content: 'https://pay.kuro-track.example/card' });
    const [sibling] = await urlIdsOn(ctx, 'pay.kuro-track.example');
    const page = (await get(`/api/v1/urls/${sibling}`, analyst)).json() as Json;
    expect(page.brand?.slug).toBe('yamato');
    expect(page.brandEvidence.join(' ')).toContain('analyst correction');
    expect(ctx.brands.resolveLabel('Kuronekko Unyu')?.slug).toBe('yamato');
    const history = (await get(`/api/v1/urls/${id}/history`, analyst)).json().items as Json[];
    expect(history).toMatchObject([
      { kind: 'brand_correction', to: 'yamato', reason: 'fake Yamato parcel page' },
    ]);
  });

  it('shows hostile subjects as plain data and runs merge, split and rename over HTTP', async () => {
    const subject = '<script>alert(1)</script> 楽天ポイント失効のお知らせ';
    // The first reporter agreed to share the report with the brand, the second did not.
    for (const [url, from, brand] of [
      ['https://rakuten-point-a.evil.example/', 'no-reply@rakuten-point.evil.example', true],
      ['https://rakuten-point-b.evil.example/', 'victim-forward@mail.example', false],
    ] as const) {
      await report({
        kind: 'email',
        content: rawEmail({ from, subject, url }),
        consent: { police: false, brand },
      });
    }
    const ids = [
      ...(await urlIdsOn(ctx, 'rakuten-point-a.evil.example')),
      ...(await urlIdsOn(ctx, 'rakuten-point-b.evil.example')),
    ];
    const out = (
      await post('/api/v1/triage/urls/verdicts', analyst, { ids, status: 'confirmed', reason: 'same mail' })
    ).json().updated as Json[];
    const campaignId = out[0]!.campaignId as number;
    expect(out[1]!.campaignId).toBe(campaignId);
    const detail = (await get(`/api/v1/campaigns/${campaignId}`, rakutenUser)).json() as Json;
    expect(detail.samples.subjects).toEqual([subject]);
    expect(detail.samples.senders).toEqual(['no-reply@rakuten-point.evil.example']);
    const staffView = (await get(`/api/v1/campaigns/${campaignId}`, analyst)).json() as Json;
    expect([...staffView.samples.senders].sort()).toEqual([
      'no-reply@rakuten-point.evil.example',
      'victim-forward@mail.example',
    ]);
    const unshared = (await get(`/api/v1/urls/${ids[1]}`, rakutenUser)).json() as Json;
    expect(unshared).toMatchObject({ reportsTotal: 0, reports: [] });
    expect((await get(`/api/v1/urls/${ids[1]}`, analyst)).json().reports[0].sender).toBe(
      'victim-forward@mail.example',
    );

    const split = await post(`/api/v1/campaigns/${campaignId}/split`, analyst, {
      urlIds: [ids[1]],
      name: 'part B',
    });
    expect(split.statusCode).toBe(200);
    const to = split.json().to as Json;
    expect(to).toMatchObject({ name: 'part B', urlCount: 1 });
    const merged = await post(`/api/v1/campaigns/${campaignId}/merge`, analyst, { campaignIds: [to.id] });
    expect(merged.json()).toMatchObject({ id: campaignId, urlCount: 2 });
    const renamed = await post(
      `/api/v1/campaigns/${campaignId}`,
      analyst,
      { name: '楽天ポイント', status: 'closed' },
      'PATCH',
    );
    expect(renamed.json()).toMatchObject({ name: '楽天ポイント', status: 'closed' });
    const closed = (await get('/api/v1/campaigns?status=closed', rakutenUser)).json().items as Json[];
    expect(closed.map((c) => c.id)).toEqual([campaignId]);
  });
});
