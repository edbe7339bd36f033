import { describe, expect, it } from 'vitest';
import { kaplanMeier, type Observation, survivalAt, survivalQuantile } from './survival.ts';

const obs = (spec: string): Observation[] =>
  spec
    .trim()
    .split(/\s+/)
    .map((x) => ({ time: Number(x.replace('+', '')), event: !x.endsWith('+') }));

describe('kaplanMeier on a small example computed by hand', () => {
  // Seven sites, hours to takedown; "+" = still live (censored) at that time: 2 3+ 4 4 5+ 7 8+
  //   t  n  d  c   S(t)                     Greenwood Σ d/(n(n−d))
  //   2  7  1  0   1 − 1/7          = 6/7    1/(7·6)              = 0.0238095
  //   3  6  0  1   6/7                       (no event)
  //   4  5  2  0   6/7 · 3/5        = 18/35  + 2/(5·3) = 0.1333  → 0.1571429
  //   5  3  0  1   18/35
  //   7  2  1  0   18/35 · 1/2      = 9/35   + 1/(2·1) = 0.5     → 0.6571429
  //   8  1  0  1   9/35
  // SE(S(4)) = 18/35 · √0.1571429 = 0.514286 · 0.396412 = 0.203869.
  // log-log band at t=2: σ/|ln S| = 0.154303/0.154151 = 1.000990; exp(1.959964 · 1.000990) = 7.1118,
  //   lower = (6/7)^7.1118 = e^(−1.09628) = 0.33405; upper = (6/7)^(1/7.1118) = e^(−0.021675) = 0.97856.
  // at t=4: σ/|ln S| = 0.396412/0.664976 = 0.596130, exp(−1.959964 · 0.596130) = 0.310873,
  //   upper = (18/35)^0.310873 = e^(−0.206723) = 0.81325 (> 0.5).
  // at t=7: σ/|ln S| = 0.810644/1.358123 = 0.596887, upper = (9/35)^0.310412 = e^(−0.421578) = 0.65602.
  // Median: first t with S ≤ 0.5 is 7 (S(4) = 0.514 > 0.5). Dropping the censored sites instead would
  // give the median of 2 4 4 7 = 4: the dishonest figure this estimator exists to avoid.
  // Median CI: lower = first t with lower band ≤ 0.5 = 2; upper band never ≤ 0.5 → not reached (null).
  // 90th percentile: S never ≤ 0.1 → not reached.
  const curve = kaplanMeier(obs('2 3+ 4 4 5+ 7 8+'));

  it('has one step per distinct time with the risk set, S(t) and Greenwood', () => {
    expect(curve.map((s) => [s.time, s.atRisk, s.events, s.censored])).toEqual([
      [2, 7, 1, 0],
      [3, 6, 0, 1],
      [4, 5, 2, 0],
      [5, 3, 0, 1],
      [7, 2, 1, 0],
      [8, 1, 0, 1],
    ]);
    const s = curve.map((x) => x.survival);
    expect(s[0]).toBeCloseTo(6 / 7, 12);
    expect(s[1]).toBeCloseTo(6 / 7, 12);
    expect(s[2]).toBeCloseTo(18 / 35, 12);
    expect(s[4]).toBeCloseTo(9 / 35, 12);
    expect(curve[2]!.greenwood).toBeCloseTo(0.1571429, 6);
    expect(curve[4]!.greenwood).toBeCloseTo(0.6571429, 6);
    expect(curve[2]!.stdErr).toBeCloseTo(0.203869, 5);
  });

  it('puts the log-log band where the hand computation does', () => {
    expect(curve[0]!.lower).toBeCloseTo(0.33405, 4);
    expect(curve[0]!.upper).toBeCloseTo(0.97856, 4);
    expect(curve[2]!.upper).toBeCloseTo(0.81325, 4);
    expect(curve[4]!.upper).toBeCloseTo(0.65602, 4);
  });

  it('keeps censored sites: the median is 7, not the 4 of the events alone', () => {
    expect(survivalQuantile(curve, 0.5)).toEqual({ estimate: 7, lower: 2, upper: null });
    expect(survivalQuantile(kaplanMeier(obs('2 4 4 7')), 0.5).estimate).toBe(4);
    expect(survivalQuantile(curve, 0.9)).toEqual({ estimate: null, lower: 7, upper: null });
  });

  it('reads S(t) as a right-continuous step function', () => {
    expect(survivalAt(curve, 1.9)).toBe(1);
    expect(survivalAt(curve, 2)).toBeCloseTo(6 / 7, 12);
    expect(survivalAt(curve, 6)).toBeCloseTo(18 / 35, 12);
  });
});

describe('kaplanMeier against a published example', () => {
  // Freireich et al. (1963), 6-MP arm, weeks in remission ("+" censored), as tabulated in Klein &
  // Moeschberger, Survival Analysis (2nd ed.), Table 4.1A: S = 0.857 0.807 0.753 0.690 0.627 0.538 0.448
  // at 6 7 10 13 16 22 23 with Greenwood SE 0.0764 0.0869 0.0963 0.1068 0.1141 0.1282 0.1346. Median 23;
  // its log-log interval (R: survfit(conf.type = "log-log")) is 13 to not reached.
  const curve = kaplanMeier(
    obs('6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+'),
  ).filter((s) => s.events > 0);

  it('gives the textbook survival and standard errors', () => {
    expect(curve.map((s) => s.time)).toEqual([6, 7, 10, 13, 16, 22, 23]);
    const S = [0.857, 0.807, 0.753, 0.69, 0.627, 0.538, 0.448];
    const SE = [0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346];
    curve.forEach((s, i) => {
      expect(s.survival).toBeCloseTo(S[i]!, 3);
      expect(s.stdErr).toBeCloseTo(SE[i]!, 3);
    });
    // log-log band at 6 weeks: 0.620 to 0.952.
    expect(curve[0]!.lower).toBeCloseTo(0.62, 3);
    expect(curve[0]!.upper).toBeCloseTo(0.952, 3);
  });

  it('gives the median 23 with its interval from 13, upper limit not reached', () => {
    expect(survivalQuantile(curve, 0.5)).toEqual({ estimate: 23, lower: 13, upper: null });
  });
});

describe('kaplanMeier edge cases', () => {
  it('takes S to 0 when the last subject has the event, with a zero band there', () => {
    const curve = kaplanMeier(obs('1 2 3'));
    expect(curve[0]!.survival).toBeCloseTo(2 / 3, 12);
    expect(curve[1]!.survival).toBeCloseTo(1 / 3, 12);
    expect(curve[2]!.survival).toBe(0);
    expect(curve[2]).toMatchObject({ lower: 0, upper: 0, stdErr: 0 });
    expect(survivalQuantile(curve, 0.9).estimate).toBe(3);
  });

  it('says "not reached" for a group where nothing went down yet', () => {
    const curve = kaplanMeier(obs('5+ 6+'));
    expect(curve.every((s) => s.survival === 1)).toBe(true);
    expect(survivalQuantile(curve, 0.5)).toEqual({ estimate: null, lower: null, upper: null });
    expect(kaplanMeier([])).toEqual([]);
  });

  it('counts an exact 0.5 as reaching the median', () => {
    expect(survivalQuantile(kaplanMeier(obs('1 2 3 4')), 0.5).estimate).toBe(2);
  });
});
