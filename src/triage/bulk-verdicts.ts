import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Principal } from '../accounts/principal.ts';
import type { CampaignsService } from '../campaigns/campaigns.service.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { chunks } from '../lib/chunks.ts';
import type { Clock } from '../lib/clock.ts';
import type { SourceRecord } from '../sources/sources.repository.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { Allowlist } from './allowlist.service.ts';
import type { AuditRecorder } from './audit.ts';
import type { Verdict } from './transitions.ts';
import type { VerdictRecord, VerdictsRepository } from './verdicts.repository.ts';

/** Puts confirmed URLs into campaigns and takes the others out, after the verdicts have committed. */
export const REGROUP_JOB = 'campaigns.regroup';
const REGROUP_CHUNK = 200;
/** Statuses a confirmed source may confirm: nobody has decided on them yet. */
const UNDECIDED = ['new', 'needs_info'];

export type BulkVerdictMeta = Omit<VerdictRecord, 'urlId' | 'from' | 'to' | 'at' | 'evidence'> & {
  /** Per URL (rules): what the decision used. */
  evidenceOf?: (urlId: number) => string | null;
};

/**
 * Verdicts on many URLs at once, set-based: the status change and one url_verdicts row per URL in the
 * caller's transaction, and campaign grouping (about 8 queries a URL) enqueued in the same transaction as
 * jobs of REGROUP_CHUNK URLs instead of run inline, so confirming a month of a confirmed feed stays a few
 * statements per batch.
 */
export function createBulkVerdicts(deps: {
  db: Db;
  verdicts: VerdictsRepository;
  queue: JobQueue;
  audit: AuditRecorder;
  clock: Clock;
  allowlist: Allowlist;
  campaigns: CampaignsService;
  log?: Logger;
}) {
  async function apply(
    trx: Transaction<Database>,
    rows: readonly { id: number; from: string }[],
    to: Verdict,
    meta: BulkVerdictMeta,
  ): Promise<number[]> {
    if (rows.length === 0) return [];
    const at = deps.clock.now();
    const changed = await deps.verdicts.setStatuses(trx, rows, to);
    const done = rows.filter((r) => changed.has(r.id));
    const { evidenceOf, ...common } = meta;
    await deps.verdicts.addVerdicts(
      trx,
      done.map((r) => ({
        ...common,
        urlId: r.id,
        from: r.from,
        to,
        at,
        evidence: evidenceOf?.(r.id) ?? null,
      })),
    );
    const regroup = done.filter((r) => to === 'confirmed' || r.from === 'confirmed').map((r) => r.id);
    for (const part of chunks(regroup, REGROUP_CHUNK))
      await deps.queue.send(REGROUP_JOB, { urlIds: part }, { trx });
    return done.map((r) => r.id);
  }

  return {
    apply,

    /**
     * An import batch (or report) from a `confirmed` source: its URLs nobody has decided on yet become
     * confirmed, the source recorded as the reason. Allowlisted URLs (official domains included) are left
     * alone, also when the allowlist changed since they were stored. Re-running it changes nothing.
     */
    async confirmFromSource(source: SourceRecord, urlHashes: readonly string[]): Promise<number> {
      if (source.trust !== 'confirmed' || urlHashes.length === 0) return 0;
      await deps.allowlist.ensureFresh();
      return deps.db.kysely.transaction().execute(async (trx) => {
        const found = await deps.verdicts.byHashes(trx, [...new Set(urlHashes)]);
        const rows = found
          .filter((u) => UNDECIDED.includes(u.status) && deps.allowlist.match(u.host, u.path) === null)
          .map((u) => ({ id: u.id, from: u.status }));
        const ids = await apply(trx, rows, 'confirmed', {
          reason: `source ${source.name} is confirmed`,
          actorId: null,
          basis: 'source',
          sourceId: source.id,
        });
        if (ids.length > 0)
          await deps.audit.record(
            {
              principal: null,
              action: 'url.auto_confirm',
              entity: 'source',
              entityId: source.id,
              after: { source: source.name, count: ids.length, sample: ids.slice(0, 20) },
            },
            trx,
          );
        return ids.length;
      });
    },

    /** The handler of REGROUP_JOB (one job at a time, so two never create the same campaign twice). */
    registerJobs() {
      deps.queue.work<{ urlIds: number[] }>(
        REGROUP_JOB,
        async ({ urlIds }) => {
          await deps.db.kysely.transaction().execute(async (trx) => {
            for (const u of await deps.verdicts.groupingState(trx, urlIds)) {
              if (u.status === 'confirmed' && !u.inCampaign) await deps.campaigns.assignConfirmed(trx, u.id);
              else if (u.status !== 'confirmed' && u.inCampaign) await deps.campaigns.detach(trx, u.id);
            }
          });
        },
        { concurrency: 1 },
      );
    },

    /** Audit of one bulk verdict over a filter (one entry, not one per URL). */
    async auditBulk(
      trx: Transaction<Database>,
      principal: Principal,
      after: Record<string, unknown>,
    ): Promise<void> {
      await deps.audit.record(
        { principal, action: 'url.verdict_bulk', entity: 'url', entityId: null, after },
        trx,
      );
    },
  };
}

export type BulkVerdicts = ReturnType<typeof createBulkVerdicts>;
