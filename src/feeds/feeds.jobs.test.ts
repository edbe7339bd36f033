import fs from 'node:fs';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { createTableQueue } from '../jobs/table-queue.ts';
import { FEEDS_RUN_JOB, FEEDS_TICK_JOB, registerFeedJobs } from './feeds.jobs.ts';
import { createFeedHarness, type FeedHarness } from './testing/harness.ts';
import { fixturePath } from './testing/loopback.ts';

describe.each(DIALECTS)('feed jobs on %s', (dialect) => {
  let h: FeedHarness;
  beforeEach(async () => {
    h = await createFeedHarness(dialect);
  });
  afterEach(async () => {
    await h?.close();
  });

  async function jobs(name: string) {
    return h.ctx.db.kysely
      .selectFrom('jobs')
      .select(['status', 'singleton_key', 'run_at'])
      .where('name', '=', name)
      .orderBy('id')
      .execute();
  }

  async function runsOf(name: string) {
    return (await h.feeds.recentRuns(name, 50)).map((r) => r.status);
  }

  async function twoSources() {
    h.file('/feed.txt', 'openphish/feed.txt');
    h.route('/down.csv', (_req, res) => res.writeHead(500).end());
    const good = await h.feeds.create({
      name: 'good',
      kind: 'openphish',
      url: `${h.server.url}/feed.txt`,
      scheduleMinutes: 60,
    });
    const bad = await h.feeds.create({
      name: 'bad',
      kind: 'urlhaus',
      url: `${h.server.url}/down.csv`,
      scheduleMinutes: 60,
    });
    return { good, bad };
  }

  it('a tick runs every due source; a failing one is retried with backoff and never blocks the other', async () => {
    await twoSources();
    const schedule = registerFeedJobs(h.ctx.queue, h.feeds, h.ctx.clock);
    await schedule.start();
    await h.ctx.queue.drain();
    expect(await runsOf('good')).toEqual(['ok']);
    expect(await runsOf('bad')).toEqual(['failed']);
    const stored = await h.storedUrls('good');
    expect(stored.length).toBe(
      new Set(fs.readFileSync(fixturePath('openphish/feed.txt'), 'utf8').split(/\r?\n/).filter(Boolean)).size,
    );

    // Nothing more is due in the same minute; the next tick waits for the next minute.
    expect(await h.ctx.queue.drain()).toBe(0);
    expect((await jobs(FEEDS_TICK_JOB)).filter((j) => j.status === 'pending')).toHaveLength(1);

    // One minute later only the failing source is due (backoff 1 min; the good one waits its hour).
    h.ctx.clock.advance(60_000);
    await h.ctx.queue.drain();
    expect(await runsOf('good')).toEqual(['ok']);
    expect(await runsOf('bad')).toEqual(['failed', 'failed']);
    // Second failure: the wait doubles, so the next minute's tick finds nothing due.
    h.ctx.clock.advance(60_000);
    await h.ctx.queue.drain();
    expect(await runsOf('bad')).toHaveLength(2);
    h.ctx.clock.advance(60_000);
    await h.ctx.queue.drain();
    expect(await runsOf('bad')).toHaveLength(3);

    const list = await h.feeds.listSources();
    expect(list.find((s) => s.name === 'bad')).toMatchObject({ failing: true, failures: 3 });
    expect(list.find((s) => s.name === 'good')).toMatchObject({ failing: false });
    // The run jobs themselves succeeded: a feed failure is the service's to record, not a dead job.
    expect((await jobs(FEEDS_RUN_JOB)).every((j) => j.status === 'done')).toBe(true);
  });

  it('several workers schedule one tick and queue one run per source', async () => {
    const { good, bad } = await twoSources();
    const log = pino({ level: 'silent' });
    const other = createTableQueue({ db: h.ctx.db, clock: h.ctx.clock, log });
    const a = registerFeedJobs(h.ctx.queue, h.feeds, h.ctx.clock);
    const b = registerFeedJobs(other, h.feeds, h.ctx.clock);
    await Promise.all([a.start(), b.start(), a.start()]);
    expect(await jobs(FEEDS_TICK_JOB)).toHaveLength(1);
    for (const q of [h.ctx.queue, other])
      for (const s of [good, bad])
        await q.send(FEEDS_RUN_JOB, { sourceId: s.id }, { singletonKey: `feed:${s.id}` });
    expect((await jobs(FEEDS_RUN_JOB)).map((j) => j.singleton_key).sort()).toEqual(
      [`feed:${bad.id}`, `feed:${good.id}`].sort(),
    );
    // Both workers drain: each source runs once.
    await Promise.all([h.ctx.queue.drain(), other.drain()]);
    expect(await runsOf('good')).toEqual(['ok']);
    expect(await runsOf('bad')).toEqual(['failed']);
  });

  it('a queued run of a source that is no longer due (disabled, or already run) does nothing', async () => {
    const { good } = await twoSources();
    registerFeedJobs(h.ctx.queue, h.feeds, h.ctx.clock);
    await h.feeds.disable('good');
    await h.ctx.queue.send(FEEDS_RUN_JOB, { sourceId: good.id });
    await h.ctx.queue.drain();
    expect(await runsOf('good')).toEqual([]);
    await h.feeds.enable('good');
    await h.ctx.queue.send(FEEDS_RUN_JOB, { sourceId: good.id });
    await h.ctx.queue.send(FEEDS_RUN_JOB, { sourceId: good.id });
    await h.ctx.queue.drain();
    expect(await runsOf('good')).toEqual(['ok']);
    expect(await h.feeds.dueSourceIds()).not.toContain(good.id);
  });
});
