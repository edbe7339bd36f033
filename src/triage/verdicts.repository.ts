import type { Kysely } from 'kysely';
import { chunks } from '../lib/chunks.ts';
import type { Database } from '../storage/schema.ts';

type Ex = Kysely<Database>;

/** One verdict row as stored, whoever or whatever made it. */
export type VerdictRecord = {
  urlId: number;
  from: string;
  to: string;
  reason: string;
  actorId: number | null;
  at: number;
  basis?: 'source' | 'rule' | null;
  sourceId?: number | null;
  ruleSetId?: number | null;
  ruleVersion?: number | null;
  ruleId?: string | null;
  evidence?: string | null;
};

// Well under SQLite's and PostgreSQL's bound-parameter limits, with 12 columns per verdict row.
const CHUNK = 500;

/** The set-based SQL of verdicts on many URLs (imports from confirmed sources, bulk and rule verdicts). */
export function createVerdictsRepository() {
  return {
    /** URLs with these canonical-URL hashes, with what a bulk verdict needs to decide on them. */
    async byHashes(ex: Ex, hashes: readonly string[]) {
      const out: { id: number; status: string; host: string; path: string }[] = [];
      for (const part of chunks(hashes, CHUNK)) {
        const rows = await ex
          .selectFrom('urls as u')
          .innerJoin('hosts as h', 'h.id', 'u.host_id')
          .select(['u.id', 'u.status', 'h.name as host', 'u.path'])
          .where('u.url_hash', 'in', part)
          .execute();
        out.push(...rows.map((r) => ({ ...r, id: Number(r.id) })));
      }
      return out;
    },

    /** Sets `to` on each URL still in its `from` status; returns the ids that changed. */
    async setStatuses(
      ex: Ex,
      rows: readonly { id: number; from: string }[],
      to: string,
    ): Promise<Set<number>> {
      const byFrom = new Map<string, number[]>();
      for (const r of rows) byFrom.set(r.from, [...(byFrom.get(r.from) ?? []), r.id]);
      const changed = new Set<number>();
      for (const [from, ids] of byFrom)
        for (const part of chunks(ids, CHUNK)) {
          const done = await ex
            .updateTable('urls')
            .set({ status: to })
            .where('id', 'in', part)
            .where('status', '=', from)
            .returning('id')
            .execute();
          for (const d of done) changed.add(Number(d.id));
        }
      return changed;
    },

    async addVerdicts(ex: Ex, verdicts: readonly VerdictRecord[]): Promise<void> {
      for (const part of chunks(verdicts, CHUNK))
        await ex
          .insertInto('url_verdicts')
          .values(
            part.map((v) => ({
              url_id: v.urlId,
              from_status: v.from,
              to_status: v.to,
              reason: v.reason,
              actor_id: v.actorId,
              at: v.at,
              basis: v.basis ?? null,
              source_id: v.sourceId ?? null,
              rule_set_id: v.ruleSetId ?? null,
              rule_version: v.ruleVersion ?? null,
              rule_id: v.ruleId ?? null,
              evidence: v.evidence ?? null,
            })),
          )
          .execute();
    },

    /** For the campaign job: each URL's status and whether it sits in a campaign. */
    async groupingState(ex: Ex, ids: readonly number[]) {
      const out: { id: number; status: string; inCampaign: boolean }[] = [];
      for (const part of chunks(ids, CHUNK)) {
        const rows = await ex
          .selectFrom('urls as u')
          .leftJoin('campaign_urls as cu', 'cu.url_id', 'u.id')
          .select(['u.id', 'u.status', 'cu.campaign_id'])
          .where('u.id', 'in', part)
          .execute();
        out.push(
          ...rows.map((r) => ({ id: Number(r.id), status: r.status, inCampaign: r.campaign_id !== null })),
        );
      }
      return out;
    },
  };
}

export type VerdictsRepository = ReturnType<typeof createVerdictsRepository>;
