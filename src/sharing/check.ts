/**
 * The URL check: canonical form → Safe Browsing lookup expressions → their SHA-256 → listed hashes.
 * Hot path. Every process keeps the 4-byte prefixes of the whole hash list in memory (a Set of integers,
 * ~50 bytes per entry), so a URL with no listed expression (the common case) never touches the database;
 * a prefix hit is confirmed by full hash, TLP-filtered, in one indexed query. The Set follows the hash
 * list by version: `refresh()` applies the diff since the version it holds (and drains the sync queue).
 */
import { AppError, isAppError } from '../errors.ts';
import type { Tlp } from '../lib/tlp.ts';
import { tlpRank } from '../lib/tlp.ts';
import { createAllowlistIndex } from '../triage/allowlist.index.ts';
import { canonicalizeUrlParts, fullHashes, refang } from '../urls/index.ts';
import { viewsOf, withinViews } from './disclosure.ts';
import type { SharingRepository } from './sharing.repository.ts';
import type { SharingSync } from './sync.ts';

export type CheckMatch = { expression: string; url: string; tlp: Tlp };
export type CheckResult = {
  verdict: 'phishing' | 'unknown' | 'allowlisted';
  canonical: string;
  matches: CheckMatch[];
};

const TLPS: Tlp[] = ['clear', 'green', 'amber', 'red'];
const FRESH_MS = 2000;

export function createUrlChecker(deps: { repo: SharingRepository; sync: SharingSync; freshMs?: number }) {
  const { repo } = deps;
  const freshMs = deps.freshMs ?? FRESH_MS;
  let prefixes: Set<number> | null = null;
  let version = 0;
  let allowlist = createAllowlistIndex([]);
  let refreshedAt = Number.NEGATIVE_INFINITY;
  let refreshing: Promise<void> | null = null;

  async function load(): Promise<void> {
    await deps.sync.sync();
    const v = await repo.version();
    if (!prefixes) {
      prefixes = new Set(await repo.allPrefixes(3));
    } else if (v !== version) {
      // Prefixes touched since our version: present now or not (any TLP; the query filters by TLP).
      const history = await repo.prefixHistorySince(version, 3);
      const present = new Set(history.filter((h) => h.removed === null).map((h) => h.prefix));
      for (const h of history) {
        if (present.has(h.prefix)) prefixes.add(h.prefix);
        else prefixes.delete(h.prefix);
      }
    }
    version = v;
    allowlist = createAllowlistIndex(await repo.allowlist());
    refreshedAt = performance.now();
  }

  /** Brings the in-memory list up to date now (tests; after a bulk change). */
  function refresh(): Promise<void> {
    refreshing ??= load().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  /** Stale by at most `freshMs`: the first call waits for the load, later ones refresh in the background. */
  async function ensureFresh(): Promise<void> {
    if (!prefixes) return refresh();
    if (performance.now() - refreshedAt > freshMs && !refreshing) {
      refresh().catch(() => {
        refreshedAt = Number.NEGATIVE_INFINITY;
      });
    }
  }

  /** Checks `input` for a caller cleared up to `clearance` (anonymous: 'clear'), of `brandIds` (null: all). */
  async function check(
    input: string,
    clearance: Tlp,
    brandIds: readonly number[] | null = null,
  ): Promise<CheckResult> {
    await ensureFresh();
    let parts: ReturnType<typeof canonicalizeUrlParts>;
    try {
      // People paste defanged URLs (hxxps://example[.]com) from warnings; undo that first.
      parts = canonicalizeUrlParts(refang(input));
    } catch (error) {
      if (isAppError(error)) throw error;
      throw new AppError('url.invalid', 'not a URL');
    }
    const hashes = fullHashes(parts.canonical);
    const candidates = hashes.filter((h) => prefixes!.has(Number.parseInt(h.prefix, 16)));
    let matches: CheckMatch[] = [];
    if (candidates.length) {
      const rows = await repo.hashesIn(
        candidates.map((c) => c.hash),
        tlpRank(clearance),
      );
      const expressionOf = new Map(candidates.map((c) => [c.hash, c.expression]));
      // Brand users learn more than the public only of their own brands' URLs (disclosure.ts).
      const views = viewsOf({ clearance, brandIds });
      matches = rows
        .filter((r) => withinViews(views, { tlp: TLPS[r.tlpRank]!, brandId: r.brandId }))
        .map((r) => ({
          expression: expressionOf.get(r.hash)!,
          url: r.url,
          tlp: TLPS[r.tlpRank]!,
        }));
    }
    const verdict = matches.length
      ? 'phishing'
      : allowlist.match(parts.host) !== null
        ? 'allowlisted'
        : 'unknown';
    return { verdict, canonical: parts.canonical, matches };
  }

  return { check, refresh, version: () => version, size: () => prefixes?.size ?? 0 };
}

export type UrlChecker = ReturnType<typeof createUrlChecker>;
