/**
 * How far phishdesk believes a source (issue 16): `confirmed` — its URLs are phishing (JPCERT/CC's list, a
 * partner CSIRT's confirmed feed), so an import or report from it confirms them at once (allowlisted and
 * official domains excepted); `trusted` — a reliable reporter, a fact triage rules may weigh; `public` —
 * anyone (the default).
 */
export const TRUST_LEVELS = ['confirmed', 'trusted', 'public'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

export function isTrustLevel(value: unknown): value is TrustLevel {
  return typeof value === 'string' && (TRUST_LEVELS as readonly string[]).includes(value);
}

/** Higher is more trusted; rules compare levels with this. */
export function trustRank(level: string): number {
  return level === 'confirmed' ? 2 : level === 'trusted' ? 1 : 0;
}
