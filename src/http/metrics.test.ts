import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { buildServer } from './server.ts';

const TOKEN = 'scraper-token-0123456789abcdef';

describe.each([
  ['without', {}],
  ['with', { METRICS_TOKEN: TOKEN }],
] as const)('/metrics %s METRICS_TOKEN', (withToken, env) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext('sqlite', { RATE_LIMIT_PER_MINUTE: '1000', ...env });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const scrape = (headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });

  it('refuses anonymous readers from elsewhere and through a proxy', async () => {
    for (const res of [
      await scrape({}, '203.0.113.9'),
      await scrape({ 'x-forwarded-for': '203.0.113.9' }),
      await scrape({ forwarded: 'for=203.0.113.9' }),
      await scrape({ authorization: 'Bearer not-the-token-at-all' }),
    ]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'auth.required' } });
      expect(res.headers['www-authenticate']).toContain('Bearer');
      expect(res.body).not.toContain('phishdesk_http_requests_total');
    }
  });

  it(`a direct loopback scraper ${withToken === 'with' ? 'needs the token' : 'may read'}`, async () => {
    const res = await scrape();
    expect(res.statusCode).toBe(withToken === 'with' ? 401 : 200);
    if (withToken === 'with') {
      const ok = await scrape({ authorization: `Bearer ${TOKEN}` }, '203.0.113.9');
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toMatch(/phishdesk_http_requests_total/);
    }
  });

  it('a signed-in admin may read it from anywhere; other roles may not', async () => {
    const admin = await signIn(app, ctx, { role: 'admin' });
    const ok = await scrape(admin.headers, '203.0.113.9');
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toMatch(/process_cpu_user_seconds_total/);
    const analyst = await signIn(app, ctx, { role: 'analyst' });
    const no = await scrape(analyst.headers, '203.0.113.9');
    expect(no.statusCode).toBe(403);
    expect(no.json()).toMatchObject({ error: { code: 'auth.forbidden' } });
  });
});
