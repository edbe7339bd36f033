import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';

type Page = {
  latestRun: { id: number; status: string } | null;
  run: { id: number; status: string; urlsScanned: number; reportsScanned: number } | null;
  items: {
    token: string;
    kinds: string[];
    urls: number;
    reports: number;
    sites: number;
    weeks: { weekStart: string; urls: number; reports: number }[];
    samples: { kind: string; text: string }[];
    suggestion: { slug: string; nameJa: string; nameEn: string; keywords: string[]; aliases: string[] };
  }[];
  nextCursor: string | null;
};

describe.each(DIALECTS)('emerging brands on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let analyst: Record<string, string>;
  let brandUser: Record<string, string>;

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    ctx.clock.set(Date.UTC(2026, 10, 20, 3, 0, 0));
    app = await buildServer(ctx);
    analyst = (await signIn(app, ctx, { role: 'analyst' })).headers;
    brandUser = (await signIn(app, ctx, { role: 'brand', brandIds: [ctx.brands.bySlug('rakuten')!.id] }))
      .headers;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const report = async (payload: Record<string, string>) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/reports', payload });
    expect(res.statusCode).toBe(202);
  };
  const page = async (query = '') => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/brands/emerging${query}`, headers: analyst });
    expect(res.statusCode).toBe(200);
    return res.json() as Page;
  };

  it('groups unattributed URLs and reports by a shared token, stored by a refresh job, for staff only', async () => {
    // A brand the registry does not know, under three sites, two weeks apart; one site's own label
    // ('kitsite') under many URLs is that site, not a brand.
    await report({ kind: 'url', content: 'https://matsui-login.abc-kit.cn/' });
    await report({ kind: 'url', content: 'https://secure.matsuijp.xyz/matsui/verify' });
    ctx.clock.set(Date.UTC(2026, 10, 27, 3, 0, 0));
    await report({ kind: 'url', content: 'https://matsui.zzq-host.top/login' });
    for (const p of ['a', 'b', 'c', 'd'])
      await report({ kind: 'url', content: `https://kitsite.example.ru/${p}` });
    for (const n of [1, 2, 3]) {
      await report({
        kind: 'sms',
        content: `【松井証券】お客様の口座を一時停止しました ${n} https://q${n}.example.net/`,
      });
    }
    await ctx.queue.drain();
    // Sessions signed in a week ago have expired.
    analyst = (await signIn(app, ctx, { role: 'analyst' })).headers;
    brandUser = (await signIn(app, ctx, { role: 'brand', brandIds: [ctx.brands.bySlug('rakuten')!.id] }))
      .headers;

    expect((await app.inject({ method: 'GET', url: '/api/v1/brands/emerging' })).statusCode).toBe(401);
    const forbidden = await app.inject({ method: 'GET', url: '/api/v1/brands/emerging', headers: brandUser });
    expect(forbidden.statusCode).toBe(403);
    expect(await page()).toMatchObject({ latestRun: null, run: null, items: [] });

    const refresh = await app.inject({
      method: 'POST',
      url: '/api/v1/brands/emerging/refresh',
      headers: analyst,
    });
    expect(refresh.statusCode).toBe(202);
    expect(refresh.json()).toMatchObject({ status: 'queued' });
    // A second refresh joins the queued run; a GET computes nothing.
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/brands/emerging/refresh',
      headers: analyst,
    });
    expect(again.json().id).toBe(refresh.json().id);
    expect(await page()).toMatchObject({ latestRun: { status: 'queued' }, run: null, items: [] });

    await ctx.queue.drain();
    const done = await page();
    expect(done.run).toMatchObject({
      id: refresh.json().id,
      status: 'done',
      urlsScanned: 10,
      reportsScanned: 3,
    });
    const matsui = done.items.find((c) => c.token === 'matsui')!;
    expect(matsui).toMatchObject({ kinds: ['host', 'path'], urls: 3, reports: 0, sites: 3 });
    expect(matsui.weeks).toHaveLength(8);
    expect(matsui.weeks.slice(-2).map((w) => w.urls)).toEqual([2, 1]);
    expect(new Date(matsui.weeks[7]!.weekStart).toISOString()).toBe('2026-11-22T15:00:00.000Z'); // Monday JST
    expect(matsui.samples.length).toBe(3);
    for (const s of matsui.samples) expect(s.text).toMatch(/^hxxps:\/\/[^.]+(\[\.\][^.]+)+\//);
    expect(matsui.suggestion).toMatchObject({ slug: 'matsui', nameEn: 'Matsui', keywords: ['matsui'] });
    const sms = done.items.find((c) => c.token === '松井証券')!;
    expect(sms).toMatchObject({ kinds: ['text'], urls: 0, reports: 3 });
    expect(sms.samples[0]!.text).toContain('【松井証券】');
    expect(sms.samples[0]!.text).not.toContain('example.net');
    expect(sms.suggestion).toMatchObject({ nameJa: '松井証券', aliases: ['松井証券'], keywords: [] });
    const tokens = done.items.map((c) => c.token);
    // One site's label, common words and the registry's names are never candidates.
    for (const t of ['kitsite', 'login', 'secure', 'verify', 'example', 'お客様'])
      expect(tokens).not.toContain(t);

    // Paging by cursor.
    const first = await page('?limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await page(`?limit=1&cursor=${first.nextCursor}`);
    expect(second.items[0]!.token).not.toBe(first.items[0]!.token);

    // One step: the suggestion is a valid draft; once the brand exists its token drops out at once.
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/brands',
      headers: analyst,
      payload: { ...matsui.suggestion, nameJa: '松井証券', sector: 'securities', aliases: ['松井証券'] },
    });
    expect(created.statusCode).toBe(201);
    const after = (await page()).items.map((c) => c.token);
    expect(after).not.toContain('matsui');
    expect(after).not.toContain('松井証券');
  });
});
