import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.ts';
import { createTestApiKey, signIn } from '../auth.ts';
import { createTestContext, type TestContext } from '../context.ts';
import { DIALECTS } from '../databases.ts';
import { fillPath, listRoutes, type RouteInfo } from './routes.ts';

/** Classic and dialect-specific injections; each would change the query's meaning if it were spliced in. */
const PAYLOADS = [
  "' OR '1'='1",
  "1' OR 1=1--",
  '1 OR 1=1',
  "'; DROP TABLE reports;--",
  '1); DELETE FROM reports;--',
  "' UNION SELECT payload, payload, payload FROM reports--",
  "1' AND (SELECT count(*) FROM sqlite_master) > 0--",
  "'||(SELECT payload FROM reports LIMIT 1)||'",
  '1;SELECT pg_sleep(3)--',
  '$1',
  '%',
  '_',
  '\\',
  '"',
  '`',
  '\u0000',
  "2024-01' OR '1'='1",
  '-1',
  '99999999999999999999999999',
  'NaN',
  "admin'--",
  `${'A'.repeat(5000)}'`,
];
/** Payloads that would widen a filter (show more rows) if they reached the SQL as text. */
const WIDENING = [PAYLOADS[0]!, PAYLOADS[1]!, PAYLOADS[2]!, PAYLOADS[5]!, PAYLOADS[7]!, '%'];
/** Names a filter is commonly given, tried on every route besides those its schema declares. */
const COMMON_QUERY = [
  'q',
  'search',
  'id',
  'brand',
  'status',
  'sort',
  'order',
  'page',
  'limit',
  'from',
  'to',
  'month',
];

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#x27' }[c]};`,
  );
}

/** Database errors and internals that must never reach a client. */
// Case-sensitive, and not matching the payloads themselves (which name sqlite_master and may be echoed).
const LEAK =
  /SQLITE_[A-Z]+|syntax error|unrecognized token|pg_catalog|relation "[^"]*" does not exist|column "[^"]*" does not exist|invalid input syntax|at [A-Za-z.]+ \(|node_modules|\bKysely\b/;

for (const dialect of DIALECTS) {
  describe(`SQL injection on every GET route (${dialect})`, () => {
    let ctx: TestContext;
    let app: FastifyInstance;
    let routes: RouteInfo[];
    const canary = `CANARY-${randomBytes(8).toString('hex')}`;
    const who: Record<string, Record<string, string>> = {};
    let reportsBefore = 0;

    beforeAll(async () => {
      ctx = await createTestContext(dialect);
      app = await buildServer(ctx);
      await app.ready();
      routes = listRoutes(app).filter((r) => r.method === 'GET');
      const brands = await ctx.db.kysely.selectFrom('brands').select('id').orderBy('id').limit(2).execute();
      // A report of brand 0 holding the canary: no anonymous caller, partner or other brand may ever see it.
      await ctx.intake.submit(
        {
          kind: 'sms',
          content: `${canary} https://canary.example.com/${canary}`,
          consent: { police: false, brand: false },
        },
        [],
        'api',
      );
      await ctx.queue.drain();
      await ctx.db.kysely.updateTable('reports').set({ brand_id: brands[0]!.id }).execute();
      who.anonymous = {};
      who.otherBrand = (await signIn(app, ctx, { role: 'brand', brandIds: [brands[1]!.id] })).headers;
      who.partnerKey = (await createTestApiKey(ctx, { role: 'partner', tlp: 'clear' })).headers;
      who.admin = (await signIn(app, ctx, { role: 'admin' })).headers;
      reportsBefore = (
        await ctx.db.kysely
          .selectFrom('reports')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n as number;
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await ctx?.close();
    });

    it('finds the routes to attack (the enumeration itself works)', () => {
      const urls = routes.map((r) => r.url);
      expect(urls).toContain('/api/v1/reports/:id');
      expect(urls).toContain('/api/v1/stats');
      expect(routes.find((r) => r.url === '/api/v1/stats')!.queryParams.length).toBeGreaterThan(0);
    });

    it('answers every injection without a 5xx, a database error or another principal’s data', async () => {
      const failures: string[] = [];
      const attempts: { route: RouteInfo; payload: string; url: string }[] = [];
      for (const route of routes) {
        // Swagger UI's static files are not ours and hold no data.
        if (route.url.startsWith('/docs')) continue;
        for (const payload of PAYLOADS) {
          // Declared filters get every payload; routes without a query schema get common filter names
          // with a few payloads (they should ignore them: this catches hand-read query strings).
          const queryNames = route.queryParams.length
            ? route.queryParams
            : PAYLOADS.indexOf(payload) % 4 === 0
              ? COMMON_QUERY
              : [];
          const urls = [
            ...(route.pathParams.length ? [fillPath(route, payload)] : []),
            ...queryNames.map((q) => `${fillPath(route, '1')}?${q}=${encodeURIComponent(payload)}`),
          ];
          for (const url of urls) attempts.push({ route, payload, url });
        }
      }
      async function attack({ route, payload, url }: (typeof attempts)[number], name: string) {
        const res = await app.inject({ method: 'GET', url, headers: who[name]! });
        // The request's own text echoed back (a 404 naming the path) is not a leak: look past it.
        const body = res.body
          .replaceAll(payload, '')
          .replaceAll(encodeURIComponent(payload), '')
          .replaceAll(escapeHtml(payload), '')
          .replaceAll(JSON.stringify(payload).slice(1, -1), '');
        if (res.statusCode >= 500)
          failures.push(`${name} GET ${url} → ${res.statusCode} ${body.slice(0, 200)}`);
        if (LEAK.test(body) && !route.url.startsWith('/metrics'))
          failures.push(`${name} GET ${url} leaks internals: ${body.match(LEAK)![0]}`);
        if (name !== 'admin' && body.includes(canary)) failures.push(`${name} GET ${url} shows the canary`);
      }
      // Several requests at once: the database round trips overlap (the suite grows with every route).
      // Admin reaches the deepest queries: every payload. The others test for leaks across scopes, with
      // the payloads that would widen a filter if spliced in.
      const queue = attempts.flatMap((a) =>
        Object.keys(who)
          .filter((name) => name === 'admin' || WIDENING.includes(a.payload))
          .map((name) => [a, name] as const),
      );
      console.log(`sql-injection (${dialect}): ${queue.length} requests on ${routes.length} GET routes`);
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) await attack(next[0], next[1]);
        }),
      );
      expect(failures.slice(0, 20)).toEqual([]);
      // Nothing was dropped or deleted, and every table is still there.
      const after = await ctx.db.kysely
        .selectFrom('reports')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(reportsBefore));
      await sql`select 1 from report_urls limit 1`.execute(ctx.db.kysely);
    }, 300_000);
  });
}
