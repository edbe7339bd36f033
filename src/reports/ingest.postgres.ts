import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../storage/schema.ts';
import {
  type IngestBatch,
  type IngestOutcome,
  type NewUrlsJob,
  type NewUrlsPayload,
  type ObservedUrl,
  planUrls,
  type ReportCompletion,
} from './ingest.types.ts';

type Trx = Transaction<Database>;

/**
 * The PostgreSQL variant of the ingest statements (ingest.sqlite.ts is the SQLite one). Each statement
 * takes a whole batch as one array per column and reads it back with unnest(), so a batch of 5,000 rows
 * is five statements with a few dozen parameters instead of tens of multi-row VALUES lists with tens of
 * thousands (which cost more to build, send and plan than to run). Hosts, URLs and links find the ids
 * they refer to by joining on the natural keys, inside the server.
 */
export function createPostgresIngest(
  kysely: Kysely<Database>,
  /** Enqueues a job on the caller's transaction (the queue's send with `trx`). */
  enqueue?: (trx: Trx, name: string, payload: unknown) => Promise<void>,
) {
  async function insertReports(trx: Trx, sourceId: number, batch: IngestBatch['reports']) {
    const col = <T>(pick: (r: IngestBatch['reports'][number]['report']) => T) =>
      batch.map(({ report }) => pick(report));
    const { rows } = await sql<{ id: number; external_id: string }>`
      insert into reports (source_id, external_id, kind, status, received_at, reported_at, brand_label, brand_id,
        content_type, payload, reporter_contact, consent_police, consent_brand, error, tlp)
      select ${sourceId}::bigint, r.* from unnest(
        ${col((r) => r.externalId)}::text[], ${col((r) => r.kind)}::text[], ${col((r) => r.status)}::text[],
        ${col((r) => r.receivedAt)}::bigint[], ${col((r) => r.reportedAt)}::bigint[],
        ${col((r) => r.brandLabel)}::text[], ${col((r) => r.brandId)}::bigint[],
        ${col((r) => r.contentType)}::text[], ${col((r) => r.payload)}::text[],
        ${col((r) => r.reporterContact ?? null)}::text[], ${col((r) => (r.consentPolice ? 1 : 0))}::integer[],
        ${col((r) => (r.consentBrand ? 1 : 0))}::integer[], ${col((r) => r.error ?? null)}::text[],
        ${col((r) => r.tlp ?? null)}::text[]) as r
      on conflict (source_id, external_id) do nothing
      returning id, external_id`.execute(trx);
    return new Map(rows.map((r) => [r.external_id, r.id]));
  }

  /** Upserts the URLs of the given (new) reports and links them; returns how many URLs are new. */
  async function linkUrls(
    trx: Trx,
    entries: { reportId: number; urls: ObservedUrl[] }[],
    job?: NewUrlsJob,
  ): Promise<number> {
    const plan = planUrls(entries);
    if (plan.urls.size === 0) return 0;
    const domains = [...plan.domains.values()];
    await sql`
      insert into domains (name, public_suffix, first_seen, last_seen)
      select * from unnest(${domains.map((d) => d.name)}::text[], ${domains.map((d) => d.publicSuffix)}::text[],
        ${domains.map((d) => d.firstSeen)}::bigint[], ${domains.map((d) => d.lastSeen)}::bigint[])
      on conflict (name) do update set first_seen = least(domains.first_seen, excluded.first_seen),
        last_seen = greatest(domains.last_seen, excluded.last_seen)`.execute(trx);
    const hosts = [...plan.hosts.values()];
    await sql`
      insert into hosts (name, domain_id, is_ip, first_seen)
      select h.name, d.id, h.is_ip, h.first_seen
      from unnest(${hosts.map((h) => h.name)}::text[], ${hosts.map((h) => h.domain)}::text[],
        ${hosts.map((h) => (h.isIp ? 1 : 0))}::integer[], ${hosts.map((h) => h.firstSeen)}::bigint[])
        as h(name, domain, is_ip, first_seen)
      left join domains d on d.name = h.domain
      on conflict (name) do update set first_seen = least(hosts.first_seen, excluded.first_seen)`.execute(
      trx,
    );
    const urls = [...plan.urls.values()];
    const pick = <T>(f: (u: (typeof urls)[number]) => T) => urls.map(f);
    const { rows } = await sql<{ id: number; url_hash: string; report_count: number; status: string }>`
      insert into urls (url_hash, canonical, scheme, host_id, domain_id, tld, path, features, threat, status,
        brand_id, brand_confidence, brand_evidence, first_seen, last_seen, report_count, port)
      select u.url_hash, u.canonical, u.scheme, h.id, d.id, u.tld, u.path, u.features, u.threat, u.status,
        u.brand_id, u.brand_confidence, u.brand_evidence, u.first_seen, u.last_seen, u.report_count, u.port
      from unnest(${pick((u) => u.urlHash)}::text[], ${pick((u) => u.canonical)}::text[],
        ${pick((u) => u.scheme)}::text[], ${pick((u) => u.host)}::text[],
        ${pick((u) => u.registrableDomain)}::text[], ${pick((u) => u.tld)}::text[], ${pick((u) => u.path)}::text[],
        ${pick((u) => u.features)}::text[], ${pick((u) => u.threat)}::text[],
        ${pick((u) => u.status ?? 'new')}::text[], ${pick((u) => u.brandId)}::bigint[],
        ${pick((u) => u.brandConfidence)}::double precision[], ${pick((u) => u.brandEvidence)}::text[],
        ${pick((u) => u.seenAt)}::bigint[], ${pick((u) => u.lastSeen)}::bigint[], ${pick((u) => u.reports)}::integer[],
        ${pick((u) => u.port ?? null)}::integer[])
        as u(url_hash, canonical, scheme, host, domain, tld, path, features, threat, status, brand_id,
          brand_confidence, brand_evidence, first_seen, last_seen, report_count, port)
      join hosts h on h.name = u.host
      left join domains d on d.name = u.domain
      on conflict (url_hash) do update set
        first_seen = least(urls.first_seen, excluded.first_seen),
        last_seen = greatest(urls.last_seen, excluded.last_seen),
        report_count = urls.report_count + excluded.report_count,
        -- An untriaged URL whose host has since been allowlisted follows the allowlist.
        status = case when urls.status = 'new' and excluded.status = 'allowlisted' then 'allowlisted' else urls.status end,
        -- A brand already on the URL (set by a source label or an analyst) wins over a later guess.
        brand_id = coalesce(urls.brand_id, excluded.brand_id),
        port = coalesce(urls.port, excluded.port),
        brand_confidence = case when urls.brand_id is null then excluded.brand_confidence else urls.brand_confidence end,
        brand_evidence = case when urls.brand_id is null then excluded.brand_evidence else urls.brand_evidence end
      returning id, url_hash, report_count, status`.execute(trx);
    // Existing rows always have a count of at least 1 before this batch adds to it, so a count equal to
    // this batch's own means the row was created now.
    const createdRows = rows.filter((r) => r.report_count === plan.urls.get(r.url_hash)!.reports);
    const created = createdRows.length;
    const fresh: NewUrlsPayload['urls'] = createdRows
      .filter((r) => r.status === 'new')
      .map((r) => ({ id: Number(r.id), host: plan.urls.get(r.url_hash)!.host }));
    const links: { reportId: number; urlHash: string }[] = [];
    for (const { reportId, urls: list } of entries) {
      for (const urlHash of new Set(list.map((u) => u.urlHash))) links.push({ reportId, urlHash });
    }
    await sql`
      insert into report_urls (report_id, url_id)
      select l.report_id, u.id
      from unnest(${links.map((l) => l.reportId)}::bigint[], ${links.map((l) => l.urlHash)}::text[])
        as l(report_id, url_hash)
      join urls u on u.url_hash = l.url_hash
      on conflict do nothing`.execute(trx);
    if (job && enqueue && fresh.length > 0)
      await enqueue(trx, job.name, { urls: fresh } satisfies NewUrlsPayload);
    return created;
  }

  return {
    ingest: (batch: IngestBatch): Promise<IngestOutcome> =>
      kysely.transaction().execute(async (trx) => {
        const ids = await insertReports(trx, batch.sourceId, batch.reports);
        const fresh: { reportId: number; urls: ObservedUrl[] }[] = [];
        for (const { report, urls } of batch.reports) {
          const reportId = ids.get(report.externalId);
          if (reportId === undefined) continue;
          // A batch naming the same external id twice stored it once: the first entry is the report.
          ids.delete(report.externalId);
          fresh.push({ reportId, urls });
        }
        const newUrls = await linkUrls(trx, fresh, batch.newUrlsJob);
        return {
          inserted: fresh.length,
          known: batch.reports.length - fresh.length,
          newUrls,
          reportIds: fresh.map((f) => f.reportId),
        };
      }),

    complete: (reportId: number, urls: ObservedUrl[], update: ReportCompletion, job?: NewUrlsJob) =>
      kysely.transaction().execute(async (trx) => {
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
        return { newUrls: await linkUrls(trx, [{ reportId, urls }], job) };
      }),
  };
}
