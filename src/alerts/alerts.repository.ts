import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { Alert, AlertContent, AlertStatus, AlertUpdate } from './alert.ts';
import type { AlertsTable } from './alerts.tables.ts';

export type Executor = Kysely<Database> | Transaction<Database>;

export type AlertListFilter = {
  statuses: readonly AlertStatus[];
  brandId?: number;
  /** Inclusive bounds on the first publication time, ms. */
  from?: number;
  to?: number;
  limit: number;
  offset?: number;
};

const parseList = (text: string): string[] => {
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.map(String) : [];
};

export function contentColumns(c: AlertContent) {
  return {
    title_ja: c.titleJa,
    title_en: c.titleEn,
    summary_ja: c.summaryJa,
    summary_en: c.summaryEn,
    advice_ja: c.adviceJa,
    advice_en: c.adviceEn,
    subjects: JSON.stringify(c.subjects),
    sms_texts: JSON.stringify(c.smsTexts),
    fields_asked_ja: JSON.stringify(c.fieldsAskedJa),
    fields_asked_en: JSON.stringify(c.fieldsAskedEn),
    masked_urls: JSON.stringify(c.maskedUrls),
  };
}

type AlertRowWithBrand = Selectable<AlertsTable> & {
  brand_slug: string;
  brand_name_ja: string;
  brand_name_en: string;
};

function toAlert(r: AlertRowWithBrand, updates: AlertUpdate[], screenshots: Alert['screenshots']): Alert {
  return {
    id: r.id,
    slug: r.slug,
    brand: { id: r.brand_id, slug: r.brand_slug, nameJa: r.brand_name_ja, nameEn: r.brand_name_en },
    campaignId: r.campaign_id,
    takedownCaseId: r.takedown_case_id,
    status: r.status as AlertStatus,
    titleJa: r.title_ja,
    titleEn: r.title_en,
    summaryJa: r.summary_ja,
    summaryEn: r.summary_en,
    adviceJa: r.advice_ja,
    adviceEn: r.advice_en,
    subjects: parseList(r.subjects),
    smsTexts: parseList(r.sms_texts),
    fieldsAskedJa: parseList(r.fields_asked_ja),
    fieldsAskedEn: parseList(r.fields_asked_en),
    maskedUrls: parseList(r.masked_urls),
    authorId: r.author_id,
    reviewerId: r.reviewer_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
    lastPublishedAt: r.last_published_at,
    archivedAt: r.archived_at,
    updates,
    screenshots,
  };
}

