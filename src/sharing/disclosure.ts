/**
 * What may leave phishdesk, to whom: the one rule every read path applies (console URL page and queues,
 * campaigns, the brand portal, takedown cases, the check API and hash list, public statistics and the
 * monthly report, exports). Staff (admin, analyst) see everything. Anyone else sees a URL only when
 *   1. it is confirmed (a `new`, `benign` or disputed URL never leaves the house),
 *   2. its effective TLP (tlp-policy.ts: the least restrictive marking of its reports) is within their
 *      clearance (anonymous: CLEAR; brand and partner accounts: their clearance, at most AMBER), and
 *   3. for brand users, its current brand is one of theirs (a brand correction moves it at once).
 * The check API and the hash list answer questions anyone may ask: there a brand user gets, besides its
 * own brands as above, exactly the public (anonymous) view of every other URL (`viewsOf`).
 * The SQL predicate below computes the effective TLP from the reports themselves, so a read never depends
 * on the sharing sync having run; `disclosure.test.ts` checks that it agrees with `effectiveTlp`.
 */
import { type RawBuilder, sql } from 'kysely';
import { isStaff, type Principal } from '../accounts/principal.ts';
import { TLP_LEVELS, type Tlp, tlpRank } from '../lib/tlp.ts';
import { PUBLIC_CLEARANCE, shareClearance } from './tlp-policy.ts';

/** Who a read is for: staff, or a clearance with (for brand users) the brands they may see. */
export type Audience =
  | { staff: true }
  | {
      staff: false;
      clearance: Tlp /** null = every brand (partners, the public). */;
      brandIds: readonly number[] | null;
    };

/** The audience of published material (monthly report, public pages): anyone, TLP:CLEAR only. */
export const PUBLIC_AUDIENCE: Audience = { staff: false, clearance: PUBLIC_CLEARANCE, brandIds: null };

/** Enough of a principal to decide (the triage and campaign services pass their Viewer). */
export type Reader = Pick<Principal, 'role' | 'brandIds' | 'tlpClearance'>;

export function audienceOf(principal: Reader | null | undefined): Audience {
  if (principal && isStaff(principal as Principal)) return { staff: true };
  return {
    staff: false,
    clearance: shareClearance(principal as Principal | null | undefined),
    brandIds: principal?.role === 'brand' ? principal.brandIds : null,
  };
}

/** What a sharing endpoint may send a caller: TLP up to `clearance`, only these brands (null = all). */
export type ShareScope = { clearance: Tlp; brandIds: readonly number[] | null };

/** Scope of a caller: brand users see only their brands; partners and staff every brand. */
export function scopeOf(principal: Principal | null | undefined): ShareScope {
  const a = audienceOf(principal);
  return a.staff ? { clearance: 'red', brandIds: null } : { clearance: a.clearance, brandIds: a.brandIds };
}

/**
 * The views a scope is the union of, for the check API and the hash list (answers anyone could ask for
 * any URL): a brand user sees its own brands up to its clearance and, like any anonymous caller, what
 * is public of every brand, so it never learns more than the public about another brand's URLs, nor
 * less. Other scopes are one view.
 */
export function viewsOf(scope: ShareScope): ShareScope[] {
  if (scope.brandIds === null) return [scope];
  const publicView: ShareScope = { clearance: PUBLIC_CLEARANCE, brandIds: null };
  if (tlpRank(scope.clearance) <= tlpRank(PUBLIC_CLEARANCE) || scope.brandIds.length === 0)
    return [publicView];
  return [scope, publicView];
}

/** Whether an entry of this TLP and (current) brand is within one of the scope's views. */
export function withinViews(
  views: readonly ShareScope[],
  entry: { tlp: Tlp; brandId: number | null },
): boolean {
  return views.some(
    (v) =>
      tlpRank(entry.tlp) <= tlpRank(v.clearance) &&
      (v.brandIds === null || (entry.brandId !== null && v.brandIds.includes(entry.brandId))),
  );
}

/**
 * Stored marking strings (lower-cased, trimmed) that normalise to a level no higher than `clearance`,
 * mirroring tlp-policy.ts normaliseMarking: `tlp:` prefix optional, WHITE = CLEAR, AMBER+STRICT = AMBER.
 * Anything else counts as RED and is never in the list below AMBER.
 */
export function markingsWithin(clearance: Tlp): string[] {
  const out: string[] = [];
  for (const level of TLP_LEVELS) {
    if (tlpRank(level) > tlpRank(clearance)) continue;
    const names = [
      level,
      ...(level === 'clear' ? ['white'] : []),
      ...(level === 'amber' ? ['amber+strict'] : []),
    ];
    for (const n of names) out.push(n, `tlp:${n}`);
  }
  return out;
}

/**
 * Source kinds a published figure may name: our own intake channels and the public feeds. Anything else
 * (a partner's TAXII/MISP/STIX feed, a generic feed set up for one member, a kind added later) is shown
 * as `other`, so a published report never names an internal source.
 */
export const PUBLIC_SOURCE_KINDS: readonly string[] = [
  'web',
  'api',
  'smtp',
  'upload',
  'cli',
  'email',
  'sms',
  'openphish',
  'phishtank-json',
  'phishtank-csv',
  'urlhaus',
  'jpcert',
];

export function publicSourceKind(kind: string): string {
  return PUBLIC_SOURCE_KINDS.includes(kind) ? kind : 'other';
}

export function createDisclosure(deps: { unmarkedDefault: Tlp }) {
  /**
   * SQL condition on a `urls` row (alias `urlAlias`) for "this URL may go to `audience`"; null for staff
   * (no condition). Callers add it to every query that returns URLs, or things that name them.
   */
  function urlFilter(urlAlias: string, audience: Audience): RawBuilder<boolean> | null {
    if (audience.staff) return null;
    if (audience.brandIds !== null && audience.brandIds.length === 0) return sql<boolean>`(1 = 0)`;
    const u = (column: string) => sql.ref(`${urlAlias}.${column}`);
    const defaultOk = tlpRank(deps.unmarkedDefault) <= tlpRank(audience.clearance);
    const within = markingsWithin(audience.clearance);
    const marking = sql`lower(trim(dr.tlp)) in (${sql.join(within)})`;
    const reportCleared = defaultOk
      ? sql`(dr.tlp is null or ${marking})`
      : sql`(dr.tlp is not null and ${marking})`;
    const cleared = sql`exists (select 1 from report_urls dru join reports dr on dr.id = dru.report_id
      where dru.url_id = ${u('id')} and ${reportCleared})`;
    // A URL without any report (added by hand) carries the unmarked default.
    const tlpOk = defaultOk
      ? sql`(${cleared} or not exists (select 1 from report_urls dru where dru.url_id = ${u('id')}))`
      : cleared;
    const brand =
      audience.brandIds === null
        ? sql``
        : sql` and ${u('brand_id')} in (${sql.join([...audience.brandIds])})`;
    return sql<boolean>`(${u('status')} = 'confirmed'${brand} and ${tlpOk})`;
  }

  return {
    audienceOf,
    urlFilter,
    /** Brand ids a brand user is limited to (null: no brand limit), for paths keyed by brand. */
    brandScope: (audience: Audience): readonly number[] | null => (audience.staff ? null : audience.brandIds),
  };
}

export type Disclosure = ReturnType<typeof createDisclosure>;
