import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApiKey, signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import { verifyWebhook } from '../notify/signature.ts';
import { startSmtpSink } from '../takedowns/testing/smtp-sink.ts';
import { seedBrand, seedReportedUrl } from './testing/seed.ts';

type Received = { headers: http.IncomingHttpHeaders; body: string };

async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(DIALECTS)('brand portal on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let brandA: number;
  let brandB: number;
  const ids: Record<string, number> = {};
  const h: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    sink = await startSmtpSink();
    receiver = await startReceiver();
    // FETCH_ALLOW_PRIVATE opens loopback only (the test's webhook receiver) in the outbound guard.
    ctx = await createTestContext(dialect, {
      MAIL_OUT_URL: sink.url,
      OUTBOUND_ENABLED: 'true',
      FETCH_ALLOW_PRIVATE: 'true',
    });
    app = await buildServer(ctx);
    brandA = await seedBrand(ctx.db, 'portal-a');
    brandB = await seedBrand(ctx.db, 'portal-b');
    ids.a1 = await seedReportedUrl(ctx.db, {
      url: 'https://a1-phish.example/',
      brandId: brandA,
      confirm: true,
    });
    ids.a2 = await seedReportedUrl(ctx.db, {
      url: 'https://a2-phish.example/',
      brandId: brandA,
      tlp: 'amber',
      confirm: true,
    });
    ids.aRed = await seedReportedUrl(ctx.db, {
      url: 'https://ared-phish.example/',
      brandId: brandA,
      tlp: 'red',
      confirm: true,
    });
    ids.b1 = await seedReportedUrl(ctx.db, {
      url: 'https://b1-phish.example/',
      brandId: brandB,
      confirm: true,
    });
    const now = ctx.clock.now();
    for (const [urlId, brandId, state] of [
      [ids.a1!, brandA, 'requested'],
      [ids.b1!, brandB, 'down'],
    ] as const) {
      await ctx.db.kysely
        .insertInto('takedown_cases')
        .values({
          url_id: urlId,
          scope: 'url',
          target_url: 'https://x.example/',
          target_host: 'x.example',
          target_domain: 'x.example',
          brand_id: brandId,
          state,
          contacts: '[]',
          first_reported_at: now,
          opened_at: now,
          updated_at: now,
        } as never)
        .execute();
    }
    h.keyA = (await createTestApiKey(ctx, { role: 'brand', tlp: 'amber', brandIds: [brandA] })).headers;
    h.partner = (await createTestApiKey(ctx, { role: 'partner', tlp: 'amber' })).headers;
    h.userA = (await signIn(app, ctx, { role: 'brand', brandIds: [brandA] })).headers;
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    await sink?.close();
    await receiver?.close();
  });

  const get = (url: string, who: string) => app.inject({ method: 'GET', url, headers: h[who] });

  it('shows a brand its own URLs with takedown state, never another brand, never RED; partners have no portal', async () => {
    const res = await get('/api/v1/portal/urls', 'keyA');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: number; takedown: { state: string } | null }[];
    expect(items.map((i) => i.id).sort()).toEqual([ids.a1, ids.a2].sort());
    expect(items.find((i) => i.id === ids.a1)!.takedown).toMatchObject({ state: 'requested' });
    const takedowns = (await get('/api/v1/portal/takedowns', 'keyA')).json().items as { urlId: number }[];
    expect(takedowns.map((t) => t.urlId)).toEqual([ids.a1]);
    expect((await get('/api/v1/portal/urls', 'partner')).statusCode).toBe(403);
    expect((await get('/api/v1/portal/alerts', 'keyA')).statusCode).toBe(200);
    expect((await get('/api/v1/portal/campaigns', 'keyA')).statusCode).toBe(200);
  });

  it("exports only the brand's own data in every format", async () => {
    for (const format of ['csv', 'json', 'jpcert', 'stix', 'blocklist-urls', 'blocklist-domains']) {
      const res = await get(`/api/v1/portal/export?format=${format}`, 'keyA');
      expect({ format, status: res.statusCode }).toEqual({ format, status: 200 });
      expect({ format, leak: /b1-phish|ared-phish/.test(res.body) }).toEqual({ format, leak: false });
      expect({ format, own: res.body.includes('a1-phish') }).toEqual({ format, own: true });
    }
  });

  it('records "ours (legitimate)" as an audited allowlisting proposal; another brand\'s URL is not found', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/portal/urls/${ids.a1}/feedback`,
      headers: h.userA,
      payload: { verdict: 'legitimate', comment: 'our campaign landing page' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ verdict: 'legitimate', status: 'proposed', brandId: brandA });
    const audit = await ctx.audit.list({ action: 'sharing.propose_allowlist' });
    expect(audit.map((a) => a.entityId)).toContain(String(ids.a1));
    const other = await app.inject({
      method: 'POST',
      url: `/api/v1/portal/urls/${ids.b1}/feedback`,
      headers: h.userA,
      payload: { verdict: 'not_ours' },
    });
    expect(other.statusCode).toBe(404);
    const listed = (await get('/api/v1/portal/feedback', 'keyA')).json().items as { urlId: number }[];
    expect(listed.map((f) => f.urlId)).toEqual([ids.a1]);
  });

  it('lets staff accept a proposal (host allowlisted, audited); brand users cannot decide', async () => {
    const proposal = (await get('/api/v1/portal/feedback', 'keyA')).json().items[0] as { id: number };
    const byBrand = await app.inject({
      method: 'POST',
      url: `/api/v1/portal/feedback/${proposal.id}/decision`,
      headers: h.userA,
      payload: { decision: 'accept' },
    });
    expect(byBrand.statusCode).toBe(403);
    const analyst = (await signIn(app, ctx, { role: 'analyst' })).headers;
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/portal/feedback/${proposal.id}/decision`,
      headers: analyst,
      payload: { decision: 'accept' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'accepted' });
    expect((await ctx.allowlist.check('https://a1-phish.example/other')).allowlisted).toBe(true);
    expect((await ctx.audit.list({ action: 'sharing.proposal_accepted' })).map((a) => a.entityId)).toEqual([
      String(proposal.id),
    ]);
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/portal/feedback/${proposal.id}/decision`,
      headers: analyst,
      payload: { decision: 'reject' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('notifies subscribers of new confirmed URLs by signed webhook and e-mail, own brand only, no RED', async () => {
    const hook = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/subscriptions',
      headers: h.userA,
      payload: { brandId: brandA, channel: 'webhook', target: receiver.url },
    });
    expect(hook.statusCode).toBe(201);
    const { secret } = hook.json() as { secret: string };
    const mail = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/subscriptions',
      headers: h.userA,
      payload: { brandId: brandA, channel: 'email', target: 'soc@brand-a.example' },
    });
    expect(mail.statusCode).toBe(201);
    const internal = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/subscriptions',
      headers: h.userA,
      payload: { brandId: brandA, channel: 'webhook', target: 'http://169.254.169.254/latest/meta-data/' },
    });
    expect(internal.statusCode).toBeGreaterThanOrEqual(400);
    expect(internal.json().error.code).toBe('fetch.blocked');
    const forbidden = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/subscriptions',
      headers: h.userA,
      payload: { brandId: brandB, channel: 'email', target: 'x@example.com' },
    });
    expect(forbidden.statusCode).toBe(404);

    const result = await ctx.sharingPortal.portal.notifyNewUrls();
    expect(result).toMatchObject({ deliveries: 2, failures: 0 });
    expect(receiver.received).toHaveLength(1);
    const r = receiver.received[0]!;
    const ok = verifyWebhook(
      secret,
      {
        signature: r.headers['x-phishdesk-signature'] as string,
        timestamp: r.headers['x-phishdesk-timestamp'] as string,
      },
      r.body,
      Math.floor(ctx.clock.now() / 1000),
    );
    expect(ok).toBe(true);
    const payload = JSON.parse(r.body) as { urls: { url: string }[] };
    expect(payload.urls.map((u) => u.url).sort()).toEqual([
      'https://a1-phish.example/',
      'https://a2-phish.example/',
    ]);
    await expect.poll(() => sink.mails.length).toBe(1);
    expect(sink.mails[0]!.to).toEqual(['soc@brand-a.example']);
    expect(sink.mails[0]!.text).toContain('hxxps://a1-phish[.]example/');
    expect(sink.mails[0]!.text).not.toContain('ared-phish');

    // Announced once: a second run sends nothing until a new URL is confirmed.
    expect((await ctx.sharingPortal.portal.notifyNewUrls()).deliveries).toBe(0);
    await seedReportedUrl(ctx.db, { url: 'https://a3-phish.example/', brandId: brandA, confirm: true });
    expect((await ctx.sharingPortal.portal.notifyNewUrls()).deliveries).toBe(2);
    expect(JSON.parse(receiver.received[1]!.body).urls.map((u: { url: string }) => u.url)).toEqual([
      'https://a3-phish.example/',
    ]);
  });

  it('follows the URL’s current brand: after a brand correction the old brand no longer sees the case, the new one does', async () => {
    const admin = (await signIn(app, ctx, { role: 'admin' })).headers;
    const userB = (await signIn(app, ctx, { role: 'brand', brandIds: [brandB] })).headers;
    const urlId = await seedReportedUrl(ctx.db, {
      url: 'https://moved-phish.example/',
      brandId: brandA,
      confirm: true,
    });
    const opened = await app.inject({
      method: 'POST',
      url: '/api/v1/takedowns',
      headers: admin,
      payload: { urlId },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = (opened.json() as { id: number }).id;
    const casesOf = async (headers: Record<string, string>) => {
      const res = await app.inject({ url: '/api/v1/portal/takedowns', headers });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { caseId: number }[]).map((c) => c.caseId);
    };
    const urlsOf = async (headers: Record<string, string>) => {
      const res = await app.inject({ url: '/api/v1/portal/urls?limit=200', headers });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as { id: number; takedown: { state: string } | null }[];
    };
    expect(await casesOf(h.userA!)).toContain(caseId);
    expect(await casesOf(userB)).not.toContain(caseId);

    // seedBrand writes the brands table directly: the registry learns of brand B by reloading.
    await ctx.brands.reload();

    const corrected = await app.inject({
      method: 'POST',
      url: `/api/v1/urls/${urlId}/brand`,
      headers: admin,
      payload: { brandId: brandB, reason: 'the page imitates brand B' },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);

    for (const old of [h.userA!, h.keyA!]) {
      expect(await casesOf(old)).not.toContain(caseId);
      expect((await urlsOf(old)).map((u) => u.id)).not.toContain(urlId);
    }
    expect(await casesOf(userB)).toContain(caseId);
    expect((await urlsOf(userB)).find((u) => u.id === urlId)?.takedown).toMatchObject({ state: 'open' });
  });
});
