/**
 * The TLP rules of everything that leaves phishdesk (feeds, TAXII, MISP, exports, the check API, the
 * brand portal). Two functions decide it all: `effectiveTlp` (how restricted a URL is) and
 * `shareClearance` (how much a caller may receive); a URL goes to a caller when
 * tlpPermits(shareClearance(caller), effectiveTlp(url)).
 */
import type { Principal } from '../accounts/principal.ts';
import { isTlp, TLP_LEVELS, type Tlp, tlpRank } from '../lib/tlp.ts';

/**
 * Effective TLP of a URL = the LEAST restrictive marking among the reports that name it, a report without
 * marking (our own public intake, imports of unmarked feeds) counting as `unmarkedDefault`
 * (config SHARING_DEFAULT_TLP, 'clear' by default). Why the least restrictive: a URL is a fact about a
 * public web site, not about the reporter; once any source gave it to us under a looser marking, the
 * stricter copies of the same fact protect nothing. A URL with no report at all gets the default.
 * Unknown marking strings are treated as 'red' (fail closed).
 */
export function effectiveTlp(markings: readonly (string | null)[], unmarkedDefault: Tlp): Tlp {
  if (markings.length === 0) return unmarkedDefault;
  let best: Tlp | null = null;
  for (const m of markings) {
    const t: Tlp = m === null ? unmarkedDefault : normaliseMarking(m);
    if (best === null || tlpRank(t) < tlpRank(best)) best = t;
  }
  return best ?? unmarkedDefault;
}

function normaliseMarking(value: string): Tlp {
  const v = value.trim().toLowerCase().replace(/^tlp:/, '');
  if (v === 'white') return 'clear';
  if (v === 'amber+strict') return 'amber';
  return isTlp(v) ? v : 'red';
}

/** What anonymous callers (public endpoints) may receive. */
export const PUBLIC_CLEARANCE: Tlp = 'clear';

/**
 * Highest TLP a caller may receive from a sharing endpoint. RED never leaves its owners: only staff get
 * it, whatever a key's clearance says; partners and brand users get at most AMBER, and only when their
 * key or account is cleared for it; anonymous callers get CLEAR.
 */
export function shareClearance(principal: Principal | null | undefined): Tlp {
  if (!principal) return PUBLIC_CLEARANCE;
  if (principal.role === 'admin' || principal.role === 'analyst') return 'red';
  return tlpRank(principal.tlpClearance) >= tlpRank('amber') ? 'amber' : principal.tlpClearance;
}

/** The TLP levels visible at a clearance, least restrictive first. */
export function visibleLevels(clearance: Tlp): Tlp[] {
  return TLP_LEVELS.filter((t) => tlpRank(t) <= tlpRank(clearance));
}
