import type { Transaction } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import { sha256Hex } from './attachments.ts';
import type { Attachment } from './report.ts';

export type StoredReport = {
  id: number;
  externalId: string;
  kind: string;
  status: string;
  receivedAt: number;
  payload: string;
  brandId: number | null;
  error: string | null;
  sourceId: number;
};

/** All SQL of individual reports (public submissions and their attachments). */
export function createReportsRepository(db: Db) {
  const k = db.kysely;
  async function find(column: 'reports.external_id' | 'reports.id', value: string | number) {
    const row = await k
      .selectFrom('reports')
      .leftJoin('brands', 'brands.id', 'reports.brand_id')
      .select([
        'reports.id',
        'reports.external_id',
        'reports.kind',
        'reports.status',
        'reports.received_at',
        'reports.error',
        'brands.slug as brand_slug',
      ])
      .where(column, '=', value)
      .where('reports.kind', '!=', 'feed')
      .executeTakeFirst();
    if (!row) return null;
    const urls = await k
      .selectFrom('report_urls')
      .innerJoin('urls', 'urls.id', 'report_urls.url_id')
      .select(['urls.id', 'urls.canonical', 'urls.status'])
      .where('report_urls.report_id', '=', row.id)
      .orderBy('urls.id')
      .limit(1000)
      .execute();
    return { ...row, urls };
  }

  return {
    /**
     * The brand label each URL's earliest labelled report carried (JPCERT/CC's description, PhishTank's
     * target…), for exports that give the source's own words back.
     */
    async sourceLabels(urlIds: readonly number[]): Promise<Map<number, string>> {
      const out = new Map<number, string>();
      for (let i = 0; i < urlIds.length; i += 1000) {
        const chunk = urlIds.slice(i, i + 1000);
        const rows = await k
          .selectFrom('report_urls as ru')
          .innerJoin('reports as r', 'r.id', 'ru.report_id')
          .select(['ru.url_id', 'r.brand_label', 'r.received_at', 'r.id'])
          .where('ru.url_id', 'in', chunk)
          .where('r.brand_label', 'is not', null)
          .orderBy('r.received_at')
          .orderBy('r.id')
          .execute();
        for (const r of rows) {
          const id = Number(r.url_id);
          if (!out.has(id) && r.brand_label) out.set(id, r.brand_label);
        }
      }
      return out;
    },

    async insertReceived(
      trx: Transaction<Database>,
      r: {
        sourceId: number;
        externalId: string;
        kind: string;
        receivedAt: number;
        reportedAt: number;
        payload: string;
        reporterContact: string | null;
        consentPolice: boolean;
        consentBrand: boolean;
      },
      attachments: Attachment[],
    ): Promise<number> {
      const { id } = await trx
        .insertInto('reports')
        .values({
          source_id: r.sourceId,
          external_id: r.externalId,
          kind: r.kind,
          status: 'received',
          received_at: r.receivedAt,
          reported_at: r.reportedAt,
          brand_label: null,
          brand_id: null,
          content_type: 'application/json',
          payload: r.payload,
          reporter_contact: r.reporterContact,
          tlp: null,
          consent_police: r.consentPolice ? 1 : 0,
          consent_brand: r.consentBrand ? 1 : 0,
          error: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (attachments.length > 0) {
        await trx
          .insertInto('report_attachments')
          .values(
            attachments.map((a) => ({
              report_id: id,
              filename: a.filename,
              content_type: a.contentType,
              size: a.data.length,
              sha256: sha256Hex(a.data),
              data: a.data,
            })),
          )
          .execute();
      }
      return id;
    },

    async findByExternalId(externalId: string) {
      return find('reports.external_id', externalId);
    },

    /** The same as findByExternalId, by the internal id (outcome notices keep that). */
    async findById(id: number) {
      return find('reports.id', id);
    },

    /** A report's attachments without their bytes, in upload order; null when there is no such report. */
    async attachmentsOf(reportId: number) {
      const report = await k.selectFrom('reports').select('id').where('id', '=', reportId).executeTakeFirst();
      if (!report) return null;
      return k
        .selectFrom('report_attachments')
        .select(['id', 'filename', 'content_type', 'size', 'sha256'])
        .where('report_id', '=', reportId)
        .orderBy('id')
        .execute();
    },

    /** One attachment with its bytes, only under its own report. */
    async attachment(reportId: number, attachmentId: number) {
      const row = await k
        .selectFrom('report_attachments')
        .select(['id', 'filename', 'content_type', 'size', 'sha256', 'data'])
        .where('report_id', '=', reportId)
        .where('id', '=', attachmentId)
        .executeTakeFirst();
      return row ? { ...row, data: Buffer.from(row.data) } : null;
    },

    async load(id: number): Promise<{ report: StoredReport; attachments: Attachment[] } | null> {
      const r = await k.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return null;
      const files = await k
        .selectFrom('report_attachments')
        .selectAll()
        .where('report_id', '=', id)
        .orderBy('id')
        .execute();
      return {
        report: {
          id: r.id,
          externalId: r.external_id,
          kind: r.kind,
          status: r.status,
          receivedAt: r.received_at,
          payload: r.payload,
          brandId: r.brand_id,
          error: r.error,
          sourceId: Number(r.source_id),
        },
        attachments: files.map((f) => ({
          filename: f.filename,
          contentType: f.content_type,
          data: Buffer.from(f.data),
        })),
      };
    },
  };
}

export type ReportsRepository = ReturnType<typeof createReportsRepository>;
