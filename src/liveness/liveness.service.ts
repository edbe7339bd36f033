import type { Logger } from 'pino';
import { AppError, isAppError } from '../errors.ts';
import type { SafeFetcher, SafeResponse } from '../fetch/safe-fetcher.ts';
import type { Clock } from '../lib/clock.ts';
import { visitUrl } from '../urls/analyze.ts';
import type { CheckRow, LivenessRepository, NewCheck } from './liveness.repository.ts';
import { deriveStatus, type LiveStatus, nextCheckDelay } from './liveness.status.ts';

export type LivenessPolicy = {
  /** Stop watching once a URL has been down (no live check) for this long. */
  stopAfterDownMs: number;
  /** Delay before the next check, by how long the URL has been watched. */
  nextDelay(ageMs: number): number;
};

export const DEFAULT_POLICY: LivenessPolicy = {
  stopAfterDownMs: 3 * 24 * 3_600_000,
  nextDelay: nextCheckDelay,
};

const MOBILE_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

export type CheckListener = (check: CheckRow, status: LiveStatus) => Promise<void>;

/** Network failures that mean "nothing answers there any more". */
const GONE_CODES = new Set([
  'ENOTFOUND',
  'ENODATA',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
]);

/** A verdict from one fetch: live, down, or error (no verdict: timeouts, server errors). */
export function classify(
  outcome: { response: SafeResponse } | { error: unknown },
): Omit<NewCheck, 'url_id' | 'checked_at'> {
  if ('response' in outcome) {
    const r = outcome.response;
    const result =
      r.status < 400 ? 'live' : r.status >= 500 || r.status === 408 || r.status === 429 ? 'error' : 'down';
    return {
      result,
      http_status: r.status,
      final_url: r.finalUrl,
      content_hash: r.sha256,
      address: r.address,
      redirects: JSON.stringify(r.redirects),
      tls: r.tls ? JSON.stringify(r.tls) : null,
      error: null,
      duration_ms: r.durationMs,
    };
  }
  const err = outcome.error;
  const details = isAppError(err) ? (err.details ?? {}) : {};
  const code = typeof details.code === 'string' ? details.code : null;
  // A name that now points into private space is how registrars sinkhole a domain: the site is gone.
  const sinkholed = isAppError(err) && err.code === 'fetch.blocked' && details.reason === 'address';
  const gone = sinkholed || (code !== null && GONE_CODES.has(code));
  return {
    result: gone ? 'down' : 'error',
    http_status: null,
    final_url: null,
    content_hash: null,
    address: typeof details.address === 'string' ? details.address : null,
    redirects: JSON.stringify(Array.isArray(details.redirects) ? details.redirects : []),
    tls: null,
    error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
    duration_ms: null,
  };
}

/**
 * Re-checks confirmed URLs on a schedule and stores every check. Other modules read the derived facts
 * through statusOf() and may force a check (checkNow) before acting on a site.
 */
export function createLivenessService(deps: {
  repo: LivenessRepository;
  fetcher: SafeFetcher;
  clock: Clock;
  log: Logger;
  policy?: LivenessPolicy;
}) {
  const { repo, fetcher, clock, log } = deps;
  const policy = deps.policy ?? DEFAULT_POLICY;
  const listeners: CheckListener[] = [];

  async function statusOf(urlIds: readonly number[]): Promise<Map<number, LiveStatus>> {
    const checks = await repo.checksOf(urlIds);
    const byUrl = new Map<number, CheckRow[]>();
    for (const c of checks) {
      const list = byUrl.get(c.url_id) ?? [];
      list.push(c);
      byUrl.set(c.url_id, list);
    }
    return new Map(urlIds.map((id) => [id, deriveStatus(id, byUrl.get(id) ?? [])]));
  }

  /** Fetches the URL now, stores the check, moves its schedule on and tells the listeners. */
  async function checkNow(
    urlId: number,
  ): Promise<{ check: CheckRow; status: LiveStatus; response: SafeResponse | null }> {
    const url = await repo.urlOf(urlId);
    if (!url) throw new AppError('not_found', `no URL ${urlId}`);
    let response: SafeResponse | null = null;
    let outcome: { response: SafeResponse } | { error: unknown };
    // Visited on the port it was reported with (the canonical form, for look-ups, has none).
    const target = visitUrl(url.canonical, url.port);
    try {
      response = await fetcher.fetch(target);
      // Smishing kits cloak: a page that refuses a desktop browser may well be live for phones.
      if (response.status >= 400 && response.status < 500) {
        const mobile = await fetcher
          .fetch(target, { headers: { 'user-agent': MOBILE_USER_AGENT } })
          .catch(() => null);
        if (mobile && mobile.status < 400) response = mobile;
      }
      outcome = { response };
    } catch (error) {
      if (!isAppError(error)) throw error;
      outcome = { error };
    }
    const at = clock.now();
    const check = await repo.insertCheck({ url_id: urlId, checked_at: at, ...classify(outcome) });
    const status = (await statusOf([urlId])).get(urlId)!;
    const watch = await repo.watch(urlId);
    if (watch) {
      const downLongEnough =
        status.state === 'down' &&
        status.downSince !== null &&
        at - status.downSince >= policy.stopAfterDownMs;
      await repo.updateWatch(urlId, {
        // Young means young as a phishing URL: one first seen months ago is not checked every 15 minutes.
        nextCheckAt: at + policy.nextDelay(at - Math.min(watch.started_at, url.first_seen)),
        checkedAt: at,
        result: check.result,
        stoppedAt: downLongEnough ? at : null,
      });
    }
    log.info({ urlId, result: check.result, status: check.http_status }, 'liveness check');
    for (const listener of listeners) {
      await listener(check, status).catch((err) => log.error({ err, urlId }, 'liveness listener failed'));
    }
    return { check, status, response };
  }

  return {
    statusOf,
    checkNow,
    /** Checks of one URL, oldest first. */
    history: (urlId: number) => repo.checksOf([urlId]),
    /** Watches newly confirmed URLs and returns the ids due for a check now. */
    async dueUrlIds(limit = 500): Promise<number[]> {
      const now = clock.now();
      await repo.enrollConfirmed(now);
      return repo.dueUrlIds(now, limit);
    },
    /** The scheduled check: skipped when no longer due (another worker did it, or it stopped). */
    async checkIfDue(urlId: number): Promise<boolean> {
      const watch = await repo.watch(urlId);
      if (!watch || watch.stopped_at !== null || watch.next_check_at > clock.now()) return false;
      await checkNow(urlId);
      return true;
    },
    watch: (urlId: number) => repo.watch(urlId),
    onCheck(listener: CheckListener): void {
      listeners.push(listener);
    },
  };
}

export type LivenessService = ReturnType<typeof createLivenessService>;
