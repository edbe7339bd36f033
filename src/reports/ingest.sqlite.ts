import type SQLite from 'better-sqlite3';
import {
  type IngestBatch,
  type IngestOutcome,
  type ObservedUrl,
  planUrls,
  type ReportCompletion,
} from './ingest.types.ts';

/**
 * The SQLite variant of the ingest statements: the same SQL as the Kysely version, as prepared
 * better-sqlite3 statements run synchronously in one transaction. Imports spend most of their time here,
 * and building a Kysely query per batch cost more than running it. The caller must hold the connection
 * (Kysely's connection mutex) so no other query interleaves with the transaction.
 */
export function createSqliteIngest(handle: SQLite.Database) {
  const insertReport = handle.prepare<unknown[], { id: number }>(
    `insert into reports (source_id, external_id, kind, status, received_at, reported_at, brand_label, brand_id,
       content_type, payload, reporter_contact, consent_police, consent_brand, error, tlp)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (source_id, external_id) do nothing returning id`,
  );
  const upsertDomain = handle.prepare<unknown[], { id: number }>(
    `insert into domains (name, public_suffix, first_seen, last_seen) values (?, ?, ?, ?)
     on conflict (name) do update set first_seen = min(domains.first_seen, excluded.first_seen),
       last_seen = max(domains.last_seen, excluded.last_seen)
     returning id`,
  );
  const upsertHost = handle.prepare<unknown[], { id: number }>(
    `insert into hosts (name, domain_id, is_ip, first_seen) values (?, ?, ?, ?)
     on conflict (name) do update set first_seen = min(hosts.first_seen, excluded.first_seen)
     returning id`,
  );
  const upsertUrl = handle.prepare<unknown[], { id: number; report_count: number }>(
    `insert into urls (url_hash, canonical, scheme, host_id, domain_id, tld, path, features, threat, status,
       brand_id, brand_confidence, brand_evidence, first_seen, last_seen, report_count)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (url_hash) do update set
       status = case when urls.status = 'new' and excluded.status = 'allowlisted' then 'allowlisted' else urls.status end,
       first_seen = min(urls.first_seen, excluded.first_seen),
       last_seen = max(urls.last_seen, excluded.last_seen),
       report_count = urls.report_count + excluded.report_count,
       brand_id = coalesce(urls.brand_id, excluded.brand_id),
       brand_confidence = case when urls.brand_id is null then excluded.brand_confidence else urls.brand_confidence end,
       brand_evidence = case when urls.brand_id is null then excluded.brand_evidence else urls.brand_evidence end
     returning id, report_count`,
  );
  const insertLink = handle.prepare(
    'insert into report_urls (report_id, url_id) values (?, ?) on conflict do nothing',
  );
  const claimReport = handle.prepare<unknown[], { id: number }>(
    `update reports set status = ?, brand_id = ?, error = ? where id = ? and status = 'received' returning id`,
  );

  function linkUrls(entries: { reportId: number; urls: ObservedUrl[] }[]): number {
    const plan = planUrls(entries);
    const domainIds = new Map<string, number>();
    for (const d of plan.domains.values()) {
      domainIds.set(d.name, upsertDomain.get(d.name, d.publicSuffix, d.firstSeen, d.lastSeen)!.id);
    }
    const hostIds = new Map<string, number>();
    for (const h of plan.hosts.values()) {
      const domainId = h.domain ? (domainIds.get(h.domain) ?? null) : null;
      hostIds.set(h.name, upsertHost.get(h.name, domainId, h.isIp ? 1 : 0, h.firstSeen)!.id);
    }
    const urlIds = new Map<string, number>();
    let created = 0;
    for (const u of plan.urls.values()) {
      const row = upsertUrl.get(
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
      )!;
      urlIds.set(u.urlHash, row.id);
      // An existing row had a count of at least 1 before this batch added to it.
      if (row.report_count === u.reports) created++;
    }
    for (const { reportId, urls } of entries) {
      for (const u of urls) insertLink.run(reportId, urlIds.get(u.urlHash)!);
    }
    return created;
  }

  const ingest = handle.transaction((batch: IngestBatch): IngestOutcome => {
    const fresh: { reportId: number; urls: ObservedUrl[] }[] = [];
    for (const { report: r, urls } of batch.reports) {
      const row = insertReport.get(
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
      if (row) fresh.push({ reportId: row.id, urls });
    }
    const newUrls = linkUrls(fresh);
    return {
      inserted: fresh.length,
      known: batch.reports.length - fresh.length,
      newUrls,
      reportIds: fresh.map((f) => f.reportId),
    };
  });

  const complete = handle.transaction((reportId: number, urls: ObservedUrl[], update: ReportCompletion) => {
    if (!claimReport.get(update.status, update.brandId, update.error, reportId)) return { newUrls: 0 };
    return { newUrls: linkUrls([{ reportId, urls }]) };
  });

  return { ingest, complete };
}
