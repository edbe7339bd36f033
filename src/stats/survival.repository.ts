/**
 * What the time-to-takedown figures read: takedown cases (the takedowns module's table, read here as the
 * monthly takedown figures already do), the address a liveness check last resolved for the case's URL,
 * and the cached RDAP answers (rdap_cache) for that address and the case's registrable domain. Read only:
 * nothing is looked up or written here, so a GET never causes an RDAP query.
 */
import { type RawBuilder, sql } from 'kysely';
import { chunks } from '../lib/chunks.ts';
import type { Db } from '../storage/database.ts';

export type SurvivalCaseRow = {
  id: number;
  state: string;
  firstReportedAt: number;
  openedAt: number;
  requestedAt: number | null;
  downAt: number | null;
  closedAt: number | null;
  updatedAt: number;
  targetHost: string;
  targetDomain: string | null;
  /** JSON Contact[] as the case stored it when the request was sent. */
  contacts: string;
  /** The latest address a liveness check of the URL resolved (null: never resolved). */
  checkedAddress: string | null;
};

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function createSurvivalRepository(db: Db) {
  const k = db.kysely;
  return {
    /**
     * Cases opened in [from, to) (all when no range), limited to the URLs `urls` lets through (a
     * disclosure condition on `urls as u`; null: every case, for staff).
     */
    async cases(range: { from?: number; to?: number }, urls: RawBuilder<boolean> | null) {
      const { rows } = await sql<Record<string, unknown>>`
        select c.id, c.state, c.first_reported_at, c.opened_at, c.requested_at, c.down_at, c.closed_at,
          c.updated_at, c.target_host, c.target_domain, c.contacts,
          (select ch.address from url_checks ch where ch.url_id = c.url_id and ch.address is not null
           order by ch.checked_at desc limit 1) as checked_address
        from takedown_cases c join urls u on u.id = c.url_id
        where ${urls ?? sql`1 = 1`}
          ${range.from === undefined ? sql`` : sql`and c.opened_at >= ${range.from}`}
          ${range.to === undefined ? sql`` : sql`and c.opened_at < ${range.to}`}
        order by c.id`.execute(k);
      return rows.map(
        (r): SurvivalCaseRow => ({
          id: Number(r.id),
          state: String(r.state),
          firstReportedAt: Number(r.first_reported_at),
          openedAt: Number(r.opened_at),
          requestedAt: num(r.requested_at),
          downAt: num(r.down_at),
          closedAt: num(r.closed_at),
          updatedAt: Number(r.updated_at),
          targetHost: String(r.target_host),
          targetDomain: r.target_domain === null ? null : String(r.target_domain),
          contacts: String(r.contacts ?? '[]'),
          checkedAddress: r.checked_address === null ? null : String(r.checked_address),
        }),
      );
    },

    /** Cached RDAP answers that were found, by key ('ip:ADDRESS', 'domain:NAME'). */
    async rdapAnswers(keys: readonly string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (const part of chunks([...new Set(keys)], 500)) {
        const rows = await k
          .selectFrom('rdap_cache')
          .select(['key', 'result'])
          .where('key', 'in', part)
          .where('found', '=', 1)
          .execute();
        for (const r of rows) out.set(r.key, r.result);
      }
      return out;
    },
  };
}

export type SurvivalRepository = ReturnType<typeof createSurvivalRepository>;
