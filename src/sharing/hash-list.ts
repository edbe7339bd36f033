/**
 * The hash list for clients that keep a local copy (Safe Browsing "update API" style): 4-byte SHA-256
 * prefixes of the listed expressions of shared URLs, a version that grows with every change, a checksum
 * of the whole list, and diffs (additions, removals) from any earlier version.
 *
 * Encoding (documented for clients): a prefix is 8 lowercase hex characters (the first 4 bytes of the
 * SHA-256, big-endian). `checksum` is the SHA-256, in hex, of the sorted prefixes concatenated as raw
 * 4-byte big-endian values: after applying a diff, a client sorts its prefixes, hashes them and compares;
 * on a mismatch it asks for the full list (version 0).
 */
import { createHash } from 'node:crypto';
import { TLP_LEVELS, tlpRank } from '../lib/tlp.ts';
import { viewsOf } from './disclosure.ts';
import type { SharingRepository } from './sharing.repository.ts';

export type HashListUpdate = {
  version: number;
  /** true: `additions` is the whole list (the client drops what it had). */
  full: boolean;
  additions: string[];
  removals: string[];
  checksum: string;
};

export const prefixHex = (p: number): string => p.toString(16).padStart(8, '0');

/** "af30010e" (hex) or "rzABDg==" (base64 of the 4 bytes) → the prefix as an unsigned integer. */
export function parsePrefix(value: string): number | null {
  if (/^[0-9a-fA-F]{8}$/.test(value)) return Number.parseInt(value, 16);
  if (/^[A-Za-z0-9+/_-]{6}(==)?$/.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length === 4) return bytes.readUInt32BE(0);
  }
  return null;
}

export function checksumOf(prefixes: Iterable<number>): string {
  const sorted = Uint32Array.from(prefixes).sort();
  const buf = Buffer.alloc(sorted.length * 4);
  for (let i = 0; i < sorted.length; i++) buf.writeUInt32BE(sorted[i]!, i * 4);
  return createHash('sha256').update(buf).digest('hex');
}

export function createHashList(repo: SharingRepository) {
  // The full list and checksum of the latest version, per TLP rank: computed once per version.
  const cache = new Map<number, { version: number; prefixes: number[]; checksum: string }>();

  async function current(maxRank: number, version: number) {
    const hit = cache.get(maxRank);
    if (hit && hit.version === version) return hit;
    const prefixes = (await repo.allPrefixes(maxRank)).sort((a, b) => a - b);
    const entry = { version, prefixes, checksum: checksumOf(prefixes) };
    cache.set(maxRank, entry);
    return entry;
  }

  return {
    /**
     * Distinct present full hashes with one of these prefixes, visible at `maxRank` to a caller of
     * `brandIds` (null: every brand; brand users also get the public entries, disclosure.ts).
     */
    async search(prefixes: number[], maxRank: number, brandIds: readonly number[] | null = null) {
      const found = new Set<string>();
      for (const view of viewsOf({ clearance: TLP_LEVELS[maxRank]!, brandIds })) {
        for (const h of await repo.hashesByPrefix(prefixes, tlpRank(view.clearance), view.brandIds))
          found.add(h);
      }
      return [...found];
    },

    /** The update that brings a client at `fromVersion` (0 or absent: nothing) to the current version. */
    async update(
      fromVersion: number | null,
      maxRank: number,
      brandIds: readonly number[] | null = null,
    ): Promise<HashListUpdate> {
      const version = await repo.version();
      if (brandIds !== null) {
        // A brand user's list: its own brands at its clearance plus the public list (disclosure.ts),
        // always in full (the public part comes from the per-version cache), since a brand correction moves URLs between brands without a hash-list
        // version of its own.
        const union = new Set<number>();
        for (const view of viewsOf({ clearance: TLP_LEVELS[maxRank]!, brandIds })) {
          const rank = tlpRank(view.clearance);
          const listed =
            view.brandIds === null
              ? (await current(rank, version)).prefixes
              : await repo.allPrefixes(rank, view.brandIds);
          for (const p of listed) union.add(p);
        }
        const prefixes = [...union].sort((a, b) => a - b);
        const checksum = checksumOf(prefixes);
        return { version, full: true, additions: prefixes.map(prefixHex), removals: [], checksum };
      }
      const now = await current(maxRank, version);
      if (!fromVersion || fromVersion <= 0 || fromVersion > version) {
        return {
          version,
          full: true,
          additions: now.prefixes.map(prefixHex),
          removals: [],
          checksum: now.checksum,
        };
      }
      const history = await repo.prefixHistorySince(fromVersion, maxRank);
      const before = new Set<number>();
      const after = new Set<number>();
      const touched = new Set<number>();
      for (const h of history) {
        touched.add(h.prefix);
        if (h.added <= fromVersion && (h.removed === null || h.removed > fromVersion)) before.add(h.prefix);
        if (h.removed === null) after.add(h.prefix);
      }
      const additions: string[] = [];
      const removals: string[] = [];
      for (const p of [...touched].sort((a, b) => a - b)) {
        if (after.has(p) && !before.has(p)) additions.push(prefixHex(p));
        if (before.has(p) && !after.has(p)) removals.push(prefixHex(p));
      }
      return { version, full: false, additions, removals, checksum: now.checksum };
    },
  };
}

export type HashList = ReturnType<typeof createHashList>;
