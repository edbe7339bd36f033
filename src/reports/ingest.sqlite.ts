import type SQLite from 'better-sqlite3';
import { sqliteJobInserter } from '../jobs/sqlite-enqueue.ts';
import { sqliteSearchWriter } from '../triage/search.index.ts';
import {
  type IngestBatch,
  type IngestOutcome,
  type NewUrlsJob,
  type NewUrlsPayload,
  type ObservedUrl,
  planUrls,
  type ReportCompletion,
} from './ingest.types.ts';

/**
 * The SQLite variant of the ingest statements (ingest.postgres.ts is the PostgreSQL one), as prepared
 * better-sqlite3 statements run synchronously in one transaction: imports spend most of their time here,
 * and building a Kysely query per batch cost more than running it. A new row's id comes from the insert
 * itself (changes / lastInsertRowid; RETURNING cost more than the insert's own index work), and only a
 * row that already exists takes a second statement, the update. The caller must hold the connection
 * (Kysely's connection mutex, or a connection of its own in the import writer thread) so no other query
 * interleaves with the transaction.
 */
export function createSqliteIngest(handle: SQLite.Database) {
  const insertReport = handle.prepare(
    `insert into reports (source_id, external_id, kind, status, received_at, reported_at, brand_label, brand_id,
       content_type, payload, reporter_contact, consent_police, consent_brand, error, tlp)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (source_id, external_id) do nothing`,
  );
  const insertDomain = handle.prepare(
    `insert into domains (name, public_suffix, first_seen, last_seen) values (?, ?, ?, ?) on conflict (name) do nothing`,
  );
  const updateDomain = handle.prepare<unknown[], { id: number }>(
    `update domains set first_seen = min(first_seen, ?), last_seen = max(last_seen, ?) where name = ? returning id`,
  );
  const insertHost = handle.prepare(
    `insert into hosts (name, domain_id, is_ip, first_seen) values (?, ?, ?, ?) on conflict (name) do nothing`,
  );
  const updateHost = handle.prepare<unknown[], { id: number }>(
    `update hosts set first_seen = min(first_seen, ?) where name = ? returning id`,
  );
  const insertUrl = handle.prepare(
    `insert into urls (url_hash, canonical, scheme, host_id, domain_id, tld, path, features, threat, status,
       brand_id, brand_confidence, brand_evidence, first_seen, last_seen, report_count, port)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (url_hash) do nothing`,
  );
  const updateUrl = handle.prepare<unknown[], { id: number }>(
    `update urls set
       status = case when status = 'new' and ? = 'allowlisted' then 'allowlisted' else status end,
       first_seen = min(first_seen, ?),
       last_seen = max(last_seen, ?),
       report_count = report_count + ?,
       brand_confidence = case when brand_id is null then ? else brand_confidence end,
       brand_evidence = case when brand_id is null then ? else brand_evidence end,
       brand_id = coalesce(brand_id, ?),
       port = coalesce(port, ?)
     where url_hash = ? returning id`,
  );
  const insertLink = handle.prepare(
    'insert into report_urls (report_id, url_id) values (?, ?) on conflict do nothing',
  );
  // The triage search index (src/triage/search.index.ts): a new URL's row, in the same transaction.
  const search = sqliteSearchWriter(handle);
  const claimReport = handle.prepare<unknown[], { id: number }>(
    `update reports set status = ?, brand_id = ?, error = ? where id = ? and status = 'received' returning id`,
  );

  const enqueue = sqliteJobInserter(handle);

  function linkUrls(entries: { reportId: number; urls: ObservedUrl[] }[], job?: NewUrlsJob): number {
    const plan = planUrls(entries);
    const domainIds = new Map<string, number>();
    for (const d of plan.domains.values()) {
      const ins = insertDomain.run(d.name, d.publicSuffix, d.firstSeen, d.lastSeen);
      domainIds.set(
        d.name,
        ins.changes ? Number(ins.lastInsertRowid) : updateDomain.get(d.firstSeen, d.lastSeen, d.name)!.id,
      );
    }
    const hostIds = new Map<string, number>();
    for (const h of plan.hosts.values()) {
      const domainId = h.domain ? (domainIds.get(h.domain) ?? null) : null;
      const ins = insertHost.run(h.name, domainId, h.isIp ? 1 : 0, h.firstSeen);
      hostIds.set(
        h.name,
        ins.changes ? Number(ins.lastInsertRowid) : updateHost.get(h.firstSeen, h.name)!.id,
      );
    }
    const urlIds = new Map<string, number>();
    const fresh: NewUrlsPayload['urls'] = [];
    let created = 0;
    for (const u of plan.urls.values()) {
      const ins = insertUrl.run(
        u.urlHash,
        u.canonical,
        u.scheme,
        hostIds.get(u.host)!,
        u.registrableDomain ? (domainIds.get(u.registrableDomain) ?? null) : null,
        u.tld,
        u.path,
        u.features,
        u.threat,
        u.status ?? 'new',
        u.brandId,
        u.brandConfidence,
        u.brandEvidence,
        u.seenAt,
        u.lastSeen,
        u.reports,
        u.port ?? null,
      );
      if (ins.changes) {
        created++;
        const id = Number(ins.lastInsertRowid);
        urlIds.set(u.urlHash, id);
        search.url(id, u.canonical);
        if ((u.status ?? 'new') === 'new') fresh.push({ id, host: u.host });
        continue;
      }
      const status = u.status ?? 'new';
      urlIds.set(
        u.urlHash,
        updateUrl.get(
          status,
          u.seenAt,
          u.lastSeen,
          u.reports,
          u.brandConfidence,
          u.brandEvidence,
          u.brandId,
          u.port ?? null,
          u.urlHash,
        )!.id,
      );
    }
    for (const { reportId, urls } of entries) {
      for (const u of urls) insertLink.run(reportId, urlIds.get(u.urlHash)!);
    }
    if (job && fresh.length > 0) enqueue(job.name, { urls: fresh } satisfies NewUrlsPayload, job.at);
    return created;
  }

  const ingest = handle.transaction((batch: IngestBatch): IngestOutcome => {
    const fresh: { reportId: number; urls: ObservedUrl[] }[] = [];
    for (const { report: r, urls } of batch.reports) {
      const row = insertReport.run(
        batch.sourceId,
        r.externalId,
        r.kind,
        r.status,
        r.receivedAt,
        r.reportedAt,
        r.brandLabel,
        r.brandId,
        r.contentType,
        r.payload,
        r.reporterContact ?? null,
        r.consentPolice ? 1 : 0,
        r.consentBrand ? 1 : 0,
        r.error ?? null,
        r.tlp ?? null,
      );
      if (row.changes) fresh.push({ reportId: Number(row.lastInsertRowid), urls });
    }
    const newUrls = linkUrls(fresh, batch.newUrlsJob);
    return {
      inserted: fresh.length,
      known: batch.reports.length - fresh.length,
      newUrls,
      reportIds: fresh.map((f) => f.reportId),
    };
  });

  const complete = handle.transaction(
    (reportId: number, urls: ObservedUrl[], update: ReportCompletion, job?: NewUrlsJob) => {
      if (!claimReport.get(update.status, update.brandId, update.error, reportId)) return { newUrls: 0 };
      return { newUrls: linkUrls([{ reportId, urls }], job) };
    },
  );

  return { ingest, complete };
}
