import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { buildServer } from './server.ts';

describe('server', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext('sqlite');
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('answers /healthz with 200 while the database is reachable', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      database: 'sqlite',
      outbound: { enabled: false, proxy: false },
    });
  });

  it('a fresh installation has outbound visits off, and an operator turns them on by configuration', async () => {
    const on = await createTestContext('sqlite', { OUTBOUND_ENABLED: 'true' });
    const server = await buildServer(on);
    try {
      const res = await server.inject({ method: 'GET', url: '/healthz' });
      expect(res.json().outbound).toEqual({ enabled: true, proxy: false });
    } finally {
      await server.close();
      await on.close();
    }
  });

  it('serves Prometheus metrics including request counts', async () => {
    await app.inject({ method: 'GET', url: '/healthz' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(
      /phishdesk_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(res.body).toMatch(/process_cpu_user_seconds_total/);
  });

  it('serves the OpenAPI document at /docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/api/v1/reports', '/api/v1/reports/{id}']),
    );
    const ui = await app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('/docs may not be framed and loads only its own scripts; JSON, Atom and errors carry nosniff', async () => {
    for (const url of ['/docs/', '/docs/static/swagger-initializer.js', '/docs/json']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).not.toMatch(/unsafe-eval|https:|validator\.swagger\.io/);
    }
    // The UI fetches no validator badge from elsewhere.
    const init = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(init.body).toContain('"validatorUrl":null');
    for (const url of ['/healthz', '/docs/json', '/alerts/feed.atom', '/api/v1/auth/me', '/nope']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
    // Only /docs gets the documentation's policy.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).headers['content-security-policy']).toBe(
      undefined,
    );
  });

  it('answers unknown routes with the common error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    const body = res.json() as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.requestId).toMatch(/[0-9a-f-]{36}/);
  });

  it('renders the home page in Japanese by default and English on request, without scripts', async () => {
    const ja = await app.inject({ method: 'GET', url: '/' });
    expect(ja.statusCode).toBe(200);
    expect(ja.body).toContain('<html lang="ja">');
    expect(ja.body).not.toContain('<script');
    expect(ja.headers['content-security-policy']).toContain("default-src 'none'");
    const en = await app.inject({ method: 'GET', url: '/?lang=en' });
    expect(en.body).toContain('Report phishing');
  });
});

describe('server with the database gone', () => {
  it('answers /healthz with 503', async () => {
    const ctx = await createTestContext('sqlite');
    const app = await buildServer(ctx);
    await ctx.db.close();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable' });
    await app.close();
  });
});
