import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { multipartBody } from '../../test/multipart.ts';
import { buildServer } from '../http/server.ts';
import { ARRIVAL_CAPTURE_JOB, ARRIVAL_CHECK_JOB, ARRIVAL_NEW_URLS_JOB } from './arrival.jobs.ts';

/** A loopback site where every page is gone (404): a check is stored, no capture (no browser here). */
async function goneSite() {
  const hits: { path: string; at: number }[] = [];
  let clockNow = () => 0;
  const server = http.createServer((req, res) => {
    hits.push({ path: req.url ?? '/', at: clockNow() });
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    hits,
    setClock(now: () => number) {
      clockNow = now;
    },
    url: (p: string) => `http://127.0.0.1:${port}${p}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ENABLED = {
  ARRIVAL_EVIDENCE: 'on',
  OUTBOUND_ENABLED: 'true',
  FETCH_ALLOW_PRIVATE: 'true',
  FETCH_TIMEOUT_MS: '3000',
};

async function jobCounts(ctx: TestContext): Promise<Record<string, number>> {
  const rows = await ctx.db.kysely
    .selectFrom('jobs')
    .select(['name', (eb) => eb.fn.countAll<number>().as('n')])
    .where('name', 'like', 'arrival.%')
    .groupBy('name')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}

async function report(app: FastifyInstance, content: string) {
  const post = multipartBody({ kind: 'url', content, lang: 'en' }, []);
  const res = await app.inject({ method: 'POST', url: '/report', headers: post.headers, payload: post.body });
  expect(res.statusCode).toBe(303);
}

describe.each(DIALECTS)('evidence on arrival: queueing, switches and politeness on %s', (dialect) => {
  let site: Awaited<ReturnType<typeof goneSite>>;
  const open: { ctx: TestContext; app: FastifyInstance }[] = [];

  async function start(env: Record<string, string>) {
    // The table queue on both dialects, so the test can read what was enqueued.
    const ctx = await createTestContext(dialect, env, { queue: 'table' });
    const app = await buildServer(ctx);
    open.push({ ctx, app });
    site.setClock(() => ctx.clock.now());
    return { ctx, app };
  }

  beforeAll(async () => {
    site = await goneSite();
  });
  afterAll(async () => {
    for (const { ctx, app } of open) {
      await app.close();
      await ctx.close();
    }
    await site?.close();
  });

  it('a default start (outbound off) queues nothing and visits nothing', async () => {
    const { ctx, app } = await start({ ARRIVAL_EVIDENCE: 'on' });
    expect(ctx.arrival.active).toBe(false);
    await report(app, site.url('/off'));
    await ctx.queue.drain();
    expect(await jobCounts(ctx)).toEqual({});
    expect(site.hits.filter((h) => h.path === '/off')).toEqual([]);
  });

  it('ARRIVAL_EVIDENCE=off queues nothing even with outbound on', async () => {
    const { ctx, app } = await start({ ...ENABLED, ARRIVAL_EVIDENCE: 'off' });
    await report(app, site.url('/switched-off'));
    await ctx.queue.drain();
    expect(await jobCounts(ctx)).toEqual({});
    expect(site.hits.filter((h) => h.path === '/switched-off')).toEqual([]);
  });

  it('checks a reported URL once, a host at most once per interval, and imports queue one job per batch', async () => {
    const { ctx, app } = await start({ ...ENABLED, ARRIVAL_HOST_INTERVAL_SECONDS: '60' });
    expect(ctx.arrival.active).toBe(true);
    await report(app, `${site.url('/a')} ${site.url('/b')}`);
    // The analysis job stores the URLs and, in the same transaction, their arrival job.
    await ctx.queue.drain();
    const ids = (
      await ctx.db.kysely.selectFrom('urls').select(['id', 'canonical']).orderBy('id').execute()
    ).map((u) => u.id);
    expect(ids).toHaveLength(2);
    const counts = await jobCounts(ctx);
    expect(counts[ARRIVAL_NEW_URLS_JOB]).toBe(1);
    // Two URLs on one host: one checked now, the other waits for the host's next window.
    const checked = async () =>
      (await Promise.all(ids.map((id) => ctx.liveness.history(id)))).map((h) => h.length);
    expect((await checked()).sort()).toEqual([0, 1]);
    const pending = await ctx.db.kysely
      .selectFrom('jobs')
      .select(['run_at'])
      .where('name', '=', ARRIVAL_CHECK_JOB)
      .where('status', '=', 'pending')
      .execute();
    expect(pending.map((j) => Number(j.run_at))).toEqual([ctx.clock.now() + 60_000]);
    ctx.clock.advance(30_000);
    await ctx.queue.drain();
    expect((await checked()).sort()).toEqual([0, 1]);
    ctx.clock.advance(30_000);
    await ctx.queue.drain();
    expect(await checked()).toEqual([1, 1]);
    const visits = site.hits.filter((h) => h.path === '/a' || h.path === '/b').map((h) => h.at);
    // Desktop and mobile fetch of one check at the same instant; the next check a full interval later.
    expect(new Set(visits).size).toBe(2);
    expect(Math.max(...visits) - Math.min(...visits)).toBeGreaterThanOrEqual(60_000);
    // Down (404) pages are not captured.
    expect((await jobCounts(ctx))[ARRIVAL_CAPTURE_JOB]).toBeUndefined();
    const [check] = await ctx.liveness.history(ids[0]!);
    expect(check?.result).toBe('down');

    // An import from a public source: one arrival job per batch transaction, not one per row.
    const csv = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({
        item: {
          externalId: `${prefix}-${i}`,
          url: `http://${prefix}${i}.phish-import.test/login`,
          threat: 'phishing' as const,
          raw: { i },
        },
      }));
    const before = (await jobCounts(ctx))[ARRIVAL_NEW_URLS_JOB] ?? 0;
    await ctx.imports.importEntries({ name: 'public-feed', kind: 'generic' }, csv(7, 'pub'));
    expect((await jobCounts(ctx))[ARRIVAL_NEW_URLS_JOB]).toBe(before + 1);
    const job = await ctx.db.kysely
      .selectFrom('jobs')
      .select('payload')
      .where('name', '=', ARRIVAL_NEW_URLS_JOB)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(job.payload).urls).toHaveLength(7);

    // A confirmed source's URLs get no arrival visits.
    await ctx.sources.setTrust(null, { name: 'jpcert-x', create: { kind: 'jpcert' } }, 'confirmed');
    await ctx.imports.importEntries({ name: 'jpcert-x', kind: 'jpcert' }, csv(5, 'conf'));
    expect((await jobCounts(ctx))[ARRIVAL_NEW_URLS_JOB]).toBe(before + 1);
  });
});
