import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import { containsText } from '../triage/like.ts';
import { selectUrlSummaries } from '../triage/url-summary.ts';
import { reportVisible } from '../triage/visibility.ts';
import type { GroupingKey } from './grouping-keys.ts';

type Ex = Kysely<Database>;
/** A viewer's condition on `urls as u` (src/sharing/disclosure.ts); null = every URL (staff). */
type Disclosed = RawBuilder<boolean> | null;

export type CampaignRow = {
  id: number;
  name: string;
  brand_id: number | null;
  status: string;
  merged_into: number | null;
  created_by: string;
  creator_id: number | null;
  created_at: number;
  updated_at: number;
  first_seen: number;
  last_seen: number;
  brand_slug: string | null;
  brand_name_ja: string | null;
  brand_name_en: string | null;
  url_count: number;
};

/** All SQL of campaigns. Writes take the executor (a transaction) of the change they belong to. */
export function createCampaignsRepository(db: Db) {
  const k = db.kysely;

  function selectCampaigns(ex: Ex) {
    return ex
      .selectFrom('campaigns as c')
      .leftJoin('brands as b', 'b.id', 'c.brand_id')
      .selectAll('c')
      .select(['b.slug as brand_slug', 'b.name_ja as brand_name_ja', 'b.name_en as brand_name_en']);
  }

  /** The campaign URLs a viewer may see, as an EXISTS-ready subquery. */
  function disclosedUrls(ex: Ex, disclosed: RawBuilder<boolean>) {
    return ex
      .selectFrom('campaign_urls as cu')
      .innerJoin('urls as u', 'u.id', 'cu.url_id')
      .select(sql`1`.as('one'))
      .where(disclosed);
  }

  const toRow = (r: Record<string, unknown>) =>
    ({ ...r, url_count: Number(r.url_count ?? 0) }) as CampaignRow;

  /** Keeps campaigns.url_count equal to the URLs each holds (after every add, move and removal). */
  async function recount(ex: Ex, campaignIds: readonly number[]): Promise<void> {
    const ids = [...new Set(campaignIds)];
    if (ids.length === 0) return;
    await ex
      .updateTable('campaigns')
      .set({
        url_count: sql`(select count(*) from campaign_urls cu where cu.campaign_id = campaigns.id)`,
      })
      .where('id', 'in', ids)
      .execute();
  }

  async function campaignsOfUrls(ex: Ex, urlIds: readonly number[]): Promise<number[]> {
    if (urlIds.length === 0) return [];
    const rows = await ex
      .selectFrom('campaign_urls')
      .select('campaign_id')
      .distinct()
      .where('url_id', 'in', [...urlIds])
      .execute();
    return rows.map((r) => r.campaign_id);
  }

  return {
    recount,

    async get(id: number, ex: Ex = k): Promise<CampaignRow | undefined> {
      const r = await selectCampaigns(ex).where('c.id', '=', id).executeTakeFirst();
      return r ? toRow(r) : undefined;
    },

    async list(f: {
      status?: string;
      brandId?: number;
      scope: readonly number[] | null;
      search?: string;
      cursor?: { lastSeen: number; id: number };
      limit: number;
      disclosed: Disclosed;
    }): Promise<CampaignRow[]> {
      let q = selectCampaigns(k);
      const disclosed = f.disclosed;
      if (disclosed)
        q = q.where(
          sql<boolean>`exists (select 1 from campaign_urls cu join urls u on u.id = cu.url_id
            where cu.campaign_id = c.id and ${disclosed})`,
        );
      if (f.scope !== null) {
        if (f.scope.length === 0) return [];
        q = q.where('c.brand_id', 'in', [...f.scope]);
      }
      if (f.status) q = q.where('c.status', '=', f.status);
      if (f.brandId !== undefined) q = q.where('c.brand_id', '=', f.brandId);
      if (f.search) q = q.where(containsText('c.name', f.search));
      const cursor = f.cursor;
      if (cursor)
        q = q.where((eb) =>
          eb.or([
            eb('c.last_seen', '<', cursor.lastSeen),
            eb.and([eb('c.last_seen', '=', cursor.lastSeen), eb('c.id', '<', cursor.id)]),
          ]),
        );
      const rows = await q.orderBy('c.last_seen', 'desc').orderBy('c.id', 'desc').limit(f.limit).execute();
      return rows.map(toRow);
    },

    async create(
      ex: Ex,
      c: {
        name: string;
        brandId: number | null;
        createdBy: 'auto' | 'user';
        creatorId: number | null;
        at: number;
        firstSeen: number;
      },
    ): Promise<number> {
      const row = await ex
        .insertInto('campaigns')
        .values({
          name: c.name,
          brand_id: c.brandId,
          status: 'open',
          merged_into: null,
          created_by: c.createdBy,
          creator_id: c.creatorId,
          created_at: c.at,
          updated_at: c.at,
          first_seen: c.firstSeen,
          last_seen: c.firstSeen,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async update(
      ex: Ex,
      id: number,
      set: { name?: string; status?: string; merged_into?: number | null; updated_at: number },
    ) {
      await ex.updateTable('campaigns').set(set).where('id', '=', id).execute();
    },

    /** first_seen / last_seen from the URLs it holds (unchanged when it holds none). */
    async refreshBounds(ex: Ex, id: number): Promise<void> {
      await sql`update campaigns set
          first_seen = coalesce((select min(u.first_seen) from campaign_urls cu join urls u on u.id = cu.url_id
            where cu.campaign_id = ${id}), first_seen),
          last_seen = coalesce((select max(u.last_seen) from campaign_urls cu join urls u on u.id = cu.url_id
            where cu.campaign_id = ${id}), last_seen)
        where id = ${id}`.execute(ex);
    },

    /** Widens the bounds to a URL just added (one statement instead of a full recount). */
    async extendBounds(ex: Ex, id: number, firstSeen: number, lastSeen: number): Promise<void> {
      await ex
        .updateTable('campaigns')
        .set({
          first_seen: sql`case when first_seen > ${firstSeen} then ${firstSeen} else first_seen end`,
          last_seen: sql`case when last_seen < ${lastSeen} then ${lastSeen} else last_seen end`,
        })
        .where('id', '=', id)
        .execute();
    },

    async campaignOf(ex: Ex, urlId: number): Promise<number | null> {
      const r = await ex
        .selectFrom('campaign_urls')
        .select('campaign_id')
        .where('url_id', '=', urlId)
        .executeTakeFirst();
      return r?.campaign_id ?? null;
    },

    async addUrl(
      ex: Ex,
      campaignId: number,
      urlId: number,
      at: number,
      match: { score: number; evidence: unknown } | null = null,
    ): Promise<void> {
      const before = await campaignsOfUrls(ex, [urlId]);
      const score = match?.score ?? null;
      const evidence = match ? JSON.stringify(match.evidence) : null;
      await ex
        .insertInto('campaign_urls')
        .values({ campaign_id: campaignId, url_id: urlId, added_at: at, score, evidence })
        .onConflict((oc) =>
          oc.column('url_id').doUpdateSet({ campaign_id: campaignId, added_at: at, score, evidence }),
        )
        .execute();
      await recount(ex, [...before, campaignId]);
    },

    async removeUrl(ex: Ex, urlId: number): Promise<void> {
      const before = await campaignsOfUrls(ex, [urlId]);
      await ex.deleteFrom('campaign_urls').where('url_id', '=', urlId).execute();
      await ex.deleteFrom('campaign_keys').where('url_id', '=', urlId).execute();
      await recount(ex, before);
    },

    async moveUrls(ex: Ex, urlIds: number[], toCampaign: number, at: number): Promise<void> {
      if (urlIds.length === 0) return;
      const before = await campaignsOfUrls(ex, urlIds);
      await ex
        .updateTable('campaign_urls')
        .set({ campaign_id: toCampaign, added_at: at })
        .where('url_id', 'in', urlIds)
        .execute();
      await recount(ex, [...before, toCampaign]);
    },

    async moveAll(ex: Ex, fromCampaigns: number[], toCampaign: number, at: number): Promise<void> {
      await ex
        .updateTable('campaign_urls')
        .set({ campaign_id: toCampaign, added_at: at })
        .where('campaign_id', 'in', fromCampaigns)
        .execute();
      await recount(ex, [...fromCampaigns, toCampaign]);
    },

    async urlIdsOf(ex: Ex, campaignId: number, disclosed: Disclosed = null): Promise<number[]> {
      let q = ex
        .selectFrom('campaign_urls as cu')
        .innerJoin('urls as u', 'u.id', 'cu.url_id')
        .select('cu.url_id')
        .where('cu.campaign_id', '=', campaignId);
      if (disclosed) q = q.where(disclosed);
      const rows = await q.execute();
      return rows.map((r) => r.url_id);
    },

    async replaceKeys(ex: Ex, urlId: number, keys: GroupingKey[]): Promise<void> {
      await ex.deleteFrom('campaign_keys').where('url_id', '=', urlId).execute();
      const unique = [...new Map(keys.map((key) => [`${key.kind}\u0000${key.value}`, key])).values()];
      if (unique.length === 0) return;
      await ex
        .insertInto('campaign_keys')
        .values(unique.map((key) => ({ url_id: urlId, kind: key.kind, value: key.value })))
        .execute();
    },

    /**
     * The open campaign of the same brand sharing most key kinds with this URL through a URL first seen
     * within `windowMs` of it (then the most recently active one), or null.
     */
    async bestCandidate(
      ex: Ex,
      u: { id: number; brandId: number | null; firstSeen: number },
      windowMs: number,
    ): Promise<number | null> {
      let q = ex
        .selectFrom('campaign_keys as k1')
        .innerJoin('campaign_keys as k2', (j) =>
          j
            .onRef('k2.kind', '=', 'k1.kind')
            .onRef('k2.value', '=', 'k1.value')
            .onRef('k2.url_id', '<>', 'k1.url_id'),
        )
        .innerJoin('campaign_urls as cu', 'cu.url_id', 'k2.url_id')
        .innerJoin('campaigns as c', 'c.id', 'cu.campaign_id')
        .innerJoin('urls as u2', 'u2.id', 'k2.url_id')
        .select([
          'cu.campaign_id',
          sql<number>`count(distinct k2.kind)`.as('shared'),
          sql<number>`max(c.last_seen)`.as('recent'),
        ])
        .where('k1.url_id', '=', u.id)
        .where('c.status', '=', 'open')
        .where('u2.first_seen', '>=', u.firstSeen - windowMs)
        .where('u2.first_seen', '<=', u.firstSeen + windowMs);
      q = u.brandId === null ? q.where('c.brand_id', 'is', null) : q.where('c.brand_id', '=', u.brandId);
      const best = await q
        .groupBy('cu.campaign_id')
        .orderBy('shared', 'desc')
        .orderBy('recent', 'desc')
        .orderBy('cu.campaign_id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return best ? best.campaign_id : null;
    },

    /** A confirmed URL with what grouping needs: host facts and the subjects/senders of its reports. */
    async urlForGrouping(ex: Ex, urlId: number) {
      const u = await ex
        .selectFrom('urls as u')
        .innerJoin('hosts as h', 'h.id', 'u.host_id')
        .leftJoin('domains as d', 'd.id', 'u.domain_id')
        .leftJoin('brands as b', 'b.id', 'u.brand_id')
        .leftJoin('campaign_urls as cu', 'cu.url_id', 'u.id')
        .select([
          'u.id',
          'u.brand_id',
          'u.first_seen',
          'u.last_seen',
          'u.path',
          'u.features',
          'h.name as host',
          'd.name as domain',
          'b.name_ja as brand_name',
          'cu.campaign_id',
        ])
        .where('u.id', '=', urlId)
        .executeTakeFirst();
      if (!u) return null;
      const texts = await ex
        .selectFrom('report_urls as ru')
        .innerJoin('report_texts as t', 't.report_id', 'ru.report_id')
        .select(['t.subject', 't.sender'])
        .where('ru.url_id', '=', urlId)
        .limit(50)
        .execute();
      return { ...u, texts };
    },

    /** Whether the campaign has a URL the viewer may see. */
    async hasDisclosedUrl(campaignId: number, disclosed: RawBuilder<boolean>): Promise<boolean> {
      const r = await disclosedUrls(k, disclosed).where('cu.campaign_id', '=', campaignId).executeTakeFirst();
      return r !== undefined;
    },

    urlSummaries(campaignId: number, limit: number, disclosed: Disclosed = null) {
      const q = selectUrlSummaries(k);
      return (disclosed ? q.where(disclosed) : q)
        .where('cu.campaign_id', '=', campaignId)
        .orderBy('u.first_seen', 'desc')
        .orderBy('u.id', 'desc')
        .limit(limit)
        .execute();
    },

    async firstSeenTimes(campaignId: number, disclosed: Disclosed = null): Promise<number[]> {
      let q = k
        .selectFrom('campaign_urls as cu')
        .innerJoin('urls as u', 'u.id', 'cu.url_id')
        .select('u.first_seen')
        .where('cu.campaign_id', '=', campaignId);
      if (disclosed) q = q.where(disclosed);
      const rows = await q.execute();
      return rows.map((r) => r.first_seen);
    },

    async statusCounts(campaignId: number, disclosed: Disclosed = null): Promise<Record<string, number>> {
      let q = k
        .selectFrom('campaign_urls as cu')
        .innerJoin('urls as u', 'u.id', 'cu.url_id')
        .select(['u.status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('cu.campaign_id', '=', campaignId);
      if (disclosed) q = q.where(disclosed);
      const rows = await q.groupBy('u.status').execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },

    /**
     * Live / down / unknown URLs of a campaign from the liveness checks (src/liveness, url_checks): the
     * latest check that reached a verdict decides; errors (timeouts) decide nothing.
     */
    async livenessCounts(campaignId: number): Promise<{ live: number; down: number; unknown: number }> {
      const rows = await sql<{ result: string | null; n: number }>`
        select x.result, count(*) as n from (
          select (select c.result from url_checks c where c.url_id = cu.url_id and c.result <> 'error'
                  order by c.checked_at desc limit 1) as result
          from campaign_urls cu where cu.campaign_id = ${campaignId}
        ) x group by x.result`.execute(k);
      const out = { live: 0, down: 0, unknown: 0 };
      for (const r of rows.rows) {
        if (r.result === 'live') out.live += Number(r.n);
        else if (r.result === 'down') out.down += Number(r.n);
        else out.unknown += Number(r.n);
      }
      return out;
    },

    /** Texts of the reports behind a campaign's URLs; `tlps` null = every report, else what a brand user may read. */
    async samples(campaignId: number, tlps: readonly string[] | null, disclosed: Disclosed = null) {
      const base = () => {
        let q = k
          .selectFrom('campaign_urls as cu')
          .innerJoin('urls as u', 'u.id', 'cu.url_id')
          .innerJoin('report_urls as ru', 'ru.url_id', 'cu.url_id')
          .innerJoin('report_texts as t', 't.report_id', 'ru.report_id')
          .innerJoin('reports as r', 'r.id', 'ru.report_id')
          .where('cu.campaign_id', '=', campaignId);
        if (tlps !== null) q = q.where(reportVisible('r', tlps));
        if (disclosed) q = q.where(disclosed);
        return q;
      };
      const distinct = async (column: 't.subject' | 't.sender' | 't.body', kind?: string) => {
        let q = base().select(column).distinct().where(column, 'is not', null);
        if (kind) q = q.where('r.kind', '=', kind);
        const rows = await q.limit(10).execute();
        return rows.map((r) => Object.values(r)[0] as string);
      };
      return {
        subjects: await distinct('t.subject'),
        senders: await distinct('t.sender'),
        smsTexts: await distinct('t.body', 'sms'),
      };
    },
  };
}

export type CampaignsRepository = ReturnType<typeof createCampaignsRepository>;
