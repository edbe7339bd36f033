import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Principal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { chunks } from '../lib/chunks.ts';
import type { Clock } from '../lib/clock.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { AuditRecorder } from '../triage/audit.ts';
import type { BulkVerdicts } from '../triage/bulk-verdicts.ts';
import type { PriorityInput, QueuePriorityRecorder } from '../triage/priority.ts';
import type { Verdict } from '../triage/transitions.ts';
import { defang } from '../urls/defang.ts';
import { DEFAULT_RULE_SET } from './default-rules.ts';
import { decide, type VerdictAction } from './evaluate.ts';
import { type FactSources, gatherFacts } from './facts.ts';
import { checkRuleSet, type Rule, type RuleInput } from './rule-schema.ts';
import type { RuleSetRecord, RulesRepository } from './rules.repository.ts';

export const EVALUATE_JOB = 'rules.evaluate';
/** URLs per rules.evaluate job. */
export const EVALUATE_CHUNK = 500;
/** A dry run looks at no more URLs than this (the answer says when it stopped there). */
export const DRY_RUN_MAX = 200_000;
const SAMPLES = 10;

const TO_STATUS: Record<VerdictAction, Verdict> = {
  confirm: 'confirmed',
  benign: 'benign',
  needs_info: 'needs_info',
};

export type DryRunSample = {
  urlId: number;
  url: string;
  ruleId: string;
  currentStatus: string;
  evidence: Record<string, unknown>;
};

export type DryRunResult = {
  ruleSetVersion: number | null;
  from: string;
  to: string;
  urls: number;
  truncated: boolean;
  counts: { confirm: number; benign: number; needs_info: number; none: number };
  byRule: Record<string, number>;
  priorities: Record<string, number>;
  /** URLs a person already decided on, against what the rules would say. */
  againstPeople: { agree: number; disagree: number; confirmWhereBenign: number };
  samples: { confirm: DryRunSample[]; benign: DryRunSample[]; needs_info: DryRunSample[] };
};

/** Each rule's own version: unchanged content keeps it, a changed or new rule gets the next one. */
function versioned(rules: readonly RuleInput[], previous: readonly Rule[]): Rule[] {
  const before = new Map(previous.map((r) => [r.id, r]));
  return rules.map((r) => {
    const old = before.get(r.id);
    if (!old) return { ...r, version: 1 };
    const { version, ...content } = old;
    return { ...r, version: JSON.stringify(content) === JSON.stringify(r) ? version : version + 1 };
  });
}

/**
 * Triage rules (issue 16 step 2): the versioned, audited rule set; the rules.evaluate job that applies
 * the active set to URLs with new evidence (automatic verdicts stored like a person's, with rule id,
 * version and evidence; a URL a person decided on is never touched again); dry runs over a period.
 */
