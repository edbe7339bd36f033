/**
 * The shape of the time-to-takedown figures: one schema for the HTTP response, the monthly report's frozen
 * figures and the types. Durations are milliseconds; `null` means "not reached" (the curve, or the
 * confidence band, does not get that low with the data so far), never zero. Times are ISO 8601 instants.
 */
import { z } from 'zod';

export const SURVIVAL_DIMENSIONS = ['all', 'network', 'registrar', 'tld', 'country'] as const;
export type SurvivalDimension = (typeof SURVIVAL_DIMENSIONS)[number];

const count = z.number().int().nonnegative();
const duration = z.number().nonnegative().nullable();

export const quantileSchema = z.object({ ms: duration, lowerMs: duration, upperMs: duration });

/** One Kaplan–Meier curve: its cases, how many went down (events), how many are censored. */
export const curveSchema = z.object({
  cases: count,
  down: count,
  /** Still live (censored at the time of computation) or closed as not actionable (at closing). */
  censored: count,
  median: quantileSchema,
  /** The time by which 90 % of the sites were down. */
  p90: quantileSchema,
});

export const survivalGroupSchema = z.object({
  dimension: z.enum(SURVIVAL_DIMENSIONS),
  /** The network name, registrar name, TLD (without the dot; "ip" for IP hosts) or country; null for all. */
  value: z.string().nullable(),
  /** From the first report of the URL to down. */
  fromReport: curveSchema,
  /** From the first takedown request to down; null when fewer requested cases than minCases. */
  fromRequest: curveSchema.nullable(),
});

export const survivalSchema = z.object({
  computedAt: z.string(),
  /** Cases opened in [from, to); null = no bound. */
  range: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  method: z.literal('kaplan-meier'),
  /** Greenwood variance, log-log band, Brookmeyer–Crowley interval for the quantiles. */
  confidence: z.number(),
  /** Groups with fewer cases than this are not shown (counted in `hidden`). */
  minCases: count,
  total: z.object({ cases: count, requested: count, down: count, censored: count }),
  /** Cases for which each dimension is known from stored RDAP answers and liveness checks. */
  known: z.object({ network: count, registrar: count, tld: count, country: count }),
  groups: z.array(survivalGroupSchema),
  hidden: z.array(z.object({ dimension: z.enum(SURVIVAL_DIMENSIONS), groups: count, cases: count })),
});

export type SurvivalFigures = z.infer<typeof survivalSchema>;
export type SurvivalGroup = z.infer<typeof survivalGroupSchema>;
export type SurvivalQuantile = z.infer<typeof quantileSchema>;
