import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { Sector } from './brand.ts';
import type { BrandStatus } from './brands.repository.ts';
import { normalizeLabel } from './labels.ts';

type Ex = Kysely<Database>;

export type BrandFields = {
  nameJa: string;
  nameEn: string;
  sector: Sector;
  officialDomains: string[];
  keywords: string[];
};

export type ReattributionRun = {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  reason: string;
  brandIds: number[];
  requestedBy: number | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  urlCursor: number;
  reportCursor: number;
  urlsTotal: number;
  urlsScanned: number;
  urlsChanged: number;
  urlsKept: number;
  reportsTotal: number;
  reportsScanned: number;
  reportsChanged: number;
  error: string | null;
};

export type RunProgress = Partial<
  Pick<
    ReattributionRun,
    | 'urlCursor'
    | 'reportCursor'
    | 'urlsTotal'
    | 'urlsScanned'
    | 'urlsChanged'
    | 'urlsKept'
    | 'reportsTotal'
    | 'reportsScanned'
    | 'reportsChanged'
  >
>;

/** SQL of registry changes (create, edit, merge, retire) and of re-attribution runs. */
export function createRegistryRepository(db: Db) {
  const k = db.kysely;
  return {
    transaction: <T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> =>
      k.transaction().execute(fn),

    async insertBrand(trx: Ex, slug: string, f: BrandFields, now: number): Promise<number | null> {
      const row = await trx
        .insertInto('brands')
        .values({
          slug,
          name_ja: f.nameJa,
          name_en: f.nameEn,
          sector: f.sector,
          official_domains: JSON.stringify(f.officialDomains),
          keywords: JSON.stringify(f.keywords),
          created_at: now,
          updated_at: now,
          managed: 1,
        })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id ?? null;
    },

    async updateBrand(trx: Ex, id: number, f: BrandFields, now: number): Promise<void> {
      await trx
        .updateTable('brands')
        .set({
          name_ja: f.nameJa,
          name_en: f.nameEn,
          sector: f.sector,
          official_domains: JSON.stringify(f.officialDomains),
          keywords: JSON.stringify(f.keywords),
          updated_at: now,
          managed: 1,
        })
        .where('id', '=', id)
        .execute();
    },

    async setStatus(trx: Ex, id: number, status: BrandStatus, mergedInto: number | null, now: number) {
      await trx
        .updateTable('brands')
        .set({ status, merged_into: mergedInto, updated_at: now, managed: 1 })
        .where('id', '=', id)
        .execute();
    },

    /** Owners of these normalised spellings. */
    async aliasOwners(trx: Ex, keys: string[]): Promise<Map<string, { brandId: number; status: string }>> {
      if (keys.length === 0) return new Map();
      const rows = await trx
        .selectFrom('brand_aliases as a')
        .innerJoin('brands as b', 'b.id', 'a.brand_id')
        .select(['a.alias_key', 'a.brand_id', 'b.status'])
        .where('a.alias_key', 'in', keys)
        .execute();
      return new Map(rows.map((r) => [r.alias_key, { brandId: r.brand_id, status: r.status }]));
    },

    /** Makes `aliases` the brand's complete spelling list (keys another brand holds must be freed first). */
    async setAliases(trx: Ex, brandId: number, aliases: string[]): Promise<void> {
      const byKey = new Map<string, string>();
      for (const a of aliases) {
        const key = normalizeLabel(a);
        if (key && !byKey.has(key)) byKey.set(key, a);
      }
      await trx.deleteFrom('brand_aliases').where('brand_id', '=', brandId).execute();
      if (byKey.size > 0)
        await trx
          .deleteFrom('brand_aliases')
          .where('alias_key', 'in', [...byKey.keys()])
          .execute();
      if (byKey.size === 0) return;
      await trx
        .insertInto('brand_aliases')
        .values([...byKey].map(([alias_key, alias]) => ({ brand_id: brandId, alias, alias_key })))
        .execute();
    },

    /** A merge: the survivor takes every spelling and every analyst hint of the merged brand. */
    async moveAliasesAndHints(trx: Ex, fromId: number, intoId: number): Promise<void> {
      await trx
        .updateTable('brand_aliases')
        .set({ brand_id: intoId })
        .where('brand_id', '=', fromId)
        .execute();
      await trx.updateTable('brand_hints').set({ brand_id: intoId }).where('brand_id', '=', fromId).execute();
    },

    async createRun(
      trx: Ex,
      r: { reason: string; brandIds: number[]; requestedBy: number | null },
      now: number,
    ): Promise<number> {
      const row = await trx
        .insertInto('brand_reattributions')
        .values({
          status: 'queued',
          reason: r.reason,
          brand_ids: JSON.stringify(r.brandIds),
          requested_by: r.requestedBy,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** queued (or running after a worker died, or failed: a retry resumes at its cursors) → running; null when done or unknown. */
    async claimRun(id: number, now: number): Promise<ReattributionRun | null> {
      const row = await k
        .updateTable('brand_reattributions')
        .set((eb) => ({ status: 'running', started_at: eb.fn.coalesce('started_at', eb.val(now)) }))
        .where('id', '=', id)
        .where('status', 'in', ['queued', 'running', 'failed'])
        .returningAll()
        .executeTakeFirst();
      return row ? toRun(row) : null;
    },

    async progress(id: number, p: RunProgress): Promise<void> {
      await k
        .updateTable('brand_reattributions')
        .set({
          url_cursor: p.urlCursor,
          report_cursor: p.reportCursor,
          urls_total: p.urlsTotal,
          urls_scanned: p.urlsScanned,
          urls_changed: p.urlsChanged,
          urls_kept: p.urlsKept,
          reports_total: p.reportsTotal,
          reports_scanned: p.reportsScanned,
          reports_changed: p.reportsChanged,
        })
        .where('id', '=', id)
        .execute();
    },

    async finishRun(id: number, status: 'done' | 'failed', error: string | null, now: number) {
      await k
        .updateTable('brand_reattributions')
        .set({ status, error, finished_at: now })
        .where('id', '=', id)
        .execute();
    },

    async getRun(id: number): Promise<ReattributionRun | null> {
      const row = await k
        .selectFrom('brand_reattributions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toRun(row) : null;
    },

    /** Newest first; `beforeId` pages. */
    async listRuns(q: { beforeId?: number; limit: number }): Promise<ReattributionRun[]> {
      let query = k.selectFrom('brand_reattributions').selectAll();
      if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
      const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
      return rows.map(toRun);
    },
  };
}

type RunRow = Awaited<ReturnType<ReturnType<typeof selectRun>['executeTakeFirstOrThrow']>>;
function selectRun(k: Ex) {
  return k.selectFrom('brand_reattributions').selectAll();
}

function toRun(r: RunRow): ReattributionRun {
  return {
    id: Number(r.id),
    status: r.status as ReattributionRun['status'],
    reason: r.reason,
    brandIds: JSON.parse(r.brand_ids) as number[],
    requestedBy: r.requested_by === null ? null : Number(r.requested_by),
    createdAt: Number(r.created_at),
    startedAt: r.started_at === null ? null : Number(r.started_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    urlCursor: Number(r.url_cursor),
    reportCursor: Number(r.report_cursor),
    urlsTotal: r.urls_total,
    urlsScanned: r.urls_scanned,
    urlsChanged: r.urls_changed,
    urlsKept: r.urls_kept,
    reportsTotal: r.reports_total,
    reportsScanned: r.reports_scanned,
    reportsChanged: r.reports_changed,
    error: r.error,
  };
}

export type RegistryRepository = ReturnType<typeof createRegistryRepository>;
