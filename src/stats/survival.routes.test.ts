import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import { createSourcesRepository } from '../sources/sources.repository.ts';
import type { SurvivalFigures, SurvivalGroup } from './survival.schema.ts';

const H = 3_600_000;
const HOSTILE = '<script>alert(1)</script>https://evil.example/login';

type CaseSpec = {
  /** Hours from the request to down ("+": censored then, still live or closed as not actionable). */
  spec: string;
  state?: 'requested' | 'acknowledged' | 'closed';
};

async function seedUrl(ctx: TestContext, host: string, opts: { tlp?: string; status?: string }) {
  const sourceId = (await createSourcesRepository(ctx.db).ensure('web', 'web', 1)).id;
  const t = ctx.clock.now() - 48 * H;
  await ctx.repos.ingest.ingest({
    sourceId,
    reports: [
      {
        report: {
          externalId: `r-${host}`,
          kind: 'url',
          status: 'processed',
          receivedAt: t,
          reportedAt: t,
          brandLabel: null,
          brandId: null,
          contentType: null,
          payload: '{}',
          tlp: opts.tlp ?? null,
        },
        urls: [
          {
            urlHash: `h-${host}`,
            canonical: `https://${host}/`,
            scheme: 'https',
            host,
            isIp: false,
            registrableDomain: host,
            publicSuffix: host.split('.').pop()!,
            tld: host.split('.').pop()!,
            path: '/',
            features: '',
            threat: 'phishing',
            brandId: null,
            brandConfidence: null,
            brandEvidence: null,
            seenAt: t,
          },
        ],
      },
    ],
  });
  const url = await ctx.db.kysely
    .selectFrom('urls')
    .select('id')
    .where('canonical', '=', `https://${host}/`)
    .executeTakeFirstOrThrow();
  await ctx.db.kysely
    .updateTable('urls')
    .set({ status: opts.status ?? 'confirmed' })
    .where('id', '=', url.id)
    .execute();
  return url.id;
}

/** Cases of one URL, each requested 1 h after the first report, times as in `specs` before now. */
async function seedCases(
  ctx: TestContext,
  urlId: number,
  host: string,
  contacts: unknown[],
  specs: CaseSpec[],
) {
  const now = ctx.clock.now();
  for (const { spec, state } of specs) {
    const hours = Number(spec.replace('+', ''));
    const censored = spec.endsWith('+');
    // A live case is censored now: its request was `hours` ago. A closed one was closed `hours` after its
    // request, two hours ago; a down one went down `hours` after its request, an hour ago.
    const requestedAt = censored
      ? state === 'closed'
        ? now - 2 * H - hours * H
        : now - hours * H
      : now - H - hours * H;
    await ctx.db.kysely
      .insertInto('takedown_cases')
      .values({
        url_id: urlId,
        scope: 'url',
        target_url: `https://${host}/`,
        target_host: host,
        target_domain: host,
        state: censored ? (state ?? 'requested') : 'down',
        contacts: JSON.stringify(contacts),
        first_reported_at: requestedAt - H,
        opened_at: requestedAt - H / 2,
        requested_at: requestedAt,
        down_at: censored ? null : requestedAt + hours * H,
        closed_at: state === 'closed' ? requestedAt + hours * H : null,
        updated_at: requestedAt,
      })
      .execute();
  }
}

const hosting = (address: string | null, name: string | null) => ({
  role: 'hosting',
  name,
  emails: [],
  source: null,
  query: address,
  fetchedAt: null,
  error: null,
});
const registrar = (name: string) => ({ ...hosting(null, name), role: 'registrar', query: 'x' });

async function cacheIp(ctx: TestContext, address: string, answer: Record<string, unknown>) {
  await ctx.db.kysely
    .insertInto('rdap_cache')
    .values({
      key: `ip:${address}`,
      fetched_at: ctx.clock.now(),
      expires_at: ctx.clock.now() + 24 * H,
      found: 1,
      result: JSON.stringify({ kind: 'ip', query: address, ...answer }),
    })
    .execute();
}

const groupOf = (f: SurvivalFigures, dimension: string, value: string | null) =>
  f.groups.find((g) => g.dimension === dimension && g.value === value) as SurvivalGroup | undefined;

