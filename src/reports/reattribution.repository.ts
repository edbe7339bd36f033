import { sql } from 'kysely';
import type { Db } from '../storage/database.ts';

/**
 * The URL and report side of brand re-attribution (job brands.reattribute, src/brands/reattribution.ts):
 * this module owns urls and reports, so the brands module reads candidates and writes brands through
 * here. Writing urls.brand_id and reports.brand_id is what keeps the statistics (stats_month_reports,
 * triggers of 0002) and the brand portal (sharing_pending, triggers of 0007) in step.
 */
export type UrlCandidate = {
  id: number;
  host: string;
  registrableDomain: string | null;
  path: string;
  brandId: number | null;
  brandConfidence: number | null;
  brandEvidence: string[];
};

export type ReportCandidate = {
  id: number;
  kind: string;
  brandLabel: string | null;
  brandId: number | null;
  /** The brand of its first linked URL that has one (what report analysis falls back on). */
  urlBrandId: number | null;
};

export type BrandChange = {
  id: number;
  /** The brand the row had when it was read: a row changed meanwhile (a correction) is left alone. */
  from: number | null;
  to: number | null;
  confidence?: number | null;
  evidence?: string[] | null;
};

export function createReattributionRepository(db: Db) {
  const k = db.kysely;
  const candidateBrand = (column: 'u.brand_id' | 'r.brand_id', brandIds: number[]) =>
    brandIds.length === 0
      ? sql<boolean>`${sql.ref(column)} is null`
      : sql<boolean>`(${sql.ref(column)} is null or ${sql.ref(column)} in (${sql.join(brandIds)}))`;

  return {
    async countUrlCandidates(brandIds: number[]): Promise<number> {
      const r = await k
        .selectFrom('urls as u')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(candidateBrand('u.brand_id', brandIds))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** Unattributed URLs and those naming one of `brandIds`, by id after `afterId`. */
    async urlCandidates(q: { brandIds: number[]; afterId: number; limit: number }): Promise<UrlCandidate[]> {
      const rows = await k
        .selectFrom('urls as u')
        .innerJoin('hosts as h', 'h.id', 'u.host_id')
        .leftJoin('domains as d', 'd.id', 'u.domain_id')
        .select([
          'u.id',
          'h.name as host',
          'd.name as domain',
          'u.path',
          'u.brand_id',
          'u.brand_confidence',
          'u.brand_evidence',
        ])
        .where(candidateBrand('u.brand_id', q.brandIds))
        .where('u.id', '>', q.afterId)
        .orderBy('u.id')
        .limit(q.limit)
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        host: r.host,
        registrableDomain: r.domain,
        path: r.path,
        brandId: r.brand_id === null ? null : Number(r.brand_id),
        brandConfidence: r.brand_confidence,
        brandEvidence: r.brand_evidence ? (JSON.parse(r.brand_evidence) as string[]) : [],
      }));
    },

    /** Applies URL brand changes in one transaction; returns how many rows changed. */
    async setUrlBrands(changes: BrandChange[]): Promise<number> {
      if (changes.length === 0) return 0;
      return k.transaction().execute(async (trx) => {
        let n = 0;
        for (const c of changes) {
          let q = trx
            .updateTable('urls')
            .set({
              brand_id: c.to,
              ...(c.confidence !== undefined ? { brand_confidence: c.confidence } : {}),
              ...(c.evidence !== undefined
                ? { brand_evidence: c.evidence === null ? null : JSON.stringify(c.evidence) }
                : {}),
            })
            .where('id', '=', c.id);
          q = c.from === null ? q.where('brand_id', 'is', null) : q.where('brand_id', '=', c.from);
          const r = await q.executeTakeFirst();
          n += Number(r.numUpdatedRows);
        }
        return n;
      });
    },

    async countReportCandidates(brandIds: number[]): Promise<number> {
      const r = await k
        .selectFrom('reports as r')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(candidateBrand('r.brand_id', brandIds))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async reportCandidates(q: {
      brandIds: number[];
      afterId: number;
      limit: number;
    }): Promise<ReportCandidate[]> {
      const rows = await k
        .selectFrom('reports as r')
        .select((eb) => [
          'r.id',
          'r.kind',
          'r.brand_label',
          'r.brand_id',
          eb
            .selectFrom('report_urls as ru')
            .innerJoin('urls as u', 'u.id', 'ru.url_id')
            .select('u.brand_id')
            .whereRef('ru.report_id', '=', 'r.id')
            .where('u.brand_id', 'is not', null)
            .orderBy('u.id')
            .limit(1)
            .as('url_brand_id'),
        ])
        .where(candidateBrand('r.brand_id', q.brandIds))
        .where('r.id', '>', q.afterId)
        .orderBy('r.id')
        .limit(q.limit)
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        kind: r.kind,
        brandLabel: r.brand_label,
        brandId: r.brand_id === null ? null : Number(r.brand_id),
        urlBrandId: r.url_brand_id === null ? null : Number(r.url_brand_id),
      }));
    },

    async setReportBrands(changes: BrandChange[]): Promise<number> {
      if (changes.length === 0) return 0;
      return k.transaction().execute(async (trx) => {
        let n = 0;
        for (const c of changes) {
          let q = trx.updateTable('reports').set({ brand_id: c.to }).where('id', '=', c.id);
          q = c.from === null ? q.where('brand_id', 'is', null) : q.where('brand_id', '=', c.from);
          const r = await q.executeTakeFirst();
          n += Number(r.numUpdatedRows);
        }
        return n;
      });
    },
  };
}

export type ReattributionRepository = ReturnType<typeof createReattributionRepository>;
