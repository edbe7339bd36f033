import type { CheckRow } from './liveness.repository.ts';

export type LiveState = 'live' | 'down' | 'unknown';

export type LiveStatus = {
  urlId: number;
  state: LiveState;
  /** When the current state began: the first check of the trailing run of the same verdict. */
  since: number | null;
  /** Last check of any result (errors included). */
  lastCheckedAt: number | null;
  firstLiveAt: number | null;
  lastLiveAt: number | null;
  /** Set when the state is down: the first down check after the last live one. */
  downSince: number | null;
  checks: number;
};

/**
 * The facts behind "live since", "down since": derived from stored checks only. Errors (timeouts,
 * refusals) are not verdicts and neither start nor end a run.
 */
export function deriveStatus(urlId: number, checks: readonly CheckRow[]): LiveStatus {
  const verdicts = checks.filter((c) => c.result !== 'error');
  const last = verdicts.at(-1);
  const live = verdicts.filter((c) => c.result === 'live');
  const status: LiveStatus = {
    urlId,
    state: last ? (last.result as 'live' | 'down') : 'unknown',
    since: null,
    lastCheckedAt: checks.at(-1)?.checked_at ?? null,
    firstLiveAt: live[0]?.checked_at ?? null,
    lastLiveAt: live.at(-1)?.checked_at ?? null,
    downSince: null,
    checks: checks.length,
  };
  if (!last) return status;
  let start = verdicts.length - 1;
  while (start > 0 && verdicts[start - 1]!.result === last.result) start--;
  status.since = verdicts[start]!.checked_at;
  if (last.result === 'down') status.downSince = status.since;
  return status;
}

/**
 * How long to wait before the next check of a URL watched for `ageMs`: often while young (phishing
 * sites live hours to days), backing off later.
 */
export function nextCheckDelay(ageMs: number): number {
  const H = 3_600_000;
  if (ageMs < 6 * H) return 15 * 60_000;
  if (ageMs < 48 * H) return H;
  if (ageMs < 7 * 24 * H) return 6 * H;
  return 24 * H;
}
