import type { Kysely } from 'kysely';
import { brandScope, type Principal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { TLP_LEVELS, tlpPermits } from '../lib/tlp.ts';
import type { Disclosure } from '../sharing/disclosure.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { AuditRecorder } from '../triage/audit.ts';
import { decodeCursor, encodeCursor } from '../triage/cursor.ts';
import { type BrandRef, toUrlSummary, type UrlSummary } from '../triage/url-summary.ts';
import type { CampaignRow, CampaignsRepository } from './campaigns.repository.ts';
import { groupingKeys } from './grouping-keys.ts';

/** URLs first seen this close to each other may be one campaign. */
export const CAMPAIGN_WINDOW_MS = 14 * 24 * 3600 * 1000;
const DETAIL_URLS = 1000;
const JST = 9 * 3600 * 1000;

export type CampaignStatus = 'open' | 'closed' | 'merged';

export type CampaignSummary = {
  id: number;
  name: string;
  status: CampaignStatus;
  brand: BrandRef | null;
  createdAt: string;
  firstSeen: string;
  lastSeen: string;
  createdBy: 'auto' | 'user';
  urlCount: number;
  mergedInto: number | null;
};

export type LivenessCounts = { live: number; down: number; unknown: number };
export type LivenessCounter = (urlIds: number[]) => Promise<LivenessCounts>;

export type CampaignDetail = CampaignSummary & {
  urls: UrlSummary[];
  urlsTotal: number;
  samples: { subjects: string[]; senders: string[]; smsTexts: string[] };
  timeline: { day: string; urls: number }[];
  statusCounts: {
    live: number | null;
    down: number | null;
    unknown: number | null;
    byStatus: Record<string, number>;
  };
};

/** Who is asking: brand users see only their brands' campaigns and reports they are cleared for. */
export type Viewer = Pick<Principal, 'role' | 'brandIds' | 'tlpClearance'>;

export function toCampaignSummary(r: CampaignRow): CampaignSummary {
  return {
    id: r.id,
    name: r.name,
    status: r.status as CampaignStatus,
    brand:
      r.brand_id === null
        ? null
        : {
            id: r.brand_id,
            slug: r.brand_slug ?? '',
            nameJa: r.brand_name_ja ?? '',
            nameEn: r.brand_name_en ?? '',
          },
    createdAt: new Date(r.created_at).toISOString(),
    firstSeen: new Date(r.first_seen).toISOString(),
    lastSeen: new Date(r.last_seen).toISOString(),
    createdBy: r.created_by === 'auto' ? 'auto' : 'user',
    urlCount: r.url_count,
    mergedInto: r.merged_into,
  };
}

export function jstDay(ms: number): string {
  return new Date(ms + JST).toISOString().slice(0, 10);
}

function actorId(p: Principal | null): number | null {
  return p && p.userId > 0 ? p.userId : null;
}

/**
 * Campaigns: automatic grouping of confirmed URLs (called by triage inside the verdict's transaction),
 * and the analysts' merge, split, rename and close.
 */
export function createCampaignsService(deps: {
  db: Db;
  repo: CampaignsRepository;
  clock: Clock;
  audit: AuditRecorder;
  disclosure: Disclosure;
}) {
  const { repo } = deps;
  let liveness: LivenessCounter | null = null;
  /** The viewer's condition on URLs (src/sharing/disclosure.ts); null (no viewer: internal use) = all. */
  const disclosed = (viewer: Viewer | null) =>
    viewer ? deps.disclosure.urlFilter('u', deps.disclosure.audienceOf(viewer)) : null;

  /** A campaign is visible to a brand user when it is of their brand and has a URL they may see. */
  async function visible(viewer: Viewer | null, c: CampaignRow): Promise<boolean> {
    if (!viewer) return true;
    const scope = brandScope(viewer as Principal);
    if (scope !== null && (c.brand_id === null || !scope.includes(c.brand_id))) return false;
    const condition = disclosed(viewer);
    return condition === null || (await repo.hasDisclosedUrl(c.id, condition));
  }

  async function mustGet(ex: Kysely<Database>, id: number): Promise<CampaignRow> {
    const c = await repo.get(id, ex);
    if (!c) throw new AppError('not_found', 'no such campaign');
    return c;
  }

  async function getDetail(id: number, viewer: Viewer | null): Promise<CampaignDetail | null> {
    const c = await repo.get(id);
    if (!c || !(await visible(viewer, c))) return null;
    const staff = !viewer || brandScope(viewer as Principal) === null;
    const tlps = staff ? null : TLP_LEVELS.filter((t) => tlpPermits(viewer.tlpClearance, t));
    const condition = disclosed(viewer);
    const [urls, times, byStatus, samples] = await Promise.all([
      repo.urlSummaries(id, DETAIL_URLS, condition),
      repo.firstSeenTimes(id, condition),
      repo.statusCounts(id, condition),
      repo.samples(id, tlps, condition),
    ]);
    const perDay = new Map<string, number>();
    for (const t of times) perDay.set(jstDay(t), (perDay.get(jstDay(t)) ?? 0) + 1);
    const live = liveness
      ? await liveness(await repo.urlIdsOf(deps.db.kysely, id, condition))
      : condition === null
        ? await repo.livenessCounts(id)
        : null;
    return {
      ...toCampaignSummary(c),
      urls: urls.map(toUrlSummary),
      urlsTotal: times.length,
      samples,
      timeline: [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, n]) => ({ day, urls: n })),
      statusCounts: {
        live: live?.live ?? null,
        down: live?.down ?? null,
        unknown: live?.unknown ?? null,
        byStatus,
      },
    };
  }

  return {
    /** Replaces the default live/down count (latest verdict of url_checks per URL) if needed. */
    setLivenessCounter(fn: LivenessCounter | null) {
      liveness = fn;
    },

    /**
     * Puts a just-confirmed URL into a campaign: the best open one of its brand sharing a key within the
     * window, else a new one. Runs in the caller's transaction. Returns the campaign id.
     */
    async assignConfirmed(ex: Kysely<Database>, urlId: number): Promise<number> {
      const at = deps.clock.now();
      const u = await repo.urlForGrouping(ex, urlId);
      if (!u) throw new AppError('not_found', 'no such URL');
      const keys = groupingKeys(
        { host: u.host, domain: u.domain, features: u.features ? u.features.split(',') : [], path: u.path },
        u.texts,
      );
      await repo.replaceKeys(ex, urlId, keys);
      if (u.campaign_id !== null) return u.campaign_id;
      const best = await repo.bestCandidate(
        ex,
        { id: urlId, brandId: u.brand_id, firstSeen: u.first_seen },
        CAMPAIGN_WINDOW_MS,
      );
      const campaignId =
        best ??
        (await repo.create(ex, {
          name: `${u.brand_name ?? 'ブランド不明'} ${jstDay(u.first_seen)}`,
          brandId: u.brand_id,
          createdBy: 'auto',
          creatorId: null,
          at,
          firstSeen: u.first_seen,
        }));
      await repo.addUrl(ex, campaignId, urlId, at);
      await repo.extendBounds(ex, campaignId, u.first_seen, u.last_seen);
      return campaignId;
    },

    /** A URL that is no longer confirmed (or changed brand) leaves its campaign. */
    async detach(ex: Kysely<Database>, urlId: number): Promise<number | null> {
      const campaignId = await repo.campaignOf(ex, urlId);
      await repo.removeUrl(ex, urlId);
      if (campaignId !== null) await repo.refreshBounds(ex, campaignId);
      return campaignId;
    },

    async list(
      viewer: Viewer | null,
      f: { status?: string; brandId?: number; search?: string; cursor?: string; limit: number },
    ): Promise<{ items: CampaignSummary[]; nextCursor: string | null }> {
      const rows = await repo.list({
        ...f,
        scope: viewer ? brandScope(viewer as Principal) : null,
        disclosed: disclosed(viewer),
        cursor: toListCursor(decodeCursor(f.cursor)),
      });
      const last = rows[rows.length - 1];
      return {
        items: rows.map(toCampaignSummary),
        nextCursor: rows.length === f.limit && last ? encodeCursor(last.last_seen, last.id) : null,
      };
    },

    /** Name, status, brand and size only; null when missing or not visible. */
    async summary(id: number, viewer: Viewer | null = null): Promise<CampaignSummary | null> {
      const c = await repo.get(id);
      return c && (await visible(viewer, c)) ? toCampaignSummary(c) : null;
    },

    /** A campaign with its URLs, samples, timeline and counts; null when missing or not visible. */
    get: (id: number, viewer: Viewer | null = null) => getDetail(id, viewer),

    async update(
      principal: Principal,
      id: number,
      patch: { name?: string; status?: 'open' | 'closed' },
    ): Promise<CampaignSummary> {
      return deps.db.kysely.transaction().execute(async (trx) => {
        const before = await mustGet(trx, id);
        if (before.status === 'merged')
          throw new AppError('campaign.not_open', 'this campaign was merged into another');
        const name = patch.name?.trim();
        if (patch.name !== undefined && !name)
          throw new AppError('campaign.invalid', 'a campaign needs a name');
        await repo.update(trx, id, {
          ...(name ? { name: name.slice(0, 200) } : {}),
          ...(patch.status ? { status: patch.status } : {}),
          updated_at: deps.clock.now(),
        });
        const after = await mustGet(trx, id);
        await deps.audit.record(
          {
            principal,
            action:
              patch.status && patch.status !== before.status
                ? `campaign.${patch.status === 'closed' ? 'close' : 'reopen'}`
                : 'campaign.rename',
            entity: 'campaign',
            entityId: id,
            before: { name: before.name, status: before.status },
            after: { name: after.name, status: after.status },
          },
          trx,
        );
        return toCampaignSummary(after);
      });
    },

    /** Moves every URL of `sourceIds` into `targetId`; the sources become 'merged' into it. */
    async merge(principal: Principal, targetId: number, sourceIds: number[]): Promise<CampaignDetail> {
      const ids = [...new Set(sourceIds)];
      if (ids.length === 0 || ids.includes(targetId))
        throw new AppError('campaign.invalid', 'merge other campaigns into this one');
      await deps.db.kysely.transaction().execute(async (trx) => {
        const target = await mustGet(trx, targetId);
        if (target.status !== 'open') throw new AppError('campaign.not_open', 'merge into an open campaign');
        const sources = [];
        for (const id of ids) sources.push(await mustGet(trx, id));
        for (const s of sources) {
          if (s.status === 'merged')
            throw new AppError('campaign.not_open', `campaign ${s.id} was already merged`);
          if (s.brand_id !== target.brand_id)
            throw new AppError('campaign.brand_mismatch', `campaign ${s.id} is about another brand`);
        }
        const at = deps.clock.now();
        await repo.moveAll(trx, ids, targetId, at);
        for (const s of sources)
          await repo.update(trx, s.id, { status: 'merged', merged_into: targetId, updated_at: at });
        await repo.update(trx, targetId, { updated_at: at });
        await repo.refreshBounds(trx, targetId);
        await deps.audit.record(
          {
            principal,
            action: 'campaign.merge',
            entity: 'campaign',
            entityId: targetId,
            before: {
              campaigns: sources.map((s) => ({ id: s.id, name: s.name, urls: s.url_count })),
              urls: target.url_count,
            },
            after: { mergedFrom: ids },
          },
          trx,
        );
      });
      return (await getDetail(targetId, null))!;
    },

    /** Moves `urlIds` out of campaign `id` into a new campaign of the same brand. */
    async split(
      principal: Principal,
      id: number,
      urlIds: number[],
      name?: string,
    ): Promise<{ from: CampaignSummary; to: CampaignSummary }> {
      const moving = [...new Set(urlIds)];
      if (moving.length === 0) throw new AppError('campaign.invalid', 'choose the URLs to split off');
      return deps.db.kysely.transaction().execute(async (trx) => {
        const from = await mustGet(trx, id);
        if (from.status !== 'open') throw new AppError('campaign.not_open', 'split an open campaign');
        const members = new Set(await repo.urlIdsOf(trx, id));
        const stray = moving.filter((u) => !members.has(u));
        if (stray.length > 0)
          throw new AppError(
            'campaign.invalid',
            `URLs not in this campaign: ${stray.slice(0, 20).join(', ')}`,
          );
        if (moving.length === members.size)
          throw new AppError(
            'campaign.invalid',
            'a split must leave URLs in the campaign; rename it instead',
          );
        const at = deps.clock.now();
        const newName = name?.trim() || `${from.name} (2)`;
        const toId = await repo.create(trx, {
          name: newName.slice(0, 200),
          brandId: from.brand_id,
          createdBy: 'user',
          creatorId: actorId(principal),
          at,
          firstSeen: from.first_seen,
        });
        await repo.moveUrls(trx, moving, toId, at);
        await repo.refreshBounds(trx, toId);
        // The source keeps its own bounds: recompute from what is left.
        await repo.update(trx, id, { updated_at: at });
        await repo.refreshBounds(trx, id);
        await deps.audit.record(
          {
            principal,
            action: 'campaign.split',
            entity: 'campaign',
            entityId: id,
            before: { urls: from.url_count },
            after: { newCampaign: toId, urlIds: moving },
          },
          trx,
        );
        return {
          from: toCampaignSummary(await mustGet(trx, id)),
          to: toCampaignSummary(await mustGet(trx, toId)),
        };
      });
    },
  };
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;

function toListCursor(c: { t: number; id: number } | undefined) {
  return c ? { lastSeen: c.t, id: c.id } : undefined;
}
