export type CaseTimes = {
  first_reported_at: number;
  requested_at: number | null;
  down_at: number | null;
};

export type CaseMetrics = {
  /** First report → first takedown request. */
  reportToRequestMs: number | null;
  /** First request → site confirmed down: the time to takedown. */
  requestToDownMs: number | null;
};

export function caseMetrics(c: CaseTimes): CaseMetrics {
  return {
    reportToRequestMs: c.requested_at === null ? null : c.requested_at - c.first_reported_at,
    requestToDownMs:
      c.requested_at === null || c.down_at === null ? null : Math.max(0, c.down_at - c.requested_at),
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type OverallMetrics = {
  cases: number;
  byState: Record<string, number>;
  medianReportToRequestMs: number | null;
  medianRequestToDownMs: number | null;
  requested: number;
  downAfterRequest: number;
};

export function overallMetrics(cases: readonly (CaseTimes & { state: string })[]): OverallMetrics {
  const byState: Record<string, number> = {};
  const toRequest: number[] = [];
  const toDown: number[] = [];
  for (const c of cases) {
    byState[c.state] = (byState[c.state] ?? 0) + 1;
    const m = caseMetrics(c);
    if (m.reportToRequestMs !== null) toRequest.push(m.reportToRequestMs);
    if (m.requestToDownMs !== null) toDown.push(m.requestToDownMs);
  }
  return {
    cases: cases.length,
    byState,
    medianReportToRequestMs: median(toRequest),
    medianRequestToDownMs: median(toDown),
    requested: toRequest.length,
    downAfterRequest: toDown.length,
  };
}
