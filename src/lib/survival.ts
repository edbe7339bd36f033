/**
 * Kaplan–Meier survival estimation, pure and small. A subject is observed for `time` and either had the
 * event then (`event: true`) or was still without it when observation stopped (censored). Censored
 * subjects are never dropped: they stay in the risk set up to their time, which is what keeps the
 * estimate honest when many sites are still live.
 *
 * - S(t) = Π over event times tᵢ ≤ t of (1 − dᵢ/nᵢ), nᵢ = subjects with time ≥ tᵢ (censorings tied with
 *   events count as still at risk: events first, the textbook convention).
 * - Greenwood: Var S(t) = S(t)² · Σ dᵢ / (nᵢ (nᵢ − dᵢ)).
 * - Pointwise confidence band on the log(−log S) scale (Kalbfleisch & Prentice; R's conf.type="log-log"):
 *   S(t)^exp(±z·σ(t)/|ln S(t)|) with σ² the Greenwood sum, which always stays inside [0, 1].
 * - Quantile q (0.5 = median, 0.9 = the time by which 90 % had the event): the first event time with
 *   S(t) ≤ 1 − q; its confidence interval is the Brookmeyer–Crowley construction on that band: from the
 *   first time the lower band reaches 1 − q to the first time the upper band does. `null` means "not
 *   reached" (the curve, or the band, never gets that low with these data), never zero.
 *
 * Written by hand: no maintained npm package does Kaplan–Meier with Greenwood and quantile intervals,
 * and this is under a hundred lines (checked against a textbook example in survival.test.ts).
 */

export type Observation = { time: number; event: boolean };

export type SurvivalStep = {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  /** Greenwood's Σ dᵢ / (nᵢ (nᵢ − dᵢ)) up to this time (Infinity once S = 0). */
  greenwood: number;
  /** Greenwood standard error of S(t). */
  stdErr: number;
  lower: number;
  upper: number;
};

export type QuantileEstimate = { estimate: number | null; lower: number | null; upper: number | null };

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;
// Products of (1 − d/n) are not exact in binary: S = 0.5 computed as 0.5000000000000001 is still 0.5.
const EPS = 1e-9;

/** The curve: one step per distinct observed time (events and censorings), in time order. */
export function kaplanMeier(observations: readonly Observation[], z = Z95): SurvivalStep[] {
  const byTime = new Map<number, { events: number; censored: number }>();
  for (const o of observations) {
    if (!Number.isFinite(o.time)) throw new RangeError(`time must be finite, got ${o.time}`);
    const x = byTime.get(o.time) ?? { events: 0, censored: 0 };
    if (o.event) x.events++;
    else x.censored++;
    byTime.set(o.time, x);
  }
  const steps: SurvivalStep[] = [];
  let atRisk = observations.length;
  let survival = 1;
  let greenwood = 0;
  for (const [time, { events, censored }] of [...byTime].sort((a, b) => a[0] - b[0])) {
    if (events > 0) {
      survival *= 1 - events / atRisk;
      greenwood += atRisk === events ? Number.POSITIVE_INFINITY : events / (atRisk * (atRisk - events));
    }
    const { lower, upper } = logLogBand(survival, greenwood, z);
    const stdErr = survival === 0 ? 0 : survival * Math.sqrt(greenwood);
    steps.push({ time, atRisk, events, censored, survival, greenwood, stdErr, lower, upper });
    atRisk -= events + censored;
  }
  return steps;
}

function logLogBand(s: number, greenwood: number, z: number): { lower: number; upper: number } {
  if (s >= 1 - EPS) return { lower: 1, upper: 1 };
  if (s <= 0) return { lower: 0, upper: 0 };
  const se = Math.sqrt(greenwood) / Math.abs(Math.log(s));
  return { lower: s ** Math.exp(z * se), upper: s ** Math.exp(-z * se) };
}

/** S(t) as a right-continuous step function (1 before the first event). */
export function survivalAt(curve: readonly SurvivalStep[], t: number): number {
  let s = 1;
  for (const step of curve) {
    if (step.time > t) break;
    s = step.survival;
  }
  return s;
}

/** Quantile q of the time to the event (0 < q < 1) with its Brookmeyer–Crowley interval on the band. */
export function survivalQuantile(curve: readonly SurvivalStep[], q: number): QuantileEstimate {
  if (!(q > 0 && q < 1)) throw new RangeError(`quantile must be in (0, 1), got ${q}`);
  const level = 1 - q + EPS;
  const first = (value: (s: SurvivalStep) => number) =>
    curve.find((s) => s.events > 0 && value(s) <= level)?.time ?? null;
  return {
    estimate: first((s) => s.survival),
    lower: first((s) => s.lower),
    upper: first((s) => s.upper),
  };
}
