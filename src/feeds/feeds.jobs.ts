import { isAppError } from '../errors.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Clock } from '../lib/clock.ts';
import type { FeedsService } from './feeds.service.ts';

export const FEEDS_TICK_JOB = 'feeds.tick';
export const FEEDS_RUN_JOB = 'feeds.run';
export const FEEDS_TICK_MS = 60_000;

export type FeedRunPayload = { sourceId: number };

/**
 * The feed schedule on the job queue. `feeds.tick` runs once a minute: it first queues the next tick,
 * then queues `feeds.run` for every due source. Keys make both safe with several workers: a tick's key is
 * its minute (`feeds.tick:<n>`), so every worker that schedules the next minute names the same job, and
 * a run's key is `feed:<id>`, so a source is queued at most once while pending or running. A source's
 * failures are handled by the service (recorded, next run moved out with backoff), so a run job only
 * fails, and is retried by the queue, when the database itself fails.
 */
export function registerFeedJobs(
  queue: JobQueue,
  feeds: FeedsService,
  clock: Clock,
  options: { tickMs?: number; concurrency?: number } = {},
) {
  const tickMs = options.tickMs ?? FEEDS_TICK_MS;

  async function scheduleTick(slot: number) {
    await queue.send(FEEDS_TICK_JOB, {}, { singletonKey: `${FEEDS_TICK_JOB}:${slot}`, runAt: slot * tickMs });
  }

  queue.work(FEEDS_TICK_JOB, async () => {
    await scheduleTick(Math.floor(clock.now() / tickMs) + 1);
    for (const sourceId of await feeds.dueSourceIds()) {
      await queue.send<FeedRunPayload>(FEEDS_RUN_JOB, { sourceId }, { singletonKey: `feed:${sourceId}` });
    }
  });

  queue.work<FeedRunPayload>(
    FEEDS_RUN_JOB,
    async ({ sourceId }) => {
      try {
        await feeds.runSource(sourceId, { onlyIfDue: true });
      } catch (err) {
        // Removed or no longer a feed since it was queued: nothing to retry.
        if (isAppError(err) && (err.code === 'not_found' || err.code === 'request.invalid')) return;
        throw err;
      }
    },
    { concurrency: options.concurrency ?? 4 },
  );

  return {
    /** Queues the tick of the current minute (idempotent); call when a worker starts. */
    async start(): Promise<void> {
      await scheduleTick(Math.floor(clock.now() / tickMs));
    },
  };
}
