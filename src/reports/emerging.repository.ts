import type { Db } from '../storage/database.ts';

/**
 * The URL and report side of emerging brands (job brands.emerging, src/brands/emerging.ts): recent
 * unattributed URLs and reports, read in keyset batches on the (brand_id, first_seen / reported_at)
 * indexes, so a run over 100k+ URLs never holds more than one batch. This module owns urls and reports.
 */
export type UnattributedUrl = {
  id: number;
  canonical: string;
  host: string;
  domain: string | null;
  path: string;
  firstSeen: number;
};

export type UnattributedReport = { id: number; kind: string; reportedAt: number };

/** Where a batch ended: the next batch starts after it. */
export type Keyset = { at: number; id: number };

export function createEmergingSourcesRepository(db: Db) {
  const k = db.kysely;
  return {
    async unattributedUrls(q: {
      since: number;
      after: Keyset | null;
      limit: number;
    }): Promise<UnattributedUrl[]> {
      let query = k
        .selectFrom('urls as u')
        .innerJoin('hosts as h', 'h.id', 'u.host_id')
        .leftJoin('domains as d', 'd.id', 'u.domain_id')
        .select(['u.id', 'u.canonical', 'h.name as host', 'd.name as domain', 'u.path', 'u.first_seen'])
        .where('u.brand_id', 'is', null)
        .where('u.first_seen', '>=', q.since);
      if (q.after) {
        const { at, id } = q.after;
        query = query.where((eb) =>
          eb.or([eb('u.first_seen', '>', at), eb.and([eb('u.first_seen', '=', at), eb('u.id', '>', id)])]),
        );
      }
      const rows = await query.orderBy('u.first_seen').orderBy('u.id').limit(q.limit).execute();
      return rows.map((r) => ({
        id: Number(r.id),
        canonical: r.canonical,
        host: r.host,
        domain: r.domain,
        path: r.path,
        firstSeen: Number(r.first_seen),
      }));
    },

    /** Unattributed e-mail, SMS and text reports (URL reports and feed rows are their URLs). */
    async unattributedReports(q: {
      since: number;
      after: Keyset | null;
      limit: number;
    }): Promise<UnattributedReport[]> {
      let query = k
        .selectFrom('reports as r')
        .select(['r.id', 'r.kind', 'r.reported_at'])
        .where('r.brand_id', 'is', null)
        .where('r.reported_at', '>=', q.since)
        .where('r.kind', 'in', ['email', 'sms', 'text']);
      if (q.after) {
        const { at, id } = q.after;
        query = query.where((eb) =>
          eb.or([eb('r.reported_at', '>', at), eb.and([eb('r.reported_at', '=', at), eb('r.id', '>', id)])]),
        );
      }
      const rows = await query.orderBy('r.reported_at').orderBy('r.id').limit(q.limit).execute();
      return rows.map((r) => ({ id: Number(r.id), kind: r.kind, reportedAt: Number(r.reported_at) }));
    },
  };
}

export type EmergingSourcesRepository = ReturnType<typeof createEmergingSourcesRepository>;
