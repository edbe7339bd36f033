import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.ts';
import { fullHashes } from '../../src/urls/index.ts';
import { createTestApiKey, signIn } from '../auth.ts';
import { createTestContext, type TestContext } from '../context.ts';
import { DIALECTS } from '../databases.ts';
import { fillPath, listRoutes, type RouteInfo } from './routes.ts';

/**
 * The disclosure rule (src/sharing/disclosure.ts) over every route of the server × every kind of
 * principal: a URL of brand A that is TLP:RED and never confirmed (with a takedown case on it), a
 * confirmed TLP:RED one and a confirmed TLP:AMBER one must never appear in a response to a principal not
 * cleared for them, whatever route, id or filter is tried. A confirmed TLP:CLEAR URL of brand A is the
 * control: the brand user does see it, so the probes are not blind.
 */
type Who = { headers: Record<string, string>; sees: ('redNew' | 'redConfirmed' | 'amber')[] };

for (const dialect of DIALECTS) {
  describe(`what leaves phishdesk, every route × principal (${dialect})`, () => {
    let ctx: TestContext;
    let app: FastifyInstance;
    let routes: RouteInfo[];
    const tag = randomBytes(5).toString('hex');
    const host = {
      redNew: `redsecret-${tag}.example`,
      redConfirmed: `redconfirmed-${tag}.example`,
      amber: `ambersecret-${tag}.example`,
      clear: `clearok-${tag}.example`,
    };
    const ids: Record<keyof typeof host, number> = { redNew: 0, redConfirmed: 0, amber: 0, clear: 0 };
    const extraIds: number[] = [];
    const who: Record<string, Who> = {};
    let admin: Record<string, string>;
    let brandA = 0;
    let brandB = 0;

    async function seedUrl(name: keyof typeof host, tlp: string | null, brandId: number): Promise<number> {
      const url = `https://${host[name]}/login/${tag}`;
      await ctx.intake.submit(
        { kind: 'sms', content: `${host[name]} ${url}`, consent: { police: false, brand: true } },
        [],
        'api',
      );
      await ctx.queue.drain();
      const k = ctx.db.kysely;
      const row = await k
        .selectFrom('urls as u')
        .innerJoin('hosts as h', 'h.id', 'u.host_id')
        .select('u.id')
        .where('h.name', '=', host[name])
        .executeTakeFirstOrThrow();
      await k.updateTable('urls').set({ brand_id: brandId }).where('id', '=', row.id).execute();
      const reportIds = k.selectFrom('report_urls').select('report_id').where('url_id', '=', row.id);
      await k.updateTable('reports').set({ tlp, brand_id: brandId }).where('id', 'in', reportIds).execute();
      return row.id;
    }

    async function confirm(id: number) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/urls/${id}/verdict`,
        headers: admin,
        payload: { status: 'confirmed', reason: 'matrix test' },
      });
      expect(res.statusCode, res.body).toBe(200);
    }

    beforeAll(async () => {
      ctx = await createTestContext(dialect);
      app = await buildServer(ctx);
      await app.ready();
      routes = listRoutes(app);
      const brands = await ctx.db.kysely.selectFrom('brands').select('id').orderBy('id').limit(2).execute();
      const [a, b] = [brands[0]!.id, brands[1]!.id];
      [brandA, brandB] = [a, b];
      admin = (await signIn(app, ctx, { role: 'admin' })).headers;
      ids.redNew = await seedUrl('redNew', 'red', a);
      ids.redConfirmed = await seedUrl('redConfirmed', 'tlp:red', a);
      ids.amber = await seedUrl('amber', 'amber', a);
      ids.clear = await seedUrl('clear', null, a);
      for (const id of [ids.redConfirmed, ids.amber, ids.clear]) await confirm(id);
      // A takedown case on the unconfirmed URL (opened by an analyst before anyone confirmed it).
      const t0 = ctx.clock.now();
      const tc = await ctx.db.kysely
        .insertInto('takedown_cases')
        .values({
          url_id: ids.redNew,
          scope: 'url',
          brand_id: a,
          target_url: `https://${host.redNew}/login/${tag}`,
          target_host: host.redNew,
          target_domain: host.redNew,
          state: 'requested',
          contacts: '[]',
          first_reported_at: t0,
          opened_at: t0,
          requested_at: t0,
          updated_at: t0,
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      extraIds.push(Number(tc.id));
      const campaigns = await ctx.db.kysely.selectFrom('campaigns').select('id').execute();
      const reports = await ctx.db.kysely.selectFrom('reports').select('id').execute();
      extraIds.push(...campaigns.map((c) => Number(c.id)), ...reports.map((r) => Number(r.id)));

      who.anonymous = { headers: {}, sees: [] };
      who.admin = { headers: admin, sees: ['redNew', 'redConfirmed', 'amber'] };
      who.analyst = {
        headers: (await signIn(app, ctx, { role: 'analyst' })).headers,
        sees: ['redNew', 'redConfirmed', 'amber'],
      };
      who.brandSession = {
        headers: (await signIn(app, ctx, { role: 'brand', brandIds: [a] })).headers,
        sees: ['amber'],
      };
      who.otherBrandSession = {
        headers: (await signIn(app, ctx, { role: 'brand', brandIds: [b] })).headers,
        sees: [],
      };
      who.brandKeyGreen = {
        headers: (await createTestApiKey(ctx, { role: 'brand', tlp: 'green', brandIds: [a] })).headers,
        sees: [],
      };
      who.brandKeyAmber = {
        headers: (await createTestApiKey(ctx, { role: 'brand', tlp: 'amber', brandIds: [a] })).headers,
        sees: ['amber'],
      };
      who.brandKeyRed = {
        headers: (await createTestApiKey(ctx, { role: 'brand', tlp: 'red', brandIds: [a] })).headers,
        sees: ['amber'],
      };
      who.partnerGreen = {
        headers: (await createTestApiKey(ctx, { role: 'partner', tlp: 'green' })).headers,
        sees: [],
      };
      who.partnerAmber = {
        headers: (await createTestApiKey(ctx, { role: 'partner', tlp: 'amber' })).headers,
        sees: ['amber'],
      };
    }, 180_000);

    afterAll(async () => {
      await app?.close();
      await ctx?.close();
    });

    it('enumerates the routes and the control URL is visible to its brand', async () => {
      const urls = routes.map((r) => `${r.method} ${r.url}`);
      expect(urls).toContain('GET /api/v1/urls/:id');
      expect(urls).toContain('GET /api/v1/portal/takedowns');
      expect(urls).toContain('GET /api/v1/campaigns/:id');
      const res = await app.inject({ url: `/api/v1/urls/${ids.clear}`, headers: who.brandSession!.headers });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(host.clear);
      const staff = await app.inject({ url: `/api/v1/urls/${ids.redNew}`, headers: admin });
      expect(staff.body).toContain(host.redNew);
    });

    it('never answers a principal with a URL it is not cleared for', async () => {
      const leaks: string[] = [];
      const values = [...new Set([...Object.values(ids), ...extraIds].map(String))];
      const filters: Record<string, string> = {
        q: host.redNew.slice(0, 12),
        search: host.redNew.slice(0, 12),
        // The check API echoes its input (removed before scanning): it must not call it phishing.
        url: `https://${host.redConfirmed}/login/${tag}`,
        status: 'new',
        limit: '200',
      };
      const secretPrefixes = Object.values(host).flatMap((h) =>
        fullHashes(`https://${h}/login/${tag}`)
          .map((x) => x.prefix)
          .slice(0, 1),
      );
      for (const [name, principal] of Object.entries(who)) {
        const hidden = (['redNew', 'redConfirmed', 'amber'] as const).filter(
          (s) => !principal.sees.includes(s),
        );
        if (!hidden.length) continue;
        const markers = hidden.map((s) => host[s]);
        for (const route of routes) {
          if (route.method === 'HEAD' || route.method === 'OPTIONS') continue;
          // Signing out or changing one's password would end the principal's session mid-matrix.
          if (route.method !== 'GET' && route.url.startsWith('/api/v1/auth/')) continue;
          const paths = route.pathParams.length ? values.map((v) => fillPath(route, v)) : [route.url];
          for (const path of paths) {
            const query = new URLSearchParams();
            for (const p of route.queryParams) if (filters[p]) query.set(p, filters[p]!);
            const variants = [path, ...(query.size ? [`${path}?${query}`] : [])];
            for (const url of variants) {
              const write = route.method !== 'GET';
              const payload = route.url.endsWith('hashes::search')
                ? { hashPrefixes: secretPrefixes }
                : write
                  ? {}
                  : undefined;
              const res = await app.inject({
                method: route.method as 'GET',
                url,
                headers: principal.headers,
                ...(payload ? { payload } : {}),
              });
              const body = res.body
                .replaceAll(filters.url!, '')
                .replaceAll(encodeURIComponent(filters.url!), '');
              if (url.includes('url=') && body.includes('"verdict":"phishing"'))
                leaks.push(`${name} ${route.method} ${url} → ${res.statusCode} calls a RED URL phishing`);
              for (const m of markers) {
                if (body.includes(m))
                  leaks.push(`${name} ${route.method} ${url} → ${res.statusCode} shows ${m}`);
              }
            }
          }
        }
      }
      expect(leaks).toEqual([]);
    }, 600_000);

    it('takes a takedown case away from the old brand after a brand correction', async () => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/urls/${ids.clear}/brand`,
        headers: admin,
        payload: { brandId: brandB, reason: 'not this brand' },
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      const brandHeaders = who.brandSession!.headers;
      const t0 = ctx.clock.now();
      await ctx.db.kysely
        .insertInto('takedown_cases')
        .values({
          url_id: ids.clear,
          scope: 'url',
          // The case keeps the brand it was opened for; the portal must follow the URL's current brand.
          brand_id: brandA,
          target_url: `https://${host.clear}/login/${tag}`,
          target_host: host.clear,
          target_domain: host.clear,
          state: 'requested',
          contacts: '[]',
          first_reported_at: t0,
          opened_at: t0,
          requested_at: t0,
          updated_at: t0,
        } as never)
        .execute();
      const cases = await app.inject({ url: '/api/v1/portal/takedowns', headers: brandHeaders });
      expect(cases.statusCode).toBe(200);
      expect(cases.body).not.toContain(host.clear);
      const newBrand = await app.inject({
        url: '/api/v1/portal/takedowns',
        headers: who.otherBrandSession!.headers,
      });
      expect(newBrand.body).toContain(host.clear);
    });
  });
}
