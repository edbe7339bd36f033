import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { createSafeFetcher } from '../fetch/safe-fetcher.ts';
import { type FakeSite, fakeHosts, startFakeSite, tableResolver } from '../fetch/testing/fake-site.ts';
import { createTableQueue } from '../jobs/table-queue.ts';
import { fixedClock } from '../lib/clock.ts';
import { seedConfirmedUrl } from '../takedowns/testing/seed.ts';
import { registerLivenessJobs } from './liveness.jobs.ts';
import { createLivenessRepository } from './liveness.repository.ts';
import { createLivenessService } from './liveness.service.ts';

const T0 = Date.UTC(2026, 4, 22, 1, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe.each(DIALECTS)('liveness on %s', (dialect) => {
  let db: TestDb;
  let site: FakeSite;
  const clock = fixedClock(T0);
  const log = pino({ level: 'silent' });
  beforeAll(async () => {
    db = await createTestDb(dialect);
    // Stored URLs are canonical (no port): the fake site listens on port 80 of its own loopback address.
    site = await startFakeSite({ address: '127.77.1.1', port: 80 });
  });
  afterAll(async () => {
    await site?.close();
    await db?.drop();
  });

  function service() {
    const fetcher = createSafeFetcher({
      config: { enabled: true, proxy: null, allowPrivate: true, timeoutMs: 2_000, maxBytes: 1_048_576 },
      resolve: tableResolver(fakeHosts(site.address)),
    });
    return createLivenessService({ repo: createLivenessRepository(db), fetcher, clock, log });
  }

  it('watches confirmed URLs on a backing-off schedule, stores every check and derives live/down since', async () => {
    clock.set(T0);
    const liveness = service();
    const urlId = await seedConfirmedUrl(db, 'http://login.phish.test/login', T0 - HOUR);
    const unconfirmed = await seedConfirmedUrl(db, 'http://www.phish.test/other', T0 - HOUR, {
      status: 'new',
    });
    expect((await liveness.statusOf([urlId])).get(urlId)).toMatchObject({ state: 'unknown', since: null });

    const queue = createTableQueue({ db, clock, log, pollMs: 50 });
    const jobs = registerLivenessJobs(queue, liveness, clock);
    await jobs.start();
    await queue.drain();
    expect((await liveness.history(urlId)).map((c) => c.result)).toEqual(['live']);
    expect(await liveness.history(unconfirmed)).toEqual([]);
    const first = (await liveness.history(urlId))[0]!;
    expect(first).toMatchObject({
      http_status: 200,
      final_url: 'http://login.phish.test/login',
      address: '127.77.1.1',
    });
    expect(first.content_hash).toMatch(/^[0-9a-f]{64}$/);
    // Young: next check 15 minutes later; nothing happens before.
    expect((await liveness.watch(urlId))?.next_check_at).toBe(T0 + 15 * MIN);
    clock.advance(10 * MIN);
    await queue.drain();
    expect(await liveness.history(urlId)).toHaveLength(1);
    clock.advance(5 * MIN);
    await queue.drain();
    expect(await liveness.history(urlId)).toHaveLength(2);

    // The site goes down mid-test.
    await site.takeDown('404');
    const downAt = T0 + 30 * MIN;
    clock.set(downAt);
    await queue.drain();
    site.bringBack();
    const status = (await liveness.statusOf([urlId])).get(urlId)!;
    expect(status).toMatchObject({
      state: 'down',
      since: downAt,
      downSince: downAt,
      firstLiveAt: T0,
      lastLiveAt: T0 + 15 * MIN,
    });

    // Older than 6 hours: hourly; older than 2 days: every 6 hours.
    clock.set(T0 + 7 * HOUR);
    await queue.drain();
    expect((await liveness.watch(urlId))?.next_check_at).toBe(T0 + 8 * HOUR);
    clock.set(T0 + 49 * HOUR);
    await queue.drain();
    expect((await liveness.watch(urlId))?.next_check_at).toBe(T0 + 55 * HOUR);
    // It came back (404 no longer) — live again, since that check.
    expect((await liveness.statusOf([urlId])).get(urlId)).toMatchObject({
      state: 'live',
      since: T0 + 7 * HOUR,
    });
    await queue.stop();
  });

  it('counts a page that answers phones only as live (cloaking)', async () => {
    clock.set(T0);
    const liveness = service();
    const urlId = await seedConfirmedUrl(db, 'http://login.phish.test/sms-only', T0);
    const { check } = await liveness.checkNow(urlId);
    expect(check).toMatchObject({ result: 'live', http_status: 200 });
    const missing = await seedConfirmedUrl(db, 'http://login.phish.test/nothing-here', T0);
    expect((await liveness.checkNow(missing)).check).toMatchObject({ result: 'down', http_status: 404 });
  });

  it('stops watching once down for the configured time, and calls connection refused down', async () => {
    clock.set(T0);
    const other = await startFakeSite({ address: '127.77.1.2', port: 80 });
    const fetcher = createSafeFetcher({
      config: { enabled: true, proxy: null, allowPrivate: true, timeoutMs: 2_000, maxBytes: 1_048_576 },
      resolve: tableResolver({ 'gone.phish.test': ['127.77.1.2'] }),
    });
    const liveness = createLivenessService({
      repo: createLivenessRepository(db),
      fetcher,
      clock,
      log,
      policy: { stopAfterDownMs: 2 * HOUR, nextDelay: () => HOUR },
    });
    const urlId = await seedConfirmedUrl(db, 'http://gone.phish.test/login', T0);
    expect(await liveness.dueUrlIds()).toContain(urlId);
    await liveness.checkIfDue(urlId);
    await other.takeDown('refuse');
    for (let h = 1; h <= 4; h++) {
      clock.set(T0 + h * HOUR);
      await liveness.checkIfDue(urlId);
    }
    const checks = await liveness.history(urlId);
    expect(checks.map((c) => [c.result, c.checked_at])).toEqual([
      ['live', T0],
      ['down', T0 + HOUR],
      ['down', T0 + 2 * HOUR],
      ['down', T0 + 3 * HOUR],
    ]);
    expect(checks[1]!.error).toMatch(/ECONNREFUSED/);
    const watch = await liveness.watch(urlId);
    expect(watch?.stopped_at).toBe(T0 + 3 * HOUR);
    expect(await liveness.dueUrlIds()).not.toContain(urlId);
  });
});
