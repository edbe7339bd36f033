import type { Logger } from 'pino';
import type { JobQueue } from '../jobs/queue.ts';
import type { Clock } from '../lib/clock.ts';
import type { NewUrlsJob, NewUrlsPayload } from '../reports/ingest.repository.ts';
import type { TrustLevel } from '../sources/trust.ts';
import type { Db } from '../storage/database.ts';
import type { ArrivalRepository } from './arrival.repository.ts';

/** Enqueued by intake and imports in the transaction that creates the URLs (one job per transaction). */
export const ARRIVAL_NEW_URLS_JOB = 'arrival.new_urls';
/** One liveness check of one new URL; a live one then gets a capture. */
export const ARRIVAL_CHECK_JOB = 'arrival.check';
export const ARRIVAL_CAPTURE_JOB = 'arrival.capture';

export type VisitPayload = { urlId: number; host: string; slot?: number };

const FAN_OUT_CHUNK = 1000;

/**
 * Evidence on arrival (issue 16): a new URL from a source below `confirmed` gets a liveness check through
 * the safe fetcher and, when live, a Chromium capture (desktop and mobile), so rules can use page facts.
 * Bounded: checks and captures each run at most N at once per worker (the rest wait in the queue), and a
 * host is visited at most once per interval across workers (each visit reserves a window; a job whose
 * window lies ahead is re-queued for it). Nothing is enqueued when the switch or outbound is off.
 */
export function createArrival(deps: {
  db: Db;
  repo: ArrivalRepository;
  queue: JobQueue;
  clock: Clock;
  log: Logger;
  config: {
    enabled: boolean;
    outboundEnabled: boolean;
    checkConcurrency: number;
    captureConcurrency: number;
    hostIntervalMs: number;
  };
  /** The liveness module's forced check (stores the check). */
  check(urlId: number): Promise<{ result: string }>;
  /** The capture of a stored URL (takedowns.captureUrl: desktop and mobile, stored as evidence). */
  capture(urlId: number): Promise<unknown>;
}) {
  const { queue, clock, log, config } = deps;
  const active = config.enabled && config.outboundEnabled;

  /**
   * True when this job may visit its host now. Otherwise it has been queued again for its window: a job
   * holding a window (`slot`) visits only inside it, so two visits of a host never start closer than
   * the interval even when the queue runs late.
   */
  async function mayVisit(name: string, p: VisitPayload): Promise<boolean> {
    const now = clock.now();
    const interval = config.hostIntervalMs;
    if (p.slot !== undefined && now >= p.slot && now < p.slot + Math.max(interval, 1)) return true;
    if (p.slot !== undefined && now < p.slot) {
      await queue.send(name, p, { runAt: p.slot });
      return false;
    }
    const slot = await deps.repo.reserveVisit(p.host, now, interval);
    if (slot <= now) return true;
    await queue.send(name, { urlId: p.urlId, host: p.host, slot }, { runAt: slot });
    return false;
  }

  function register(): void {
    queue.work<NewUrlsPayload>(ARRIVAL_NEW_URLS_JOB, async ({ urls }) => {
      // One transaction per chunk: a retried fan-out never leaves half a chunk queued twice.
      for (let i = 0; i < urls.length; i += FAN_OUT_CHUNK) {
        const chunk = urls.slice(i, i + FAN_OUT_CHUNK);
        await deps.db.kysely.transaction().execute(async (trx) => {
          for (const u of chunk)
            await queue.send(ARRIVAL_CHECK_JOB, { urlId: u.id, host: u.host } satisfies VisitPayload, {
              trx,
            });
        });
      }
    });
    queue.work<VisitPayload>(
      ARRIVAL_CHECK_JOB,
      async (p) => {
        if (!config.outboundEnabled) return;
        if (!(await mayVisit(ARRIVAL_CHECK_JOB, p))) return;
        const check = await deps.check(p.urlId);
        log.info({ urlId: p.urlId, result: check.result }, 'arrival check');
        if (check.result === 'live')
          await queue.send(ARRIVAL_CAPTURE_JOB, { urlId: p.urlId, host: p.host } satisfies VisitPayload);
      },
      { concurrency: config.checkConcurrency },
    );
    queue.work<VisitPayload>(
      ARRIVAL_CAPTURE_JOB,
      async (p) => {
        if (!config.outboundEnabled) return;
        if (!(await mayVisit(ARRIVAL_CAPTURE_JOB, p))) return;
        await deps.capture(p.urlId);
      },
      { concurrency: config.captureConcurrency },
    );
  }

  return {
    active,
    register,
    /** The job a transaction storing new URLs of a source with this trust enqueues (none when off). */
    jobFor(trust: TrustLevel): NewUrlsJob | undefined {
      if (!active || trust === 'confirmed') return undefined;
      return { name: ARRIVAL_NEW_URLS_JOB, at: clock.now() };
    },
  };
}

export type Arrival = ReturnType<typeof createArrival>;