/** All SQL of the alerts module. */
export function createAlertsRepository(db: Db) {
  const k = db.kysely;

  function selectAlerts(ex: Executor) {
    return ex
      .selectFrom('alerts')
      .innerJoin('brands', 'brands.id', 'alerts.brand_id')
      .selectAll('alerts')
      .select([
        'brands.slug as brand_slug',
        'brands.name_ja as brand_name_ja',
        'brands.name_en as brand_name_en',
      ]);
  }

  async function hydrate(ex: Executor, rows: AlertRowWithBrand[], withDetails: boolean): Promise<Alert[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const updates = withDetails
      ? await ex
          .selectFrom('alert_updates')
          .selectAll()
          .where('alert_id', 'in', ids)
          .orderBy('at')
          .orderBy('id')
          .execute()
      : [];
    const shots = withDetails
      ? await ex
          .selectFrom('alert_screenshots')
          .select(['id', 'alert_id', 'content_type', 'caption'])
          .where('alert_id', 'in', ids)
          .orderBy('id')
          .execute()
      : [];
    return rows.map((r) =>
      toAlert(
        r,
        updates
          .filter((u) => u.alert_id === r.id)
          .map((u) => ({
            id: u.id,
            at: u.at,
            statusLineJa: u.status_line_ja,
            statusLineEn: u.status_line_en,
            source: u.source as AlertUpdate['source'],
            caseState: u.case_state,
          })),
        shots
          .filter((s) => s.alert_id === r.id)
          .map((s) => ({ id: s.id, contentType: s.content_type, caption: s.caption })),
      ),
    );
  }

  return {
    executor: k as Executor,
    transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      return k.transaction().execute(work);
    },

    async insert(
      ex: Executor,
      row: AlertContent & {
        brandId: number;
        campaignId: number | null;
        takedownCaseId: number | null;
        authorId: number;
        now: number;
      },
    ): Promise<number> {
      const r = await ex
        .insertInto('alerts')
        .values({
          slug: null,
          brand_id: row.brandId,
          campaign_id: row.campaignId,
          takedown_case_id: row.takedownCaseId,
          status: 'draft',
          ...contentColumns(row),
          author_id: row.authorId,
          reviewer_id: null,
          created_at: row.now,
          updated_at: row.now,
          published_at: null,
          last_published_at: null,
          archived_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },

    async get(ex: Executor, id: number): Promise<Alert | null> {
      const row = await selectAlerts(ex).where('alerts.id', '=', id).executeTakeFirst();
      return row ? ((await hydrate(ex, [row], true))[0] ?? null) : null;
    },

    async getBySlug(slug: string): Promise<Alert | null> {
      const row = await selectAlerts(k).where('alerts.slug', '=', slug).executeTakeFirst();
      return row ? ((await hydrate(k, [row], true))[0] ?? null) : null;
    },

    /** Newest first (by first publication, then creation). */
    async list(filter: AlertListFilter): Promise<Alert[]> {
      let q = selectAlerts(k).where('alerts.status', 'in', [...filter.statuses]);
      if (filter.brandId !== undefined) q = q.where('alerts.brand_id', '=', filter.brandId);
      if (filter.from !== undefined) q = q.where('alerts.published_at', '>=', filter.from);
      if (filter.to !== undefined) q = q.where('alerts.published_at', '<=', filter.to);
      const rows = await q
        .orderBy('alerts.published_at', 'desc')
        .orderBy('alerts.created_at', 'desc')
        .orderBy('alerts.id', 'desc')
        .limit(filter.limit)
        .offset(filter.offset ?? 0)
        .execute();
      return hydrate(k, rows, false);
    },

    /** Public alerts ordered by their last publication (publish or public update), for the feeds. */
    async listByLastPublished(limit: number): Promise<Alert[]> {
      const rows = await selectAlerts(k)
        .where('alerts.status', 'in', ['published', 'updated', 'archived'])
        .orderBy('alerts.last_published_at', 'desc')
        .orderBy('alerts.id', 'desc')
        .limit(limit)
        .execute();
      return hydrate(k, rows, true);
    },

    /** Brands that have at least one public alert (for the list's brand filter). */
    async publicBrands(): Promise<{ id: number; slug: string; nameJa: string; nameEn: string }[]> {
      const rows = await k
        .selectFrom('alerts')
        .innerJoin('brands', 'brands.id', 'alerts.brand_id')
        .where('alerts.status', 'in', ['published', 'updated', 'archived'])
        .select(['brands.id', 'brands.slug', 'brands.name_ja', 'brands.name_en'])
        .distinct()
        .orderBy('brands.slug')
        .execute();
      return rows.map((r) => ({ id: r.id, slug: r.slug, nameJa: r.name_ja, nameEn: r.name_en }));
    },

    async slugsStartingWith(ex: Executor, prefix: string): Promise<Set<string>> {
      const rows = await ex.selectFrom('alerts').select('slug').where('slug', 'like', `${prefix}%`).execute();
      return new Set(rows.map((r) => r.slug).filter((s): s is string => s !== null));
    },

    async update(
      ex: Executor,
      id: number,
      patch: Partial<Omit<Selectable<AlertsTable>, 'id'>>,
    ): Promise<void> {
      await ex.updateTable('alerts').set(patch).where('id', '=', id).execute();
    },

    async insertUpdate(
      ex: Executor,
      u: Omit<AlertUpdate, 'id'> & { alertId: number; actorId: number | null },
    ): Promise<number> {
      const r = await ex
        .insertInto('alert_updates')
        .values({
          alert_id: u.alertId,
          at: u.at,
          status_line_ja: u.statusLineJa,
          status_line_en: u.statusLineEn,
          source: u.source,
          case_state: u.caseState,
          actor_id: u.actorId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },

    async insertScreenshot(
      ex: Executor,
      s: {
        alertId: number;
        contentType: string;
        sha256: string;
        data: Uint8Array;
        caption: string | null;
        captureId: number | null;
        now: number;
      },
    ): Promise<number> {
      const r = await ex
        .insertInto('alert_screenshots')
        .values({
          alert_id: s.alertId,
          content_type: s.contentType,
          sha256: s.sha256,
          data: s.data,
          caption: s.caption,
          capture_id: s.captureId,
          created_at: s.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },

    async deleteScreenshot(ex: Executor, alertId: number, screenshotId: number): Promise<boolean> {
      const r = await ex
        .deleteFrom('alert_screenshots')
        .where('id', '=', screenshotId)
        .where('alert_id', '=', alertId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async screenshot(
      id: number,
    ): Promise<{ alertId: number; status: AlertStatus; contentType: string; data: Uint8Array } | null> {
      const r = await k
        .selectFrom('alert_screenshots')
        .innerJoin('alerts', 'alerts.id', 'alert_screenshots.alert_id')
        .select([
          'alert_screenshots.alert_id',
          'alerts.status',
          'alert_screenshots.content_type',
          'alert_screenshots.data',
        ])
        .where('alert_screenshots.id', '=', id)
        .executeTakeFirst();
      return r
        ? { alertId: r.alert_id, status: r.status as AlertStatus, contentType: r.content_type, data: r.data }
        : null;
    },

    /** Public alerts tied to a takedown case, with the case state of their last line (for the sync). */
    async publicWithCase(): Promise<{ id: number; caseId: number; lastState: string | null }[]> {
      const rows = await k
        .selectFrom('alerts')
        .select(['id', 'takedown_case_id'])
        .where('status', 'in', ['published', 'updated'])
        .where('takedown_case_id', 'is not', null)
        .execute();
      const out: { id: number; caseId: number; lastState: string | null }[] = [];
      for (const r of rows) {
        const last = await k
          .selectFrom('alert_updates')
          .select('case_state')
          .where('alert_id', '=', r.id)
          .where('source', '=', 'takedown')
          .orderBy('at', 'desc')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        out.push({ id: r.id, caseId: r.takedown_case_id as number, lastState: last?.case_state ?? null });
      }
      return out;
    },
  };
}

export type AlertsRepository = ReturnType<typeof createAlertsRepository>;
