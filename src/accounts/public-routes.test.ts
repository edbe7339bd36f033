import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';

/**
 * The public intake stays open, also to a browser that carries a staff session: the CSRF check only takes
 * the session away from a write without its token, it does not refuse the request. The report status link
 * (GET /api/v1/reports/:id) is the reporter's capability — a random UUID handed out at submission —, and
 * feed reports are never reachable through it.
 */
describe.each(DIALECTS)('public routes and staff sessions on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let staff: Record<string, string>;
  beforeAll(async () => {
    ctx = await createTestContext(dialect, { RATE_LIMIT_PER_MINUTE: '1000' });
    app = await buildServer(ctx);
    staff = (await signIn(app, ctx, { role: 'analyst' })).headers;
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('a signed-in analyst can still post the public report form and JSON intake without a CSRF token', async () => {
    const form = await app.inject({
      method: 'POST',
      url: '/report',
      headers: { cookie: staff.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'kind=url&content=hxxps%3A%2F%2Fphish.example%2Flogin',
    });
    expect(form.statusCode).toBe(303);
    const api = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { cookie: staff.cookie! },
      payload: { kind: 'url', content: 'https://phish2.example/' },
    });
    expect(api.statusCode).toBe(202);
    const status = await app.inject({ method: 'GET', url: (api.json() as { statusUrl: string }).statusUrl });
    expect(status.statusCode).toBe(200);
  });

  it('feed reports are not reachable by their id through the public status link', async () => {
    const { id: sourceId } = await ctx.repos.sources.ensure('test feed', 'misp', ctx.clock.now());
    const externalId = '5f2b7c1e-0a4b-4c3d-8e9f-0123456789ab';
    await ctx.db.kysely
      .insertInto('reports')
      .values({
        source_id: sourceId,
        external_id: externalId,
        kind: 'feed',
        status: 'processed',
        received_at: ctx.clock.now(),
        reported_at: ctx.clock.now(),
        brand_label: null,
        tlp: 'red',
        brand_id: null,
        content_type: null,
        payload: '{}',
        reporter_contact: null,
        consent_police: 0,
        consent_brand: 0,
        error: null,
      })
      .execute();
    for (const headers of [{}, staff]) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/reports/${externalId}`, headers });
      expect(res.statusCode).toBe(404);
    }
  });
});
