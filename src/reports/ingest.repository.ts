import { type Kysely, sql, type Transaction } from 'kysely';
import { chunks } from '../lib/chunks.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import { createSqliteIngest } from './ingest.sqlite.ts';
import {
  type BatchDomain,
  type BatchHost,
  type BatchUrl,
  type IngestBatch,
  type IngestOutcome,
  type ObservedUrl,
  planUrls,
  type ReportCompletion,
} from './ingest.types.ts';
import { type BatchWriter, startSqliteWriter } from './ingest-writer.ts';

export type { IngestBatch, IngestOutcome, NewReport, ObservedUrl } from './ingest.types.ts';

type Trx = Transaction<Database> | Kysely<Database>;

/**
 * All SQL of storing reports with their URLs (this file: PostgreSQL through Kysely; ingest.sqlite.ts:
 * the same statements for SQLite). One batch is one transaction: reports first (a report
 * already stored, by source and external id, is skipped with its URLs, which keeps re-imports
 * idempotent), then domains, hosts and URLs as upserts keyed by name/hash, then the links.
 */
export function createIngestRepository(db: Db) {
  async function insertReports(trx: Trx, sourceId: number, batch: IngestBatch['reports']) {
    const ids = new Map<string, number>();
    for (const part of chunks(batch, 500)) {
      const rows = await trx
        .insertInto('reports')
        .values(
          part.map(({ report: r }) => ({
            source_id: sourceId,
            external_id: r.externalId,
            kind: r.kind,
            status: r.status,
            received_at: r.receivedAt,
            reported_at: r.reportedAt,
            brand_label: r.brandLabel,
            brand_id: r.brandId,
            content_type: r.contentType,
            payload: r.payload,
            reporter_contact: r.reporterContact ?? null,
            consent_police: r.consentPolice ? 1 : 0,
            consent_brand: r.consentBrand ? 1 : 0,
            error: r.error ?? null,
            tlp: r.tlp ?? null,
          })),
        )
        .onConflict((oc) => oc.columns(['source_id', 'external_id']).doNothing())
        .returning(['id', 'external_id'])
        .execute();
      for (const r of rows) ids.set(r.external_id, r.id);
    }
    return ids;
  }

  async function upsertDomains(trx: Trx, domains: BatchDomain[]) {
    const ids = new Map<string, number>();
    for (const part of chunks(domains, 1000)) {
      const rows = await trx
        .insertInto('domains')
        .values(
          part.map((d) => ({
            name: d.name,
            public_suffix: d.publicSuffix,
            first_seen: d.firstSeen,
            last_seen: d.lastSeen,
          })),
        )
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({
            first_seen: sql`least(domains.first_seen, excluded.first_seen)`,
            last_seen: sql`greatest(domains.last_seen, excluded.last_seen)`,
          }),
        )
        .returning(['id', 'name'])
        .execute();
      for (const r of rows) ids.set(r.name, r.id);
    }
    return ids;
  }

  async function upsertHosts(trx: Trx, hosts: BatchHost[], domainIds: Map<string, number>) {
    const ids = new Map<string, number>();
    for (const part of chunks(hosts, 1000)) {
      const rows = await trx
        .insertInto('hosts')
        .values(
          part.map((h) => ({
            name: h.name,
            domain_id: h.domain ? (domainIds.get(h.domain) ?? null) : null,
            is_ip: h.isIp ? 1 : 0,
            first_seen: h.firstSeen,
          })),
        )
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({ first_seen: sql`least(hosts.first_seen, excluded.first_seen)` }),
        )
        .returning(['id', 'name'])
        .execute();
      for (const r of rows) ids.set(r.name, r.id);
    }
    return ids;
  }

  async function upsertUrls(
    trx: Trx,
    urls: Map<string, BatchUrl>,
    hostIds: Map<string, number>,
    domainIds: Map<string, number>,
  ) {
    const ids = new Map<string, number>();
    let created = 0;
    for (const part of chunks([...urls.values()], 500)) {
      const rows = await trx
        .insertInto('urls')
        .values(
          part.map((u) => ({
            url_hash: u.urlHash,
            canonical: u.canonical,
            scheme: u.scheme,
            host_id: hostIds.get(u.host)!,
            domain_id: u.registrableDomain ? (domainIds.get(u.registrableDomain) ?? null) : null,
            tld: u.tld,
            path: u.path,
            features: u.features,
            threat: u.threat,
            status: u.status ?? 'new',
            brand_id: u.brandId,
            brand_confidence: u.brandConfidence,
            brand_evidence: u.brandEvidence,
            first_seen: u.seenAt,
            last_seen: u.lastSeen,
            report_count: u.reports,
          })),
        )
        .onConflict((oc) =>
          oc.column('url_hash').doUpdateSet({
            first_seen: sql`least(urls.first_seen, excluded.first_seen)`,
            last_seen: sql`greatest(urls.last_seen, excluded.last_seen)`,
            report_count: sql`urls.report_count + excluded.report_count`,
            // An untriaged URL whose host has since been allowlisted follows the allowlist.
            status: sql`case when urls.status = 'new' and excluded.status = 'allowlisted' then 'allowlisted' else urls.status end`,
            // A brand already on the URL (set by a source label or an analyst) wins over a later guess.
            brand_id: sql`coalesce(urls.brand_id, excluded.brand_id)`,
            brand_confidence: sql`case when urls.brand_id is null then excluded.brand_confidence else urls.brand_confidence end`,
            brand_evidence: sql`case when urls.brand_id is null then excluded.brand_evidence else urls.brand_evidence end`,
          }),
        )
        .returning(['id', 'url_hash', 'report_count'])
        .execute();
      for (const r of rows) {
        ids.set(r.url_hash, r.id);
        // Existing rows always have a count of at least 1 before this batch adds to it, so a count equal
        // to this batch's own means the row was created now.
        if (r.report_count === urls.get(r.url_hash)!.reports) created++;
      }
    }
    return { ids, created };
  }

  /** Upserts the URLs of the given (new) reports and links them; the caller owns the transaction. */
  async function linkUrls(trx: Trx, entries: { reportId: number; urls: ObservedUrl[] }[]) {
    const plan = planUrls(entries);
    if (plan.urls.size === 0) return { created: 0 };
    const domainIds = await upsertDomains(trx, [...plan.domains.values()]);
    const hostIds = await upsertHosts(trx, [...plan.hosts.values()], domainIds);
    const { ids: urlIds, created } = await upsertUrls(trx, plan.urls, hostIds, domainIds);
    const links: { report_id: number; url_id: number }[] = [];
    for (const { reportId, urls: list } of entries) {
      for (const hash of new Set(list.map((u) => u.urlHash)))
        links.push({ report_id: reportId, url_id: urlIds.get(hash)! });
    }
    for (const part of chunks(links, 2000)) {
      await trx
        .insertInto('report_urls')
        .values(part)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return { created };
  }

  // SQLite: the same statements, prepared, run while holding Kysely's single connection.
  const sqlite = db.sqlite ? createSqliteIngest(db.sqlite) : null;

  async function ingest(batch: IngestBatch): Promise<IngestOutcome> {
    if (sqlite) return db.kysely.connection().execute(async () => sqlite.ingest(batch));
    return db.kysely.transaction().execute(async (trx) => {
      const reportIds = await insertReports(trx, batch.sourceId, batch.reports);
      const fresh = batch.reports
        .filter((r) => reportIds.has(r.report.externalId))
        .map((r) => ({ reportId: reportIds.get(r.report.externalId)!, urls: r.urls }));
      const { created } = await linkUrls(trx, fresh);
      return {
        inserted: fresh.length,
        known: batch.reports.length - fresh.length,
        newUrls: created,
        reportIds: fresh.map((f) => f.reportId),
      };
    });
  }

  return {
    ingest,

    /**
     * For a long run of batches (feed imports). On a SQLite file the batches are written by a thread of
     * its own, so the caller prepares the next batch meanwhile; PostgreSQL does its work in the server
     * already, and an in-memory SQLite database cannot be shared with a thread.
     */
    openBatchWriter(): BatchWriter {
      if (db.sqlite && !db.sqlite.memory) return startSqliteWriter(db.sqlite.name);
      return { ingest, close: async () => {} };
    },

    /**
     * Completes the analysis of a stored report: links its URLs and sets its status, in one transaction.
     * Running it twice for the same report does not count its URLs twice.
     */
    async completeReport(
      reportId: number,
      urls: ObservedUrl[],
      update: ReportCompletion,
    ): Promise<{ newUrls: number }> {
      if (sqlite) return db.kysely.connection().execute(async () => sqlite.complete(reportId, urls, update));
      return db.kysely.transaction().execute(async (trx) => {
        // The status change is the claim: a second run (or a concurrent worker, which waits on the row lock)
        // finds the report no longer 'received' and does nothing.
        const claimed = await trx
          .updateTable('reports')
          .set({ status: update.status, brand_id: update.brandId, error: update.error })
          .where('id', '=', reportId)
          .where('status', '=', 'received')
          .returning('id')
          .execute();
        if (claimed.length === 0) return { newUrls: 0 };
        const { created } = await linkUrls(trx, [{ reportId, urls }]);
        return { newUrls: created };
      });
    },
  };
}

export type IngestRepository = ReturnType<typeof createIngestRepository>;
