/**
 * The sharing module's rules: who gets which shared URLs (scope), paging, and the builders of every
 * format. Routes and the CLI call this; all SQL is in sharing.repository.ts.
 */
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { Tlp } from '../lib/tlp.ts';
import { createDomainProtection, type DomainProtection } from './blocklist.ts';
import { createUrlChecker } from './check.ts';
import type { ShareScope } from './disclosure.ts';
import { createHashList } from './hash-list.ts';
import { createMispFeedBuilder } from './misp-feed.ts';
import type { Cursor, ListedTarget, SharedUrl, SharingRepository } from './sharing.repository.ts';
import { createStixBuilder, type StixCampaign } from './stix-export.ts';
import { createSharingSync } from './sync.ts';

// The scope rule lives with the rest of what-leaves-to-whom in disclosure.ts.
export { type ShareScope, scopeOf } from './disclosure.ts';

export type FeedFilter = {
  since?: number | null;
  until?: number | null;
  cursor?: string | null;
  limit?: number;
  includeWithdrawn?: boolean;
  /** Further restrict to these brands (within the scope). */
  brandIds?: readonly number[] | null;
  tlpExactly?: Tlp | null;
};

export const MAX_PAGE = 5000;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.t}.${c.id}`).toString('base64url');
}

export function decodeCursor(value: string): Cursor {
  const m = /^(\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(value, 'base64url').toString());
  if (!m) throw new AppError('request.invalid', 'unreadable cursor');
  return { t: Number(m[1]), id: Number(m[2]) };
}

function narrow(scope: ShareScope, brandIds: readonly number[] | null | undefined): readonly number[] | null {
  if (!brandIds) return scope.brandIds;
  return scope.brandIds === null ? brandIds : brandIds.filter((b) => scope.brandIds!.includes(b));
}

export function createSharingService(deps: {
  repo: SharingRepository;
  clock: Clock;
  organisationName: string;
  defaultTlp: Tlp;
  /** LISTING_TTL_DAYS in ms (null/0: listings never expire). */
  listingTtlMs?: number | null;
  log?: Logger;
  /** The reports module's labels as the sources gave them (JPCERT/CC export); none without it. */
  sourceLabels?: (urlIds: readonly number[]) => Promise<Map<number, string>>;
}) {
  const { repo } = deps;
  const sync = createSharingSync({
    repo,
    clock: deps.clock,
    defaultTlp: deps.defaultTlp,
    listingTtlMs: deps.listingTtlMs ?? null,
    ...(deps.log ? { log: deps.log } : {}),
  });
  const checker = createUrlChecker({ repo, sync });
  const hashList = createHashList(repo);
  const stix = createStixBuilder(deps.organisationName);
  let protectionCache: { at: number; value: DomainProtection } | null = null;

  async function protection(): Promise<DomainProtection> {
    const now = performance.now();
    if (protectionCache && now - protectionCache.at < 60_000) return protectionCache.value;
    const extra = [...(await repo.officialDomains()), ...(await repo.allowlist()).map((e) => e.value)];
    protectionCache = { at: now, value: createDomainProtection(extra) };
    return protectionCache.value;
  }

  /** One page in (updated_at, url_id) order; nextCursor null at the end. */
  async function page(scope: ShareScope, filter: FeedFilter = {}) {
    await sync.sync();
    const limit = Math.min(Math.max(filter.limit ?? 1000, 1), MAX_PAGE);
    const rows = await repo.listShared({
      clearance: scope.clearance,
      brandIds: narrow(scope, filter.brandIds),
      since: filter.since ?? null,
      until: filter.until ?? null,
      after: filter.cursor ? decodeCursor(filter.cursor) : null,
      includeWithdrawn: filter.includeWithdrawn ?? false,
      tlpExactly: filter.tlpExactly ?? null,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ t: last.updatedAt, id: last.urlId }) : null;
    return { items, nextCursor };
  }

  /** Every shared URL in scope (pages of MAX_PAGE; exports and blocklists). */
  async function all(
    scope: ShareScope,
    filter: Omit<FeedFilter, 'cursor' | 'limit'> = {},
  ): Promise<SharedUrl[]> {
    const out: SharedUrl[] = [];
    let cursor: string | null = null;
    do {
      const p = await page(scope, { ...filter, cursor, limit: MAX_PAGE });
      out.push(...p.items);
      cursor = p.nextCursor;
    } while (cursor);
    return out;
  }

  async function campaignsOf(items: readonly SharedUrl[]): Promise<Map<number, StixCampaign[]>> {
    return repo.campaignsOf(items.map((u) => u.urlId));
  }

  return {
    /** The label each URL's source gave it, for formats that carry the source's own words. */
    sourceLabels: (items: readonly SharedUrl[]) =>
      deps.sourceLabels
        ? deps.sourceLabels(items.map((u) => u.urlId))
        : Promise.resolve(new Map<number, string>()),
    repo,
    sync: () => sync.sync(),
    /** Withdraws listings not verified within LISTING_TTL_DAYS (the sharing tick runs it each minute). */
    expireListings: () => sync.expire(),
    /** A live check found the URL up: its listing is verified again (an expired one comes back). */
    markVerified: (urlId: number, at: number) => repo.markVerified(urlId, at),
    checker,
    hashList,
    stix,
    protection,
    page,
    all,
    campaignsOf,

    /** Listed URLs (any TLP, in sync first) an appeal's target names; staff and the appeals module only. */
    async listedMatching(target: ListedTarget, limit = 100_000): Promise<SharedUrl[]> {
      await sync.sync();
      return repo.listedMatching(target, limit);
    },

    async stixBundle(scope: ShareScope, filter: Omit<FeedFilter, 'cursor' | 'limit'> = {}) {
      const items = await all(scope, filter);
      return stix.bundle(stix.objects(items, await campaignsOf(items)));
    },

    async mispEvents(scope: ShareScope) {
      const items = await all(scope);
      const builder = createMispFeedBuilder({
        organisationName: deps.organisationName,
        protection: await protection(),
      });
      const events = builder.events(items, await campaignsOf(items));
      return { events, manifest: builder.manifest(events), hashesCsv: builder.hashesCsv(events) };
    },
  };
}

export type SharingService = ReturnType<typeof createSharingService>;
