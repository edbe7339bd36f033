import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Tlp } from '../lib/tlp.ts';
import { tlpRank } from '../lib/tlp.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { StixCampaign } from './stix-export.ts';

type Trx = Transaction<Database> | Kysely<Database>;

/** One shared URL as every format sees it. */
export type SharedUrl = {
  urlId: number;
  url: string;
  host: string;
  /** Registrable domain (null for IP hosts). */
  domain: string | null;
  tlp: Tlp;
  active: boolean;
  threat: string;
  /** URL features as analysed (open_redirect, short_url, free_hosting…). */
  features: string[];
  brandId: number | null;
  brandSlug: string | null;
  brandName: string | null;
  brandNameJa: string | null;
  /** The stored UUID of its STIX indicator (null: shared before ids were stored; derived instead). */
  stixId: string | null;
  firstSeen: number;
  lastSeen: number;
  listedAt: number;
  updatedAt: number;
};

export type Cursor = { t: number; id: number };

/** What an appeal names: one canonical URL, every URL on a host, or every URL under a registrable domain. */
export type ListedTarget = { kind: 'url' | 'host' | 'domain'; value: string };

export type SharedUrlQuery = {
  /** Highest TLP to include (see shareClearance). */
  clearance: Tlp;
  /** null = every brand (and URLs without brand); an array = only these brands. */
  brandIds: readonly number[] | null;
  /** Only URLs whose sharing state changed at or after / before these times (ms). */
  since?: number | null;
  until?: number | null;
  /** Exactly this TLP (TAXII collections by TLP). */
  tlpExactly?: Tlp | null;
  /** Continue after this (updated_at, url_id). */
  after?: Cursor | null;
  includeWithdrawn?: boolean;
  limit: number;
};

const num = (v: unknown): number => Number(v ?? 0);

type SharedRow = {
  url_id: number;
  tlp: string;
  active: number;
  listed_at: number;
  updated_at: number;
  canonical: string;
  threat: string;
  features: string;
  first_seen: number;
  last_seen: number;
  brand_id: number | null;
  host: string;
  domain: string | null;
  brand_slug: string | null;
  brand_name: string | null;
  brand_name_ja: string | null;
  stix_id: string | null;
};

function toSharedUrl(r: SharedRow): SharedUrl {
  return {
    urlId: num(r.url_id),
    url: r.canonical,
    host: r.host,
    domain: r.domain ?? null,
    tlp: r.tlp as Tlp,
    active: r.active === 1,
    threat: r.threat,
    features: r.features ? r.features.split(',') : [],
    brandId: r.brand_id === null ? null : num(r.brand_id),
    brandSlug: r.brand_slug ?? null,
    brandName: r.brand_name ?? null,
    brandNameJa: r.brand_name_ja ?? null,
    stixId: r.stix_id ?? null,
    firstSeen: num(r.first_seen),
    lastSeen: num(r.last_seen),
    listedAt: num(r.listed_at),
    updatedAt: num(r.updated_at),
  };
}

