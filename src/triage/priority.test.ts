import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildCli } from '../cli/main.ts';
import type { FeedEntry } from '../feeds/feed-item.ts';
import { buildServer } from '../http/server.ts';
import { DEFAULT_RULE_SET } from '../rules/default-rules.ts';
import { createQueuePriority, priorityOf } from './priority.ts';
import { brandUser, staff } from './triage.fixtures.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies, checked by value
type Json = Record<string, any>;

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 3, 1);
const host = (n: number) => `login-${n}.prio-example.test`;

/** URL n on its own host, reported on day n of April 2026 (so a higher n is newer). */
function entries(source: string, ns: number[]): FeedEntry[] {
  return ns.map((n) => ({
    item: {
      externalId: `${source}-${n}`,
      url: `http://${host(n)}/signin/${n}`,
      reportedAt: T0 + n * DAY,
      threat: 'phishing' as const,
      raw: { n },
    },
  }));
}

describe('priorityOf', () => {
  it('sorts like (rule priority, live, reporters, brand) and gives a reason per part that counts', () => {
    const none = { rule: null, live: false, reporters: 1, brand: false };
    const rule = priorityOf({ ...none, rule: { id: 'r', version: 2, value: 1 } });
    const live = priorityOf({ ...none, live: true, reporters: 9_999, brand: true });
    const reporters = priorityOf({ ...none, reporters: 3 });
    const brand = priorityOf({ ...none, reporters: 2, brand: true });
    expect(rule.score).toBeGreaterThan(live.score);
    expect(live.score).toBeGreaterThan(priorityOf({ ...none, reporters: 1_000_000, brand: true }).score);
    expect(reporters.score).toBeGreaterThan(brand.score);
    expect(brand.score).toBeGreaterThan(priorityOf({ ...none, reporters: 2 }).score);
    expect(rule.reasons).toEqual([{ code: 'rule', ruleId: 'r', ruleVersion: 2, value: 1 }]);
    expect(live.reasons).toEqual([{ code: 'live' }, { code: 'reporters', count: 9_999 }, { code: 'brand' }]);
    expect(priorityOf(none)).toEqual({ score: 10, reasons: [] });
    const top = priorityOf({
      rule: { id: 'r', version: 1, value: 1000 },
      live: true,
      reporters: 1e9,
      brand: true,
    });
    expect(top.score).toBeLessThan(2 ** 31);
  });
});

