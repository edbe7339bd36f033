import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { multipartBody } from '../../test/multipart.ts';
import { createCaptureRepository } from '../capture/capture.repository.ts';
import { buildServer } from '../http/server.ts';
import { createLivenessRepository } from '../liveness/liveness.repository.ts';
import { importJpcert, jpcertRows, rawEmail, urlIdsOn } from '../triage/triage.fixtures.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies, checked by value
type Json = Record<string, any>;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const TLS = {
  protocol: 'TLSv1.3',
  cipher: 'TLS_AES_128_GCM_SHA256',
  authorized: true,
  authorizationError: null,
  subject: 'CN=login.rakutensybqxabsa71.net',
  issuer: "C=US, O=Let's Encrypt, CN=R11",
  subjectAltName: 'DNS:login.rakutensybqxabsa71.net',
  validFrom: 'Jan 10 00:00:00 2020 GMT',
  validTo: 'Apr  9 23:59:59 2020 GMT',
  fingerprint256: 'AA:BB',
};

describe.each(DIALECTS)('URL page evidence, related URLs and report attachments on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let analyst: Record<string, string>;
  let brandUser: Record<string, string>;
  let ids: number[];

  const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = await buildServer(ctx);
    await importJpcert(ctx, jpcertRows(['rakutensybqxabsa71.net', 'greywillowhome.com']));
    ids = await urlIdsOn(ctx, 'rakutensybqxabsa71.net');
    analyst = (await signIn(app, ctx, { role: 'analyst' })).headers;
    const rakuten = ctx.brands.bySlug('rakuten')!.id;
    brandUser = (await signIn(app, ctx, { role: 'brand', brandIds: [rakuten] })).headers;
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/triage/urls/verdicts',
      headers: analyst,
      payload: { ids, status: 'confirmed', reason: 'JPCERT/CC list' },
    });
    expect(ok.statusCode).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('answers only staff, and 404 for an unknown URL', async () => {
    const id = ids[0]!;
    expect((await get(`/api/v1/urls/${id}/evidence`, {})).statusCode).toBe(401);
    expect((await get(`/api/v1/urls/${id}/evidence`, brandUser)).statusCode).toBe(403);
    expect((await get(`/api/v1/urls/${id}/related`, brandUser)).statusCode).toBe(403);
    expect((await get('/api/v1/urls/999999/evidence', analyst)).statusCode).toBe(404);
    expect((await get('/api/v1/urls/999999/related', analyst)).statusCode).toBe(404);
  });

  it('shows nothing stored as empty evidence, without visiting anything', async () => {
    const res = await get(`/api/v1/urls/${ids[1]}/evidence`, analyst);
    expect(res.statusCode).toBe(200);
    const e = res.json() as Json;
    expect(e.liveness.state).toBe('unknown');
    expect(e).toMatchObject({ checks: [], addresses: [], tls: null, redirects: null, capture: null });
    expect(e.rdap).toEqual({ domain: null, network: null });
  });

  it('presents checks, addresses, TLS, the redirect chain, the latest capture and cached RDAP', async () => {
    const id = ids[0]!;
    const t0 = ctx.clock.now();
    const liveness = createLivenessRepository(ctx.db);
    const hops = [
      {
        url: 'https://a.example.test/',
        status: 302,
        location: 'https://b.example.test/',
        address: '203.0.113.7',
      },
    ];
    for (const [i, address] of ['203.0.113.7', '203.0.113.7', '198.51.100.9'].entries()) {
      await liveness.insertCheck({
        url_id: id,
        checked_at: t0 + i * 60_000,
        result: i === 2 ? 'down' : 'live',
        http_status: i === 2 ? 404 : 200,
        final_url: 'https://b.example.test/',
        content_hash: null,
        address,
        redirects: JSON.stringify(i === 2 ? [] : hops),
        tls: i === 2 ? null : JSON.stringify(TLS),
        error: null,
        duration_ms: 120,
      });
    }
    const shot = await ctx.capture.evidence.put('screenshot', 'image/png', PNG);
    await createCaptureRepository(ctx.db).insert({
      url_id: id,
      batch: 'b1',
      variant: 'desktop',
      user_agent: 'ua',
      requested_url: 'https://a.example.test/',
      final_url: 'https://b.example.test/',
      http_status: 200,
      redirects: JSON.stringify(hops),
      title: 'ログイン',
      form_fields: JSON.stringify([
        {
          tag: 'input',
          type: 'password',
          name: 'pw',
          id: null,
          label: 'パスワード',
          placeholder: null,
          autocomplete: null,
        },
      ]),
      screenshot_sha256: shot.sha256,
      dom_sha256: null,
      har_sha256: null,
      status: 'ok',
      error: null,
      differences: null,
      captured_at: t0 + 30_000,
    });
    await ctx.db.kysely
      .insertInto('rdap_cache')
      .values({
        key: 'ip:198.51.100.9',
        fetched_at: t0,
        expires_at: t0 - 1,
        found: 1,
        result: JSON.stringify({
          kind: 'ip',
          query: '198.51.100.9',
          server: 'https://rdap.example.test/',
          handle: 'NET-198-51-100-0-1',
          name: 'EXAMPLE-NET',
          country: 'JP',
          startAddress: '198.51.100.0',
          endAddress: '198.51.100.255',
          registrant: 'Example Hosting K.K.',
          abuse: [{ name: 'Abuse', emails: ['abuse@hosting.example.test'], phones: [], handle: null }],
        }),
      })
      .execute();

    const res = await get(`/api/v1/urls/${id}/evidence`, analyst);
    expect(res.statusCode).toBe(200);
    const e = res.json() as Json;
    expect(e.liveness).toMatchObject({
      state: 'down',
      checks: 3,
      downSince: new Date(t0 + 120_000).toISOString(),
    });
    expect(e.checks.map((c: Json) => c.result)).toEqual(['down', 'live', 'live']);
    expect(e.addresses).toEqual([
      {
        address: '198.51.100.9',
        firstSeen: new Date(t0 + 120_000).toISOString(),
        lastSeen: new Date(t0 + 120_000).toISOString(),
        checks: 1,
      },
      {
        address: '203.0.113.7',
        firstSeen: new Date(t0).toISOString(),
        lastSeen: new Date(t0 + 60_000).toISOString(),
        checks: 2,
      },
    ]);
    expect(e.tls).toMatchObject({
      at: new Date(t0 + 60_000).toISOString(),
      issuer: TLS.issuer,
      protocol: 'TLSv1.3',
    });
    // The check a minute later carried the chain after the capture: the newest source wins.
    expect(e.redirects).toMatchObject({ source: 'check', hops });
    expect(e.capture).toMatchObject({
      title: 'ログイン',
      screenshotUrl: `/api/v1/evidence/${shot.sha256}`,
      formFields: [{ type: 'password', name: 'pw', label: 'パスワード' }],
    });
    expect(e.rdap.network).toMatchObject({
      query: '198.51.100.9',
      expired: true,
      found: true,
      registrant: 'Example Hosting K.K.',
      abuseEmails: ['abuse@hosting.example.test'],
    });
    // The screenshot route serves an image that cannot become a page.
    const img = await get(e.capture.screenshotUrl, analyst);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['x-content-type-options']).toBe('nosniff');
    expect(String(img.headers['content-security-policy'])).toMatch(/^default-src 'none'/);
    expect((await get(e.capture.screenshotUrl, brandUser)).statusCode).toBe(403);
    const after = await ctx.db.kysely.selectFrom('rdap_cache').select('key').execute();
    expect(after.map((r) => r.key)).toEqual(['ip:198.51.100.9']);
  });

  it('lists other URLs of the same host, domain and campaign as links', async () => {
    const id = ids[0]!;
    const res = await get(`/api/v1/urls/${id}/related`, analyst);
    expect(res.statusCode).toBe(200);
    const r = res.json() as Json;
    expect(r.domain).toBe('rakutensybqxabsa71.net');
    const all = [...r.sameHost.items, ...r.sameDomain.items].map((u: Json) => u.id);
    expect(all).not.toContain(id);
    expect(new Set(all)).toEqual(new Set(ids.slice(1)));
    expect(r.sameDomain.items.every((u: Json) => u.host !== r.host)).toBe(true);
    expect(r.sameHost.total + r.sameDomain.total).toBe(ids.length - 1);
    expect(r.campaign).not.toBeNull();
    expect(r.sameCampaign.total).toBeGreaterThan(0);
    expect(r.sameCampaign.items.every((u: Json) => u.campaignId === r.campaign.id)).toBe(true);
    const grey = (await urlIdsOn(ctx, 'greywillowhome.com'))[0]!;
    const other = (await get(`/api/v1/urls/${grey}/related`, analyst)).json() as Json;
    expect([...other.sameHost.items, ...other.sameDomain.items].map((u: Json) => u.id)).not.toContain(id);
  });

  it("lists a report's screenshot and e-mail attachments, the e-mail parsed, the files staff-only", async () => {
    const eml = Buffer.from(
      rawEmail({
        from: '"楽天" <no-reply@rakuten-secure.example.test>',
        subject: '【重要】アカウント確認',
        url: 'https://rakuten-login.example.test/',
      }),
    );
    const upload = multipartBody({ report: JSON.stringify({ kind: 'email', content: '' }) }, [
      { field: 'attachments', filename: 'shot.png', data: PNG },
      { field: 'attachments', filename: 'mail.eml', data: eml },
    ]);
    const sent = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: upload.headers,
      payload: upload.body,
    });
    expect(sent.statusCode).toBe(202);
    const report = await ctx.db.kysely
      .selectFrom('reports')
      .select('id')
      .where('external_id', '=', (sent.json() as Json).id)
      .executeTakeFirstOrThrow();
    const path = `/api/v1/triage/reports/${report.id}/attachments`;
    expect((await get(path, {})).statusCode).toBe(401);
    expect((await get(path, brandUser)).statusCode).toBe(403);
    expect((await get('/api/v1/triage/reports/999999/attachments', analyst)).statusCode).toBe(404);
    const res = await get(path, analyst);
    expect(res.statusCode).toBe(200);
    const [image, email] = (res.json() as Json).items;
    expect(image).toMatchObject({
      kind: 'image',
      contentType: 'image/png',
      filename: 'shot.png',
      email: null,
    });
    expect(email).toMatchObject({
      kind: 'email',
      filename: 'mail.eml',
      email: { subject: '【重要】アカウント確認', from: { address: 'no-reply@rakuten-secure.example.test' } },
    });
    expect(email.email.text).toContain('https://rakuten-login.example.test/');

    const png = await get(image.url, analyst);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['x-content-type-options']).toBe('nosniff');
    expect(String(png.headers['content-security-policy'])).toMatch(/^default-src 'none'/);
    expect(png.rawPayload.equals(PNG)).toBe(true);
    const raw = await get(email.url, analyst);
    expect(raw.headers['content-type']).toBe('application/octet-stream');
    expect(String(raw.headers['content-disposition'])).toMatch(/^attachment;/);
    expect((await get(image.url, brandUser)).statusCode).toBe(403);
    // An attachment is found only under its own report.
    expect(
      (await get(`/api/v1/triage/reports/${report.id + 1}/attachments/${image.id}`, analyst)).statusCode,
    ).toBe(404);
  });
});