export function createRulesService(deps: {
  db: Db;
  repo: RulesRepository;
  facts: FactSources & {
    triage: FactSources['triage'] & {
      idsOfHashes(hashes: readonly string[]): Promise<number[]>;
      firstSeenBetween(from: number, to: number, afterId: number, limit: number): Promise<number[]>;
    };
  };
  bulk: BulkVerdicts;
  /** Triage's queue order: told what the rules knew of each URL they evaluated (issue 16 step 4). */
  queuePriority: QueuePriorityRecorder;
  queue: JobQueue;
  audit: AuditRecorder;
  clock: Clock;
  log: Logger;
}) {
  const { repo } = deps;

  async function active(): Promise<RuleSetRecord> {
    const set = await repo.active();
    if (!set) throw new AppError('rule.not_found', 'no rule set has been saved yet');
    return set;
  }

  async function enqueue(urlIds: readonly number[], trx?: Transaction<Database>): Promise<void> {
    for (const part of chunks([...new Set(urlIds)], EVALUATE_CHUNK))
      await deps.queue.send(EVALUATE_JOB, { urlIds: part }, trx ? { trx } : {});
  }

  /** Applies the active rule set to these URLs; returns how many verdicts and priorities it set. */
  async function evaluate(urlIds: readonly number[]): Promise<{ verdicts: number; priorities: number }> {
    const set = await repo.active();
    if (!set || urlIds.length === 0) return { verdicts: 0, priorities: 0 };
    const facts = await gatherFacts(deps.facts, urlIds);
    const at = deps.clock.now();
    const groups = new Map<
      string,
      { rule: Rule; action: VerdictAction; rows: { id: number; from: string }[] }
    >();
    const evidence = new Map<number, string>();
    const priorities: Parameters<RulesRepository['setPriorities']>[1][number][] = [];
    const noPriority: number[] = [];
    const queueInputs: PriorityInput[] = [];
    for (const f of facts) {
      const d = decide(set.rules, f);
      queueInputs.push({
        urlId: f.urlId,
        rule: d.priority
          ? { id: d.priority.rule.id, version: d.priority.rule.version, value: d.priority.value }
          : null,
        live: f.liveness?.state === 'live',
        reporters: f.reporters,
        brand: f.brand !== null,
      });
      if (d.verdict) {
        const key = `${d.verdict.action}\u0000${d.verdict.rule.id}`;
        const g = groups.get(key) ?? { rule: d.verdict.rule, action: d.verdict.action, rows: [] };
        g.rows.push({ id: f.urlId, from: f.status });
        groups.set(key, g);
        evidence.set(
          f.urlId,
          JSON.stringify({
            ruleSetVersion: set.version,
            fields: d.verdict.evidence,
            at: new Date(at).toISOString(),
          }),
        );
      }
      if (d.priority)
        priorities.push({
          urlId: f.urlId,
          priority: d.priority.value,
          ruleSetId: set.id,
          ruleId: d.priority.rule.id,
          ruleVersion: d.priority.rule.version,
          evidence: JSON.stringify({ ruleSetVersion: set.version, fields: d.priority.evidence }),
          at,
        });
      else noPriority.push(f.urlId);
    }
    let verdicts = 0;
    await deps.db.kysely.transaction().execute(async (trx) => {
      for (const g of groups.values()) {
        const ids = await deps.bulk.apply(trx, g.rows, TO_STATUS[g.action], {
          reason: `rule ${g.rule.id} v${g.rule.version} (rule set v${set.version})`,
          actorId: null,
          basis: 'rule',
          ruleSetId: set.id,
          ruleVersion: g.rule.version,
          ruleId: g.rule.id,
          evidenceOf: (id) => evidence.get(id) ?? null,
        });
        verdicts += ids.length;
        if (ids.length > 0)
          await deps.audit.record(
            {
              principal: null,
              action: 'url.rule_verdict',
              entity: 'rule_set',
              entityId: set.id,
              after: {
                ruleSetVersion: set.version,
                rule: g.rule.id,
                ruleVersion: g.rule.version,
                status: TO_STATUS[g.action],
                count: ids.length,
                sample: ids.slice(0, 20),
              },
            },
            trx,
          );
      }
      await repo.setPriorities(trx, priorities);
      await repo.clearPriorities(trx, noPriority);
      await deps.queuePriority.record(trx, queueInputs);
    });
    if (verdicts > 0) deps.log.info({ ruleSetVersion: set.version, verdicts }, 'rules decided URLs');
    return { verdicts, priorities: priorities.length };
  }

  async function save(principal: Principal | null, input: unknown): Promise<RuleSetRecord> {
    const checked = checkRuleSet(input);
    for (let attempt = 0; attempt < 3; attempt++) {
      const saved = await deps.db.kysely.transaction().execute(async (trx) => {
        const previous = await repo.active(trx as Kysely<Database>);
        const rules = versioned(checked.rules, previous?.rules ?? []);
        if (previous && JSON.stringify(previous.rules) === JSON.stringify(rules)) return previous;
        const row = await repo.insert(trx, {
          version: (previous?.version ?? 0) + 1,
          rules,
          comment: checked.comment?.trim() || (principal ? `saved by ${principal.displayName}` : 'saved'),
          createdBy: principal && principal.userId > 0 ? principal.userId : null,
          at: deps.clock.now(),
        });
        if (!row) return null;
        await deps.audit.record(
          {
            principal,
            action: 'rules.set',
            entity: 'rule_set',
            entityId: row.id,
            before: previous ? { version: previous.version, rules: previous.rules } : null,
            after: { version: row.version, comment: row.comment, rules: row.rules },
          },
          trx,
        );
        return row;
      });
      if (saved) return saved;
    }
    throw new AppError('conflict', 'the rule set was changed meanwhile; try again');
  }

  return {
    active,
    save,
    evaluate,
    enqueue,
    versions: (limit = 50) => repo.versions(limit),
    async show(version: number): Promise<RuleSetRecord> {
      const set = await repo.byVersion(version);
      if (!set) throw new AppError('rule.not_found', `no rule set version ${version}`);
      return set;
    },
    /** The queue priorities rules gave these URLs (issue 16 step 4 reads them). */
    priorities: (urlIds: readonly number[]) => repo.priorityOf(urlIds),

    /** Version 1 = the default rule set, when no rule set exists yet (every start; a no-op after). */
    async seedDefault(): Promise<void> {
      if (await repo.active()) return;
      const rules = versioned(checkRuleSet(DEFAULT_RULE_SET).rules, []);
      const row = await repo.insert(deps.db.kysely, {
        version: 1,
        rules,
        comment: DEFAULT_RULE_SET.comment ?? 'default',
        createdBy: null,
        at: deps.clock.now(),
      });
      if (row)
        await deps.audit.record({
          principal: null,
          action: 'rules.seed',
          entity: 'rule_set',
          entityId: row.id,
          after: { version: 1, rules: row.rules.map((r) => r.id) },
        });
    },

    /**
     * Queues every URL first seen in [from, to) for evaluation by the active set (rules.evaluate jobs):
     * after a rule set change, or for URLs stored before migration 0021 gave the queue its priority.
     * Returns how many URLs were queued.
     */
    async enqueuePeriod(from: number, to: number): Promise<number> {
      if (!(from < to)) throw new AppError('request.invalid', 'from must be before to');
      let after = 0;
      let queued = 0;
      for (;;) {
        const ids = await deps.facts.triage.firstSeenBetween(from, to, after, EVALUATE_CHUNK);
        if (ids.length === 0) return queued;
        after = ids[ids.length - 1]!;
        await enqueue(ids);
        queued += ids.length;
      }
    },

    /** URLs stored from these canonical hashes get evaluated (intake and import hooks). */
    async enqueueHashes(hashes: readonly string[]): Promise<void> {
      if (hashes.length === 0) return;
      await enqueue(await deps.facts.triage.idsOfHashes(hashes));
    },

    /**
     * What a rule set (the active one, or `rules` as a draft: checked like a save, stored nowhere) would
     * decide for the URLs first seen in [from, to), with what phishdesk knows of them now, as if nobody
     * had decided on them yet; compared with what people decided.
     */
    async dryRun(input: { from: number; to: number; rules?: unknown }): Promise<DryRunResult> {
      if (!(input.from < input.to)) throw new AppError('request.invalid', 'from must be before to');
      const base = await repo.active();
      const set =
        input.rules === undefined
          ? await active()
          : { version: null, rules: versioned(checkRuleSet(input.rules).rules, base?.rules ?? []) };
      const out: DryRunResult = {
        ruleSetVersion: set.version,
        from: new Date(input.from).toISOString(),
        to: new Date(input.to).toISOString(),
        urls: 0,
        truncated: false,
        counts: { confirm: 0, benign: 0, needs_info: 0, none: 0 },
        byRule: {},
        priorities: {},
        againstPeople: { agree: 0, disagree: 0, confirmWhereBenign: 0 },
        samples: { confirm: [], benign: [], needs_info: [] },
      };
      let after = 0;
      for (;;) {
        const ids = await deps.facts.triage.firstSeenBetween(input.from, input.to, after, EVALUATE_CHUNK);
        if (ids.length === 0) break;
        after = ids[ids.length - 1]!;
        for (const f of await gatherFacts(deps.facts, ids)) {
          out.urls++;
          const d = decide(set.rules, { ...f, status: 'new', decidedByPerson: false });
          if (d.priority) {
            const key = String(d.priority.value);
            out.priorities[key] = (out.priorities[key] ?? 0) + 1;
          }
          if (!d.verdict) {
            out.counts.none++;
            continue;
          }
          const { action, rule } = d.verdict;
          out.counts[action]++;
          out.byRule[rule.id] = (out.byRule[rule.id] ?? 0) + 1;
          if (f.decidedByPerson && (f.status === 'confirmed' || f.status === 'benign')) {
            if (TO_STATUS[action] === f.status) out.againstPeople.agree++;
            else out.againstPeople.disagree++;
            if (action === 'confirm' && f.status === 'benign') out.againstPeople.confirmWhereBenign++;
          }
          if (out.samples[action].length < SAMPLES)
            out.samples[action].push({
              urlId: f.urlId,
              url: defang(f.canonical),
              ruleId: rule.id,
              currentStatus: f.status,
              evidence: d.verdict.evidence,
            });
        }
        if (out.urls >= DRY_RUN_MAX) {
          out.truncated = true;
          break;
        }
      }
      return out;
    },

    registerJobs(): void {
      deps.queue.work<{ urlIds: number[] }>(
        EVALUATE_JOB,
        async ({ urlIds }) => {
          await evaluate(urlIds);
        },
        { concurrency: 1 },
      );
    },
  };
}

export type RulesService = ReturnType<typeof createRulesService>;