describe.each(DIALECTS)('time to takedown (%s)', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let analyst: Record<string, string>;

  beforeAll(async () => {
    ctx = await createTestContext(dialect, { TAKEDOWN_STATS_MIN_CASES: '3' });
    app = await buildServer(ctx);
    // FastHost: the hand-computed example of src/lib/survival.test.ts, hours from request to down:
    // 2 3+ 4 4 5+ 7 8+ (3+ and 8+ still live, 5+ closed as not actionable). Median 7 h (2 h – not reached).
    const fast = await seedUrl(ctx, 'fast.evil-a.test', {});
    await cacheIp(ctx, '192.0.2.1', { name: 'FASTHOST-NET', country: 'jp' });
    await seedCases(
      ctx,
      fast,
      'fast.evil-a.test',
      [hosting('192.0.2.1', 'FastHost KK'), registrar('Example Registrar, Inc.')],
      [
        { spec: '2' },
        { spec: '3+' },
        { spec: '4' },
        { spec: '4' },
        { spec: '5+', state: 'closed' },
        { spec: '7' },
        { spec: '8+', state: 'acknowledged' },
      ],
    );
    // Two cases only: below the minimum of 3.
    const small = await seedUrl(ctx, 'small.evil-b.xyz', {});
    await seedCases(
      ctx,
      small,
      'small.evil-b.xyz',
      [hosting(null, 'SmallHost')],
      [{ spec: '1' }, { spec: '2' }],
    );
    // A network whose RDAP name is hostile; its address known only from a liveness check.
    const hostile = await seedUrl(ctx, 'h.evil-c.test', {});
    await ctx.db.kysely
      .insertInto('url_checks')
      .values({
        url_id: hostile,
        checked_at: ctx.clock.now() - H,
        result: 'live',
        http_status: 200,
        final_url: null,
        content_hash: null,
        address: '192.0.2.66',
        redirects: '[]',
        tls: null,
        error: null,
        duration_ms: 1,
      })
      .execute();
    await cacheIp(ctx, '192.0.2.66', { name: HOSTILE, country: 'us' });
    await seedCases(ctx, hostile, 'h.evil-c.test', [], [{ spec: '1' }, { spec: '2' }, { spec: '3' }]);
    // Never public: a TLP:RED URL and an unconfirmed one, three cases each.
    const red = await seedUrl(ctx, 'red.evil-d.test', { tlp: 'red' });
    await seedCases(
      ctx,
      red,
      'red.evil-d.test',
      [hosting(null, 'SecretHost')],
      [{ spec: '1' }, { spec: '1' }, { spec: '1' }],
    );
    const unconfirmed = await seedUrl(ctx, 'new.evil-e.test', { status: 'new' });
    await seedCases(
      ctx,
      unconfirmed,
      'new.evil-e.test',
      [hosting(null, 'NewHost')],
      [{ spec: '1' }, { spec: '1' }, { spec: '1' }],
    );
    analyst = (await signIn(app, ctx, { role: 'analyst' })).headers;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const api = async (headers: Record<string, string> = {}, query = '') => {
    const res = await app.inject({ url: `/api/v1/stats/time-to-takedown${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as SurvivalFigures;
  };

  it('keeps censored cases in the curve: still-live sites change the median, none is dropped', async () => {
    const f = await api();
    const fast = groupOf(f, 'network', 'FASTHOST-NET')!;
    expect(fast.fromRequest).toMatchObject({ cases: 7, down: 4, censored: 3 });
    // Textbook Kaplan–Meier (src/lib/survival.test.ts): median 7 h, interval 2 h to not reached; 90 % not reached.
    expect(fast.fromRequest!.median).toEqual({ ms: 7 * H, lowerMs: 2 * H, upperMs: null });
    expect(fast.fromRequest!.p90).toEqual({ ms: null, lowerMs: 7 * H, upperMs: null });
    // From the first report every time is one hour longer.
    expect(fast.fromReport.median).toEqual({ ms: 8 * H, lowerMs: 3 * H, upperMs: null });
    // The same network in the other dimensions it is known by.
    expect(groupOf(f, 'registrar', 'Example Registrar, Inc.')!.fromReport.cases).toBe(7);
    expect(groupOf(f, 'country', 'JP')!.fromReport.cases).toBe(7);
    expect(groupOf(f, 'tld', 'test')!.fromReport.cases).toBe(10);

    // Had the three censored sites been dropped, the median of 2 4 4 7 would be 4 h: take one of the live
    // ones down at 20 h and the curve moves, which it could not if it had been left out.
    const live = await ctx.db.kysely
      .selectFrom('takedown_cases')
      .select(['id', 'requested_at'])
      .where('state', '=', 'acknowledged')
      .executeTakeFirstOrThrow();
    await ctx.db.kysely
      .updateTable('takedown_cases')
      .set({ state: 'down', down_at: Number(live.requested_at) + 1 * H })
      .where('id', '=', live.id)
      .execute();
    const after = groupOf(await api(), 'network', 'FASTHOST-NET')!;
    expect(after.fromRequest).toMatchObject({ cases: 7, down: 5, censored: 2 });
    // 1 2 3+ 4 4 5+ 7: S = 6/7, 5/7, (5/7)(2/4)=0.357 at 4 → median 4 h.
    expect(after.fromRequest!.median.ms).toBe(4 * H);
    await ctx.db.kysely
      .updateTable('takedown_cases')
      .set({ state: 'acknowledged', down_at: null })
      .where('id', '=', live.id)
      .execute();
  });

  it('hides groups under the minimum case count and says how many', async () => {
    const f = await api();
    expect(f.minCases).toBe(3);
    expect(groupOf(f, 'network', 'SmallHost')).toBeUndefined();
    expect(f.hidden).toContainEqual({ dimension: 'network', groups: 1, cases: 2 });
    expect(f.hidden).toContainEqual({ dimension: 'tld', groups: 1, cases: 2 });
    // The overall row holds every public case, small groups included.
    expect(groupOf(f, 'all', null)!.fromReport).toMatchObject({ cases: 12, down: 9, censored: 3 });
    expect(f.known).toEqual({ network: 12, registrar: 7, tld: 12, country: 10 });
  });

  it('shows the public only confirmed URLs cleared for it; staff see every case', async () => {
    const pub = await api();
    const names = pub.groups.map((g) => g.value);
    expect(names).not.toContain('SecretHost');
    expect(names).not.toContain('NewHost');
    expect(pub.total.cases).toBe(12);
    const staff = await api(analyst);
    expect(staff.total.cases).toBe(18);
    expect(groupOf(staff, 'network', 'SecretHost')!.fromReport.cases).toBe(3);
    const page = await app.inject({ url: '/time-to-takedown?lang=en' });
    expect(page.body).not.toContain('SecretHost');
    expect(page.body).not.toContain('NewHost');
  });

  it("gives a brand user its own brands' cases only (the brand portal's figures)", async () => {
    const [own, other] = await ctx.db.kysely
      .selectFrom('brands')
      .select('id')
      .orderBy('id')
      .limit(2)
      .execute();
    const fast = await ctx.db.kysely
      .selectFrom('urls')
      .select('id')
      .where('canonical', '=', 'https://fast.evil-a.test/')
      .executeTakeFirstOrThrow();
    await ctx.db.kysely.updateTable('urls').set({ brand_id: own!.id }).where('id', '=', fast.id).execute();
    const mine = await api((await signIn(app, ctx, { role: 'brand', brandIds: [own!.id] })).headers);
    expect(mine.total.cases).toBe(7);
    expect(groupOf(mine, 'all', null)!.fromReport).toMatchObject({ cases: 7, down: 4, censored: 3 });
    const theirs = await api((await signIn(app, ctx, { role: 'brand', brandIds: [other!.id] })).headers);
    expect(theirs.total.cases).toBe(0);
    expect(theirs.groups).toEqual([]);
  });

  it('filters by the month cases were opened in and validates the period', async () => {
    expect((await api({}, '?month=2026-05')).total.cases).toBe(12);
    expect((await api({}, '?month=2026-04')).total.cases).toBe(0);
    const bad = await app.inject({ url: '/api/v1/stats/time-to-takedown?month=2026-13' });
    expect(bad.statusCode).toBe(400);
  });

  it('renders the public page in Japanese and English, JST, with a hostile network name as inert text', async () => {
    const ja = await app.inject({ url: '/time-to-takedown' });
    expect(ja.statusCode).toBe(200);
    expect(ja.headers['content-security-policy']).toContain("default-src 'none'");
    expect(ja.body).toContain('テイクダウンまでの時間');
    expect(ja.body).toContain('日本時間 JST');
    // The fixed clock: 2026-05-22 01:00 UTC = 10:00 JST.
    expect(ja.body).toContain('2026/05/22 10:00');
    expect(ja.body).not.toContain('<script>');
    expect(ja.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;hxxps://evil[.]example/login');
    expect(ja.body).not.toMatch(/https:\/\/evil\.example/);
    const en = await app.inject({ url: '/time-to-takedown?lang=en' });
    expect(en.body).toContain('Time to takedown');
    expect(en.body).toContain('FASTHOST-NET');
    expect(en.body).toContain('7.0 h (2.0 h–not reached)');
  });

  it('adds "who takes phishing down" to the monthly report, CSV included', async () => {
    const res = await app.inject({
      url: '/reports/monthly/2026-05.csv?table=survival&lang=en',
      headers: analyst,
    });
    expect(res.statusCode, res.body).toBe(200);
    const rows = parse(res.body, { bom: true }) as string[][];
    expect(rows[0]![0]).toBe('By');
    const fast = rows.find((r) => r[1] === 'FASTHOST-NET')!;
    expect(fast.slice(2, 6)).toEqual(['7', '4', '3', '7.0 h (2.0 h–not reached)']);
    // Defanged, and a leading "=" or "<" could never start a formula.
    expect(rows.some((r) => r[1] === '<script>alert(1)</script>hxxps://evil[.]example/login')).toBe(true);
    expect(rows.map((r) => r[1])).not.toContain('SecretHost');
    const page = await app.inject({ url: '/reports/monthly/2026-05?lang=ja', headers: analyst });
    expect(page.body).toContain('テイクダウンしているのは誰か');
  });
});
