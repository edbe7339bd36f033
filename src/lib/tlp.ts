/**
 * Traffic Light Protocol levels as phishdesk stores them (TLP 2.0 names; TLP 1.0 WHITE is CLEAR and
 * AMBER+STRICT is handled as AMBER). Ordered from least to most restricted.
 */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'red'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

const RANK: Record<Tlp, number> = { clear: 0, green: 1, amber: 2, red: 3 };

export function tlpRank(tlp: Tlp): number {
  return RANK[tlp];
}

/** True when something marked `marking` may go to a holder cleared up to `clearance`. */
export function tlpPermits(clearance: Tlp, marking: Tlp): boolean {
  return RANK[marking] <= RANK[clearance];
}

export function isTlp(value: unknown): value is Tlp {
  return typeof value === 'string' && (TLP_LEVELS as readonly string[]).includes(value);
}