describe.each(DIALECTS)('the triage queue by priority on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let analyst: Record<string, string>;
  const id = new Map<number, number>();

  const get = async (query: string, expected = 200): Promise<Json> => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/triage/urls?${query}`, headers: analyst });
    expect(res.statusCode, res.body).toBe(expected);
    return res.json();
  };
  const hosts = (page: Json) => page.items.map((u: Json) => u.host);
  const allPages = async (query: string, from: string | null = null): Promise<string[]> => {
    const seen: string[] = [];
    let cursor = from;
    do {
      const page = await get(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...hosts(page));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  };

  /** The command line against the test's database and job queue (the jobs wait for ctx.queue.drain()). */
  async function run(...args: string[]): Promise<string> {
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const env = { ...process.env };
    Object.assign(process.env, {
      DATABASE_URL: ctx.testDb.url,
      SMTP_ENABLED: 'false',
      LOG_LEVEL: 'silent',
      ...(ctx.testDb.schema ? { JOBS_SCHEMA: `boss_${ctx.testDb.schema}` } : {}),
    });
    try {
      await buildCli().parseAsync(['node', 'phishdesk', ...args]);
    } finally {
      write.mockRestore();
      process.env = env;
    }
    return out.join('');
  }

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = await buildServer(ctx);
    analyst = (await signIn(app, ctx, { role: 'analyst' })).headers;
    await ctx.imports.importEntries({ name: 'queue-a', kind: 'generic' }, entries('a', [1, 2, 3, 4, 5, 6]));
    // Three independent sources name URL 3: the default rule many-reporters-priority (60) applies.
    await ctx.imports.importEntries({ name: 'queue-b', kind: 'generic' }, entries('b', [3]));
    await ctx.imports.importEntries({ name: 'queue-c', kind: 'generic' }, entries('c', [3]));
    await ctx.queue.drain();
    const rows = await ctx.db.kysely
      .selectFrom('urls as u')
      .innerJoin('hosts as h', 'h.id', 'u.host_id')
      .select(['u.id', 'h.name'])
      .execute();
    for (const r of rows) id.set(Number(/^login-(\d+)\./.exec(r.name)![1]), Number(r.id));
    // A rule of the active set puts URL 5 first, through the rules job's own path.
    await ctx.rules.save(null, {
      rules: [
        ...DEFAULT_RULE_SET.rules,
        {
          id: 'watch-login-5',
          description: 'one host an analyst asked to watch',
          enabled: true,
          when: { field: 'url.host', op: 'eq', value: host(5) },
          action: { type: 'priority', value: 90 },
        },
      ],
    });
    await ctx.rules.evaluate([...id.values()]);
    // Liveness and brand facts need a fetch and a brand match: hand them over as the rules job would.
    await createQueuePriority().record(ctx.db.kysely, [
      { urlId: id.get(2)!, rule: null, live: true, reporters: 1, brand: false },
      { urlId: id.get(4)!, rule: null, live: false, reporters: 1, brand: true },
    ]);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('orders the staff queue of new URLs by priority by default, with the reasons', async () => {
    const page = await get('status=new');
    expect(page.sort).toBe('priority');
    expect(hosts(page)).toEqual([5, 3, 2, 4, 6, 1].map(host));
    const reasons = Object.fromEntries(page.items.map((u: Json) => [u.host, u.priority.reasons]));
    expect(reasons[host(5)]).toEqual([{ code: 'rule', ruleId: 'watch-login-5', ruleVersion: 1, value: 90 }]);
    expect(reasons[host(3)]).toEqual([
      { code: 'rule', ruleId: 'many-reporters-priority', ruleVersion: 1, value: 60 },
      { code: 'reporters', count: 3 },
    ]);
    expect(reasons[host(2)]).toEqual([{ code: 'live' }]);
    expect(reasons[host(4)]).toEqual([{ code: 'brand' }]);
    expect(reasons[host(6)]).toEqual([]);
    const scores = page.items.map((u: Json) => u.priority.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('newest first stays a choice, and the default for any other view', async () => {
    const newest = await get('status=new&sort=newest');
    expect(newest.sort).toBe('newest');
    expect(hosts(newest)).toEqual([6, 5, 4, 3, 2, 1].map(host));
    const every = await get('');
    expect(every.sort).toBe('newest');
    expect(hosts(every)).toEqual([6, 5, 4, 3, 2, 1].map(host));
    expect(hosts(await get('sort=priority'))).toEqual([5, 3, 2, 4, 6, 1].map(host));
    // The count takes the queue's query as it is, order included.
    const count = await app.inject({
      method: 'GET',
      url: '/api/v1/triage/urls/count?status=new&sort=priority',
      headers: analyst,
    });
    expect(count.json()).toEqual({ total: 6 });
    const brand = await ctx.triage.listUrls(brandUser([1]), { limit: 10, status: ['new'] });
    expect(brand.sort).toBe('newest');
  });

  it('keeps the priority order under a search (indexed, and a short pattern scanned in a window)', async () => {
    const order = [5, 3, 2, 4, 6, 1].map(host);
    expect(hosts(await get('status=new&q=prio-example'))).toEqual(order);
    expect(await allPages('status=new&q=lo&limit=2')).toEqual(order);
    expect(await allPages('sort=priority&q=lo&limit=4')).toEqual(order);
  });

  it('pages by priority one row at a time to the same order, ties split by recency', async () => {
    expect(await allPages('status=new&sort=priority&limit=1')).toEqual([5, 3, 2, 4, 6, 1].map(host));
    expect(await allPages('status=new&sort=newest&limit=4')).toEqual([6, 5, 4, 3, 2, 1].map(host));
    // A URL that rises above the cursor meanwhile is neither repeated nor makes the next page skip one.
    const first = await get('status=new&limit=2');
    await createQueuePriority().record(ctx.db.kysely, [
      {
        urlId: id.get(1)!,
        rule: { id: 'late', version: 1, value: 999 },
        live: false,
        reporters: 1,
        brand: false,
      },
    ]);
    const rest = await allPages('status=new&limit=2', first.nextCursor);
    expect([...hosts(first), ...rest]).toEqual([5, 3, 2, 4, 6].map(host));
  });

  it('refuses a cursor of one order for the other, and an unknown sort', async () => {
    const byPriority = await get('status=new&sort=priority&limit=2');
    const newest = await get('status=new&sort=newest&limit=2');
    const wrong = await get(`status=new&sort=newest&cursor=${byPriority.nextCursor}`, 400);
    expect(wrong.error.code).toBe('triage.cursor_sort_mismatch');
    expect((await get(`status=new&cursor=${newest.nextCursor}`, 400)).error.code).toBe(
      'triage.cursor_sort_mismatch',
    );
    expect((await get('status=new&sort=oldest', 400)).error.code).toBe('request.invalid');
    expect((await get('status=new&cursor=bm90LWEtY3Vyc29y', 400)).error.code).toBe('request.invalid');
  });

  it('scores URLs stored before the queue had a priority again: phishdesk rules apply', async () => {
    await ctx.db.kysely.updateTable('urls').set({ priority: 0, priority_reasons: null }).execute();
    const before = await get('status=new');
    expect(before.items.map((u: Json) => u.priority)).toEqual(Array(6).fill({ score: 0, reasons: [] }));
    expect(await run('rules', 'apply', '--from', '2026-04-01', '--to', '2026-04-30')).toMatch(
      /^6 URLs first seen 2026-04-01\.\.2026-04-30 queued/,
    );
    // The command's jobs are due by the real clock (its own process); the test's clock catches up.
    ctx.clock.set(Date.now() + 60_000);
    await ctx.queue.drain();
    // What the rules know now: the watched host, the three reporters; the rest newest first.
    // (The session expired with the clock: ask the service.)
    const after = await ctx.triage.listUrls(staff(), { status: ['new'], limit: 10 });
    expect(after.items.map((u) => u.host)).toEqual([5, 3, 6, 4, 2, 1].map(host));
  });
});
