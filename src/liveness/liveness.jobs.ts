import type { JobQueue } from '../jobs/queue.ts';
import type { Clock } from '../lib/clock.ts';
import type { LivenessService } from './liveness.service.ts';

export const LIVENESS_TICK_JOB = 'liveness.tick';
export const LIVENESS_CHECK_JOB = 'liveness.check';
export const LIVENESS_TICK_MS = 60_000;

/**
 * The re-check schedule on the job queue, like the feed schedule: a tick per minute (keyed by its
 * minute, so several workers queue it once) enrolls newly confirmed URLs and queues one check job per
 * due URL (keyed by URL, so a URL is queued at most once while pending).
 */
export function registerLivenessJobs(
  queue: JobQueue,
  liveness: LivenessService,
  clock: Clock,
  options: { tickMs?: number; concurrency?: number } = {},
) {
  const tickMs = options.tickMs ?? LIVENESS_TICK_MS;
  async function scheduleTick(slot: number) {
    await queue.send(
      LIVENESS_TICK_JOB,
      {},
      { singletonKey: `${LIVENESS_TICK_JOB}:${slot}`, runAt: slot * tickMs },
    );
  }
  queue.work(LIVENESS_TICK_JOB, async () => {
    await scheduleTick(Math.floor(clock.now() / tickMs) + 1);
    for (const urlId of await liveness.dueUrlIds()) {
      await queue.send(LIVENESS_CHECK_JOB, { urlId }, { singletonKey: `liveness:${urlId}` });
    }
  });
  queue.work<{ urlId: number }>(
    LIVENESS_CHECK_JOB,
    async ({ urlId }) => {
      await liveness.checkIfDue(urlId);
    },
    { concurrency: options.concurrency ?? 4 },
  );
  return {
    async start(): Promise<void> {
      await scheduleTick(Math.floor(clock.now() / tickMs));
    },
  };
}
