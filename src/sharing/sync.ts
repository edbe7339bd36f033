import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';
import type { Tlp } from '../lib/tlp.ts';
import { tlpRank } from '../lib/tlp.ts';
import { lookupExpressions, sha256Hex } from '../urls/index.ts';
import type { SharingRepository } from './sharing.repository.ts';
import { effectiveTlp } from './tlp-policy.ts';

/**
 * The expression a shared URL is listed under in the hash list: its most specific lookup expression
 * (host + path + query). Listing shorter expressions (host/, directory prefixes) would flag every other
 * page of a hacked or shared-hosting site; clients still compute all their expressions, so a listed
 * `host/path` matches `http://host/path?anything` only when the query is the same.
 */
export function listedExpression(canonical: string): string {
  return lookupExpressions(canonical)[0]!;
}

export function prefixOf(hash: string): number {
  return Number.parseInt(hash.slice(0, 8), 16);
}

export type SyncResult = { processed: number; listed: number; withdrawn: number; changed: number };

/**
 * Brings sharing_urls and the hash list up to date with the URLs the triggers queued: a confirmed URL is
 * listed (or re-marked when its effective TLP changed), an URL no longer confirmed is withdrawn. Batches
 * of `batch` URLs, one transaction each, the hash-list version bumped once per batch that changes it.
 * Safe to run from several processes (PostgreSQL claims pending rows with SKIP LOCKED).
 */
export function createSharingSync(deps: {
  repo: SharingRepository;
  clock: Clock;
  defaultTlp: Tlp;
  /** LISTING_TTL_DAYS in ms: a listing not verified for this long expires; null or 0 = never. */
  listingTtlMs?: number | null;
  log?: Logger;
  batch?: number;
}) {
  const { repo, clock } = deps;
  const batch = deps.batch ?? 1000;

  async function runBatch(): Promise<SyncResult | null> {
    return repo.transaction(async (trx) => {
      const ids = await repo.claimPending(trx, batch);
      if (!ids.length) return null;
      const now = clock.now();
      const urls = await repo.urlsForSync(trx, ids);
      const marks = await repo.markings(trx, ids);
      const current = await repo.sharingRows(trx, ids);
      const result: SyncResult = { processed: ids.length, listed: 0, withdrawn: 0, changed: 0 };
      let version: number | null = null;
      const bump = async () => {
        version ??= await repo.nextVersion(trx);
        return version;
      };
      const cutoff = deps.listingTtlMs ? now - deps.listingTtlMs : null;
      for (const url of urls) {
        const prev = current.get(url.id);
        if (url.status === 'confirmed') {
          const tlp = effectiveTlp(marks.get(url.id) ?? [], deps.defaultTlp);
          // Withdrawn by a verdict and confirmed again: verified now. Otherwise a listing last verified
          // before the cutoff leaves the lists (or stays out) until a live check verifies it again.
          const reconfirmed = prev !== undefined && !prev.active && !prev.expired;
          if (!reconfirmed && prev && cutoff !== null && prev.verifiedAt < cutoff) {
            if (!prev.active) continue;
            const v = await bump();
            await repo.updateShared(trx, { urlId: url.id, tlp: prev.tlp, active: false, now, expired: true });
            await repo.removeHashes(trx, url.id, v);
            result.withdrawn++;
            continue;
          }
          if (prev?.active && prev.tlp === tlp) continue;
          const v = await bump();
          if (prev) {
            await repo.updateShared(trx, {
              urlId: url.id,
              tlp,
              active: true,
              now,
              expired: false,
              ...(reconfirmed ? { verified: now } : {}),
            });
            await repo.removeHashes(trx, url.id, v);
            result.changed++;
          } else {
            await repo.insertShared(trx, { urlId: url.id, tlp, now });
            result.listed++;
          }
          const hash = sha256Hex(listedExpression(url.canonical));
          await repo.addHashes(trx, [
            { urlId: url.id, hash, prefix: prefixOf(hash), tlpRank: tlpRank(tlp), version: v },
          ]);
        } else if (prev?.active) {
          const v = await bump();
          await repo.updateShared(trx, { urlId: url.id, tlp: prev.tlp, active: false, now });
          await repo.removeHashes(trx, url.id, v);
          result.withdrawn++;
        } else if (prev?.expired) {
          // No longer confirmed: a later confirmation lists it afresh, not as an expired listing.
          await repo.updateShared(trx, { urlId: url.id, tlp: prev.tlp, active: false, now, expired: false });
        }
      }
      return result;
    });
  }

  let running: Promise<SyncResult> | null = null;

  /** Drains the pending queue. Concurrent callers in one process share the same run. */
  function sync(): Promise<SyncResult> {
    running ??= (async () => {
      const total: SyncResult = { processed: 0, listed: 0, withdrawn: 0, changed: 0 };
      try {
        for (;;) {
          const r = await runBatch();
          if (!r) break;
          total.processed += r.processed;
          total.listed += r.listed;
          total.withdrawn += r.withdrawn;
          total.changed += r.changed;
        }
        if (total.processed) deps.log?.info(total, 'sharing sync');
        return total;
      } finally {
        running = null;
      }
    })();
    return running;
  }

  /** Queues the listings last verified before the TTL's cutoff and syncs them out (the sharing tick). */
  async function expire(): Promise<SyncResult> {
    if (deps.listingTtlMs) await repo.queueUnverified(clock.now() - deps.listingTtlMs, clock.now());
    return sync();
  }

  return { sync, expire };
}

export type SharingSync = ReturnType<typeof createSharingSync>;
