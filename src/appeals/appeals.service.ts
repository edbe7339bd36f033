import type { Transaction } from 'kysely';
import type { Principal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { SharedUrl } from '../sharing/sharing.repository.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { AuditRecorder } from '../triage/audit.ts';
import type { BulkVerdicts } from '../triage/bulk-verdicts.ts';
import type { AppealCursor, AppealRecord, AppealStatus, AppealsRepository } from './appeals.repository.ts';
import { type AppealTarget, parseAppealTarget } from './target.ts';

export type AppealInput = { target: string; contactEmail: string; statement: string; lang: string };
export type AppealDecision = { outcome: 'upheld' | 'rejected'; reason: string };

/** What the public learns of its appeal: never whether a TLP-restricted URL is listed. */
export type AppealReceipt = {
  id: number;
  status: AppealStatus;
  receivedAt: number;
  deadlineAt: number;
  /** A TLP:CLEAR listed URL matches (what the public /check page would tell anyway). */
  publiclyListed: boolean;
};

/** Staff see every listed URL (any TLP) the appeal is about, up to this many. */
const SHOWN_MATCHES = 500;

/**
 * Appeals: the public's "this is my site / it is clean now". Each opens a case with a deadline; staff
 * uphold or reject it, audited. Upholding sets the listed URLs it names to `benign` through triage's
 * set-based verdicts (the appeal as the recorded reason, so the URL history shows it) in the transaction
 * that closes the appeal; the sharing sync then withdraws them from every feed, TAXII and the hash list,
 * as for any analyst's verdict. Nothing here reads another module's tables.
 */
export function createAppealsService(deps: {
  db: Db;
  repo: AppealsRepository;
  /** The sharing module's listed (active, any TLP) URLs for a target, brought in sync first. */
  listed: (target: AppealTarget, limit?: number) => Promise<SharedUrl[]>;
  /** Runs after an upheld decision commits (the sharing sync), so the outputs change at once. */
  afterRemoval: () => Promise<unknown>;
  verdicts: Pick<BulkVerdicts, 'apply' | 'auditBulk'>;
  audit: AuditRecorder;
  clock: Clock;
  deadlineMs: number;
}) {
  const { repo } = deps;

  async function get(id: number): Promise<AppealRecord> {
    const appeal = await repo.get(id);
    if (!appeal) throw new AppError('not_found', 'no such appeal');
    return appeal;
  }

  const targetOf = (a: AppealRecord): AppealTarget => ({ kind: a.targetKind, value: a.targetValue });

  return {
    /** A public appeal: stored whether or not it names anything listed, and answered either way. */
    async submit(input: AppealInput): Promise<AppealReceipt> {
      const target = parseAppealTarget(input.target);
      const matches = await deps.listed(target);
      const now = deps.clock.now();
      const appeal = await repo.insert({
        targetInput: input.target.trim().slice(0, 8192),
        targetKind: target.kind,
        targetValue: target.value,
        contactEmail: input.contactEmail.trim(),
        statement: input.statement.trim(),
        lang: input.lang,
        matchedAtReceipt: matches.length,
        receivedAt: now,
        deadlineAt: now + deps.deadlineMs,
      });
      return {
        id: appeal.id,
        status: appeal.status,
        receivedAt: appeal.receivedAt,
        deadlineAt: appeal.deadlineAt,
        publiclyListed: matches.some((m) => m.tlp === 'clear'),
      };
    },

    async list(q: { status: AppealStatus | null; after: AppealCursor | null; limit: number }) {
      const rows = await repo.list({ ...q, limit: q.limit + 1 });
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      const next = rows.length > q.limit && last ? { deadline: last.deadlineAt, id: last.id } : null;
      return { items, next };
    },

    /** One appeal with the listed URLs it names now. */
    async detail(id: number): Promise<{ appeal: AppealRecord; listed: SharedUrl[]; listedTotal: number }> {
      const appeal = await get(id);
      const listed = appeal.status === 'open' ? await deps.listed(targetOf(appeal)) : [];
      return { appeal, listed: listed.slice(0, SHOWN_MATCHES), listedTotal: listed.length };
    },

    /**
     * Closes an open appeal. `upheld`: every URL it names that is listed now leaves every partner output
     * in one step (one transaction, then one sync: one hash-list version lists them all as removed).
     */
    async decide(principal: Principal, id: number, decision: AppealDecision): Promise<AppealRecord> {
      const reason = decision.reason.trim();
      if (!reason) throw new AppError('triage.reason_required', 'a decision needs a reason');
      const appeal = await get(id);
      if (appeal.status !== 'open')
        throw new AppError('appeal.already_decided', `appeal ${id} was already ${appeal.status}`);
      const matches = decision.outcome === 'upheld' ? await deps.listed(targetOf(appeal)) : [];
      const at = deps.clock.now();
      const actorId = principal.userId > 0 ? principal.userId : null;
      await deps.db.kysely.transaction().execute(async (trx: Transaction<Database>) => {
        if (!(await repo.decide(trx, { id, status: decision.outcome, at, by: actorId, reason })))
          throw new AppError('appeal.already_decided', `appeal ${id} was decided meanwhile`);
        let removed: number[] = [];
        if (matches.length) {
          removed = await deps.verdicts.apply(
            trx,
            matches.map((m) => ({ id: m.urlId, from: 'confirmed' })),
            'benign',
            { reason: `appeal #${id} upheld: ${reason}`.slice(0, 2000), actorId },
          );
          await repo.setRemoved(trx, id, removed);
          await deps.verdicts.auditBulk(trx, principal, {
            status: 'benign',
            reason: `appeal #${id} upheld`,
            count: removed.length,
            appealId: id,
            sample: removed.slice(0, 20),
          });
        }
        await deps.audit.record(
          {
            principal,
            action: 'appeal.decision',
            entity: 'appeal',
            entityId: id,
            before: { status: 'open' },
            after: {
              status: decision.outcome,
              reason,
              target: targetOf(appeal),
              removed: removed.length,
              removedUrlIds: removed.slice(0, 100),
            },
          },
          trx,
        );
      });
      if (decision.outcome === 'upheld') await deps.afterRemoval();
      return get(id);
    },
  };
}

export type AppealsService = ReturnType<typeof createAppealsService>;