/** All SQL of the sharing module. */
export function createSharingRepository(db: Db) {
  const k = db.kysely;
  const pg = db.dialect === 'postgres';

  /**
   * Hash rows of URLs currently of these brands (null: every brand): read through urls.brand_id, so a
   * brand correction applies at once (the hash rows keep no brand).
   */
  function ofBrands<Q extends { where: (...args: never[]) => unknown }>(
    q: Q,
    brandIds: readonly number[] | null,
  ): Q {
    if (brandIds === null) return q;
    const ids = brandIds.length ? [...brandIds] : [-1];
    return (q as unknown as { where: (c: string, op: string, v: unknown) => Q }).where(
      'url_id',
      'in',
      k.selectFrom('urls').select('id').where('brand_id', 'in', ids),
    );
  }

  function sharedUrls(trx: Trx, q: SharedUrlQuery) {
    let query = trx
      .selectFrom('sharing_urls as s')
      .innerJoin('urls as u', 'u.id', 's.url_id')
      .innerJoin('hosts as h', 'h.id', 'u.host_id')
      .leftJoin('domains as d', 'd.id', 'u.domain_id')
      .leftJoin('brands as b', 'b.id', 'u.brand_id')
      .select([
        's.url_id',
        's.tlp',
        's.active',
        's.listed_at',
        's.updated_at',
        's.stix_id',
        'u.canonical',
        'u.threat',
        'u.features',
        'u.first_seen',
        'u.last_seen',
        'u.brand_id',
        'h.name as host',
        'd.name as domain',
        'b.slug as brand_slug',
        'b.name_en as brand_name',
        'b.name_ja as brand_name_ja',
      ])
      .where('s.tlp_rank', '<=', tlpRank(q.clearance));
    if (q.tlpExactly) query = query.where('s.tlp', '=', q.tlpExactly);
    if (!q.includeWithdrawn) query = query.where('s.active', '=', 1);
    if (q.brandIds !== null) {
      if (q.brandIds.length === 0) return null;
      query = query.where('u.brand_id', 'in', [...q.brandIds]);
    }
    if (q.since != null) query = query.where('s.updated_at', '>=', q.since);
    if (q.until != null) query = query.where('s.updated_at', '<', q.until);
    const after = q.after;
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('s.updated_at', '>', after.t),
          eb.and([eb('s.updated_at', '=', after.t), eb('s.url_id', '>', after.id)]),
        ]),
      );
    }
    return query.orderBy('s.updated_at').orderBy('s.url_id').limit(q.limit);
  }

  return {
    /** A page of shared URLs in (updated_at, url_id) order. */
    async listShared(q: SharedUrlQuery): Promise<SharedUrl[]> {
      const query = sharedUrls(k, q);
      return query ? (await query.execute()).map(toSharedUrl) : [];
    },

    /** One shared URL whatever its TLP or state (callers check visibility). */
    async sharedUrl(urlId: number): Promise<SharedUrl | null> {
      const query = sharedUrls(k, { clearance: 'red', brandIds: null, includeWithdrawn: true, limit: 1 });
      const row = await query?.where('s.url_id', '=', urlId).executeTakeFirst();
      return row ? toSharedUrl(row) : null;
    },

    /**
     * Listed (active) URLs of any TLP that are this canonical URL, on this host, or under this registrable
     * domain: what an appeal (src/appeals) is about. At most `limit`, oldest change first.
     */
    async listedMatching(target: ListedTarget, limit: number): Promise<SharedUrl[]> {
      const query = sharedUrls(k, { clearance: 'red', brandIds: null, limit });
      if (!query) return [];
      const column = target.kind === 'url' ? 'u.canonical' : target.kind === 'host' ? 'h.name' : 'd.name';
      return (await query.where(column, '=', target.value).execute()).map(toSharedUrl);
    },

    // ---- sync ----

    /** Claims up to `limit` pending URL ids (PostgreSQL: skipping rows another process holds). */
    async claimPending(trx: Trx, limit: number): Promise<number[]> {
      const base = trx.selectFrom('sharing_pending').select('url_id').orderBy('url_id').limit(limit);
      const rows = await (pg ? base.forUpdate().skipLocked() : base).execute();
      const ids = rows.map((r) => num(r.url_id));
      if (ids.length) await trx.deleteFrom('sharing_pending').where('url_id', 'in', ids).execute();
      return ids;
    },

    async urlsForSync(trx: Trx, ids: number[]) {
      const rows = await trx
        .selectFrom('urls')
        .select(['id', 'canonical', 'status'])
        .where('id', 'in', ids)
        .execute();
      return rows.map((r) => ({ id: num(r.id), canonical: r.canonical, status: r.status }));
    },

    /** The TLP markings of the reports naming each URL (null = unmarked). */
    async markings(trx: Trx, ids: number[]): Promise<Map<number, (string | null)[]>> {
      const rows = await trx
        .selectFrom('report_urls as ru')
        .innerJoin('reports as r', 'r.id', 'ru.report_id')
        .select(['ru.url_id', 'r.tlp'])
        .distinct()
        .where('ru.url_id', 'in', ids)
        .execute();
      const out = new Map<number, (string | null)[]>();
      for (const r of rows) {
        const id = num(r.url_id);
        const list = out.get(id) ?? [];
        list.push(r.tlp);
        out.set(id, list);
      }
      return out;
    },

    async sharingRows(trx: Trx, ids: number[]) {
      const rows = await trx.selectFrom('sharing_urls').selectAll().where('url_id', 'in', ids).execute();
      return new Map(
        rows.map((r) => [
          num(r.url_id),
          {
            tlp: r.tlp as Tlp,
            active: r.active === 1,
            expired: num(r.expired) === 1,
            verifiedAt: num(r.verified_at ?? r.listed_at),
          },
        ]),
      );
    },

    async insertShared(trx: Trx, row: { urlId: number; tlp: Tlp; now: number }) {
      await trx
        .insertInto('sharing_urls')
        .values({
          url_id: row.urlId,
          tlp: row.tlp,
          tlp_rank: tlpRank(row.tlp),
          active: 1,
          listed_at: row.now,
          updated_at: row.now,
          notified_at: null,
          stix_id: randomUUID(),
          verified_at: row.now,
        })
        .execute();
    },

    /** `verified`: the time to record as its last verification; `expired`: withdrawn for want of one. */
    async updateShared(
      trx: Trx,
      row: { urlId: number; tlp: Tlp; active: boolean; now: number; verified?: number; expired?: boolean },
    ) {
      await trx
        .updateTable('sharing_urls')
        .set({
          tlp: row.tlp,
          tlp_rank: tlpRank(row.tlp),
          active: row.active ? 1 : 0,
          updated_at: row.now,
          ...(row.verified === undefined ? {} : { verified_at: row.verified }),
          ...(row.expired === undefined ? {} : { expired: row.expired ? 1 : 0 }),
        })
        .where('url_id', '=', row.urlId)
        .execute();
    },

    /**
     * A liveness check found the URL live at `at`: its listing is verified again. A URL that had expired
     * is queued, so the sync lists it again. No-op for URLs never shared.
     */
    async markVerified(urlId: number, at: number): Promise<void> {
      await k.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('sharing_urls')
          .set({ verified_at: at })
          .where('url_id', '=', urlId)
          .where((eb) => eb.or([eb('verified_at', 'is', null), eb('verified_at', '<', at)]))
          .returning('expired')
          .executeTakeFirst();
        if (row && num(row.expired) === 1)
          await trx
            .insertInto('sharing_pending')
            .values({ url_id: urlId, queued_at: at })
            .onConflict((oc) => oc.column('url_id').doNothing())
            .execute();
      });
    },

    /** Queues for the sync every listed URL last verified before `cutoff` (LISTING_TTL_DAYS). */
    async queueUnverified(cutoff: number, now: number): Promise<void> {
      await k
        .insertInto('sharing_pending')
        .columns(['url_id', 'queued_at'])
        .expression(
          k
            .selectFrom('sharing_urls')
            .select(['url_id', sql<number>`cast(${now} as bigint)`.as('queued_at')])
            .where('active', '=', 1)
            .where('verified_at', '<', cutoff),
        )
        .onConflict((oc) => oc.column('url_id').doNothing())
        .execute();
    },

    /** Bumps the hash-list version and returns the new one (the row lock serialises writers). */
    async nextVersion(trx: Trx): Promise<number> {
      await trx
        .updateTable('sharing_state')
        .set({ value: sql`value + 1` })
        .where('key', '=', 'hash_list_version')
        .execute();
      return this.version(trx);
    },

    async version(trx: Trx = k): Promise<number> {
      const row = await trx
        .selectFrom('sharing_state')
        .select('value')
        .where('key', '=', 'hash_list_version')
        .executeTakeFirst();
      return num(row?.value);
    },

    async removeHashes(trx: Trx, urlId: number, version: number) {
      await trx
        .updateTable('sharing_hashes')
        .set({ removed_version: version })
        .where('url_id', '=', urlId)
        .where('removed_version', 'is', null)
        .execute();
    },

    async addHashes(
      trx: Trx,
      rows: { urlId: number; hash: string; prefix: number; tlpRank: number; version: number }[],
    ) {
      if (!rows.length) return;
      await trx
        .insertInto('sharing_hashes')
        .values(
          rows.map((r) => ({
            url_id: r.urlId,
            hash: r.hash,
            prefix: r.prefix,
            tlp_rank: r.tlpRank,
            added_version: r.version,
            removed_version: null,
          })),
        )
        .execute();
    },

    pendingCount: async () =>
      num(
        (
          await k
            .selectFrom('sharing_pending')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n,
      ),

    // ---- hash list ----

    /** Present entries whose full hash is one of `hashes`, visible at `maxRank`. */
    async hashesIn(hashes: string[], maxRank: number) {
      if (!hashes.length) return [];
      const rows = await k
        .selectFrom('sharing_hashes as x')
        .innerJoin('urls as u', 'u.id', 'x.url_id')
        .select(['x.hash', 'x.url_id', 'x.tlp_rank', 'u.canonical', 'u.brand_id'])
        .where('x.hash', 'in', hashes)
        .where('x.removed_version', 'is', null)
        .where('x.tlp_rank', '<=', maxRank)
        .execute();
      return rows.map((r) => ({
        hash: r.hash,
        urlId: num(r.url_id),
        tlpRank: num(r.tlp_rank),
        url: r.canonical,
        brandId: r.brand_id === null ? null : num(r.brand_id),
      }));
    },

    /** Distinct present full hashes with one of these prefixes, visible at `maxRank`. */
    async hashesByPrefix(
      prefixes: number[],
      maxRank: number,
      brandIds: readonly number[] | null = null,
    ): Promise<string[]> {
      if (!prefixes.length) return [];
      const rows = await ofBrands(
        k
          .selectFrom('sharing_hashes')
          .select('hash')
          .distinct()
          .where('prefix', 'in', prefixes)
          .where('removed_version', 'is', null)
          .where('tlp_rank', '<=', maxRank),
        brandIds,
      ).execute();
      return rows.map((r) => r.hash);
    },

    /** Every present prefix visible at `maxRank` (distinct). */
    async allPrefixes(maxRank: number, brandIds: readonly number[] | null = null): Promise<number[]> {
      const rows = await ofBrands(
        k
          .selectFrom('sharing_hashes')
          .select('prefix')
          .distinct()
          .where('removed_version', 'is', null)
          .where('tlp_rank', '<=', maxRank),
        brandIds,
      ).execute();
      return rows.map((r) => num(r.prefix));
    },

    /**
     * Rows of every prefix touched after `version` (added or removed later), with their versions: enough
     * to decide, prefix by prefix, whether it was in the list at `version` and whether it is now.
     */
    async prefixHistorySince(version: number, maxRank: number) {
      const touched = k
        .selectFrom('sharing_hashes')
        .select('prefix')
        .where((eb) => eb.or([eb('added_version', '>', version), eb('removed_version', '>', version)]));
      const rows = await k
        .selectFrom('sharing_hashes')
        .select(['prefix', 'added_version', 'removed_version'])
        .where('prefix', 'in', touched)
        .where('tlp_rank', '<=', maxRank)
        .execute();
      return rows.map((r) => ({
        prefix: num(r.prefix),
        added: num(r.added_version),
        removed: r.removed_version === null ? null : num(r.removed_version),
      }));
    },

    /** Brands that have at least one active shared URL at or below `maxRank` (TAXII brand collections). */
    async brandsWithShared(maxRank: number, brandIds: readonly number[] | null) {
      if (brandIds !== null && brandIds.length === 0) return [];
      let q = k
        .selectFrom('brands as b')
        .select(['b.id', 'b.slug', 'b.name_en'])
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('urls as u')
              .innerJoin('sharing_urls as s', 's.url_id', 'u.id')
              .select('u.id')
              .whereRef('u.brand_id', '=', 'b.id')
              .where('s.active', '=', 1)
              .where('s.tlp_rank', '<=', maxRank),
          ),
        );
      if (brandIds !== null) q = q.where('b.id', 'in', [...brandIds]);
      const rows = await q.orderBy('b.id').execute();
      return rows.map((r) => ({ id: num(r.id), slug: r.slug, name: r.name_en }));
    },

    // ---- what other modules know (read-only) ----

    /** Every brand's official domains (brands.official_domains, JSON arrays). */
    async officialDomains(): Promise<string[]> {
      const rows = await k.selectFrom('brands').select('official_domains').execute();
      return rows.flatMap((r) => {
        try {
          const list = JSON.parse(r.official_domains) as unknown;
          return Array.isArray(list) ? list.filter((d): d is string => typeof d === 'string') : [];
        } catch {
          return [];
        }
      });
    },

    /** The triage allowlist (src/triage): `domain` entries cover subdomains, `host` entries one host. */
    async allowlist(): Promise<{ id: number; kind: string; value: string }[]> {
      const rows = await k.selectFrom('allowlist').select(['id', 'kind', 'value']).execute();
      return rows.map((r) => ({ id: num(r.id), kind: r.kind, value: r.value }));
    },

    /** Campaigns (src/campaigns) of these URLs; merged campaigns are left out (their URLs moved). */
    async campaignsOf(urlIds: readonly number[]): Promise<Map<number, StixCampaign[]>> {
      const out = new Map<number, StixCampaign[]>();
      for (let i = 0; i < urlIds.length; i += 1000) {
        const part = urlIds.slice(i, i + 1000);
        if (!part.length) continue;
        const rows = await k
          .selectFrom('campaign_urls as cu')
          .innerJoin('campaigns as c', 'c.id', 'cu.campaign_id')
          .select([
            'cu.url_id',
            'c.id',
            'c.name',
            'c.first_seen',
            'c.last_seen',
            'c.created_at',
            'c.updated_at',
          ])
          .where('cu.url_id', 'in', part)
          .where('c.status', '<>', 'merged')
          .execute();
        for (const r of rows) {
          const list = out.get(num(r.url_id)) ?? [];
          list.push({
            id: num(r.id),
            name: r.name,
            description: null,
            firstSeen: num(r.first_seen),
            lastSeen: num(r.last_seen),
            createdAt: num(r.created_at),
            updatedAt: num(r.updated_at),
          });
          out.set(num(r.url_id), list);
        }
      }
      return out;
    },

    async transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      return k.transaction().execute(fn);
    },
  };
}

export type SharingRepository = ReturnType<typeof createSharingRepository>;
