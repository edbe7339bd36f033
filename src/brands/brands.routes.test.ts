import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';

describe.each(DIALECTS)('brand registry routes on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let analyst: Record<string, string>;
  let brandUser: Record<string, string>;

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = await buildServer(ctx);
    analyst = (await signIn(app, ctx, { role: 'analyst' })).headers;
    brandUser = (await signIn(app, ctx, { role: 'brand', brandIds: [ctx.brands.bySlug('rakuten')!.id] }))
      .headers;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const body = {
    slug: 'monex',
    nameJa: 'マネックス証券',
    nameEn: 'Monex',
    sector: 'securities',
    officialDomains: ['monex.co.jp'],
    keywords: ['monex'],
  };

  it('creates, edits, merges and retires with staff rights; refuses bad input with a brand.* code', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/v1/brands', payload: body })).statusCode).toBe(401);
    const forbidden = await app.inject({
      method: 'POST',
      url: '/api/v1/brands',
      headers: brandUser,
      payload: body,
    });
    expect(forbidden.statusCode).toBe(403);
    const common = await app.inject({
      method: 'POST',
      url: '/api/v1/brands',
      headers: analyst,
      payload: { ...body, keywords: ['card'] },
    });
    expect(common.statusCode).toBe(422);
    expect(common.json().error).toMatchObject({ code: 'brand.common_keyword' });
    expect(common.json().error.message).toContain('common word');
    const shared = await app.inject({
      method: 'POST',
      url: '/api/v1/brands',
      headers: analyst,
      payload: { ...body, officialDomains: ['drive.google.com'] },
    });
    expect(shared.json().error).toMatchObject({ code: 'brand.shared_domain' });

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/brands',
      headers: analyst,
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    const { brand, reattribution } = created.json();
    expect(brand).toMatchObject({
      slug: 'monex',
      nameJa: 'マネックス証券',
      status: 'active',
      mergedInto: null,
    });
    expect(reattribution).toMatchObject({ status: 'queued', progress: 0 });
    expect(reattribution.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*(Z|[+-]\d\d:\d\d)$/);
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/brands',
      headers: analyst,
      payload: body,
    });
    expect(again.statusCode).toBe(409);

    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/v1/brands/${brand.id}`,
      headers: analyst,
      payload: { aliases: ['Monex Securities'], keywords: ['monex', 'monex-sec'] },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().brand.aliases).toEqual(['マネックス証券', 'Monex', 'Monex Securities']);

    await ctx.queue.drain();
    const progress = await app.inject({
      method: 'GET',
      url: `/api/v1/brands/reattributions/${reattribution.id}`,
      headers: analyst,
    });
    expect(progress.json()).toMatchObject({ status: 'done', progress: 1 });
    const runs = await app.inject({ method: 'GET', url: '/api/v1/brands/reattributions', headers: analyst });
    expect(runs.json().items).toHaveLength(2);

    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/brands',
      headers: analyst,
      payload: {
        ...body,
        slug: 'monex-2',
        nameJa: 'マネックス',
        nameEn: 'Monex Inc',
        officialDomains: ['monex.com'],
        keywords: ['monexinc'],
      },
    });
    const merged = await app.inject({
      method: 'POST',
      url: `/api/v1/brands/${other.json().brand.id}/merge`,
      headers: analyst,
      payload: { into: brand.id, reason: 'same firm' },
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().brand.officialDomains).toEqual(['monex.co.jp', 'monex.com']);
    const gone = await app.inject({
      method: 'GET',
      url: `/api/v1/brands/${other.json().brand.id}`,
      headers: analyst,
    });
    expect(gone.json()).toMatchObject({ status: 'merged', mergedInto: { id: brand.id, slug: 'monex' } });
    const retired = await app.inject({
      method: 'POST',
      url: `/api/v1/brands/${brand.id}/retire`,
      headers: analyst,
      payload: { reason: '' },
    });
    expect(retired.statusCode).toBe(400);

    const page = await app.inject({ method: 'GET', url: '/api/v1/brands?limit=2', headers: analyst });
    expect(page.json().items).toHaveLength(2);
    expect(page.headers.link).toContain('rel="next"');
    const next = await app.inject({
      method: 'GET',
      url: `/api/v1/brands?limit=2&cursor=${page.json().nextCursor}`,
      headers: analyst,
    });
    expect(next.json().items[0].id).toBeGreaterThan(page.json().items[1].id);
    const search = await app.inject({
      method: 'GET',
      url: '/api/v1/brands?q=マネックス&status=all',
      headers: analyst,
    });
    // The merged brand's spellings moved to the survivor: only it answers to them.
    expect(search.json().items.map((b: { slug: string }) => b.slug)).toEqual(['monex']);
  });
});
