import type { Kysely } from 'kysely';
import { chunks } from '../lib/chunks.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import type { Rule } from './rule-schema.ts';

type Ex = Kysely<Database>;

export type RuleSetRecord = {
  id: number;
  version: number;
  comment: string;
  rules: Rule[];
  createdBy: number | null;
  createdAt: number;
};

export type PriorityRecord = {
  urlId: number;
  priority: number;
  ruleSetId: number;
  ruleId: string;
  ruleVersion: number;
  evidence: string;
  at: number;
};

function toRecord(r: {
  id: number;
  version: number;
  comment: string;
  rules: string;
  created_by: number | null;
  created_at: number;
}): RuleSetRecord {
  return {
    id: Number(r.id),
    version: Number(r.version),
    comment: r.comment,
    rules: JSON.parse(r.rules) as Rule[],
    createdBy: r.created_by === null ? null : Number(r.created_by),
    createdAt: Number(r.created_at),
  };
}

/** All SQL of the rules module: rule set versions and the priorities rules gave URLs. */
export function createRulesRepository(db: Db) {
  const k = db.kysely;
  return {
    async active(ex: Ex = k): Promise<RuleSetRecord | undefined> {
      const row = await ex
        .selectFrom('rule_sets')
        .selectAll()
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },

    async byVersion(version: number): Promise<RuleSetRecord | undefined> {
      const row = await k
        .selectFrom('rule_sets')
        .selectAll()
        .where('version', '=', version)
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },

    async versions(limit: number) {
      const rows = await k
        .selectFrom('rule_sets')
        .select(['id', 'version', 'comment', 'created_by', 'created_at', 'rules'])
        .orderBy('version', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },

    /** Inserts the next version; false when another writer took that version number first. */
    async insert(
      ex: Ex,
      row: { version: number; rules: Rule[]; comment: string; createdBy: number | null; at: number },
    ): Promise<RuleSetRecord | null> {
      const inserted = await ex
        .insertInto('rule_sets')
        .values({
          version: row.version,
          rules: JSON.stringify(row.rules),
          comment: row.comment,
          created_by: row.createdBy,
          created_at: row.at,
        })
        .onConflict((oc) => oc.column('version').doNothing())
        .returningAll()
        .executeTakeFirst();
      return inserted ? toRecord(inserted) : null;
    },

    async setPriorities(ex: Ex, rows: readonly PriorityRecord[]): Promise<void> {
      for (const part of chunks(rows, 200)) {
        await ex
          .insertInto('rule_priorities')
          .values(
            part.map((r) => ({
              url_id: r.urlId,
              priority: r.priority,
              rule_set_id: r.ruleSetId,
              rule_id: r.ruleId,
              rule_version: r.ruleVersion,
              evidence: r.evidence,
              at: r.at,
            })),
          )
          .onConflict((oc) =>
            oc.column('url_id').doUpdateSet((eb) => ({
              priority: eb.ref('excluded.priority'),
              rule_set_id: eb.ref('excluded.rule_set_id'),
              rule_id: eb.ref('excluded.rule_id'),
              rule_version: eb.ref('excluded.rule_version'),
              evidence: eb.ref('excluded.evidence'),
              at: eb.ref('excluded.at'),
            })),
          )
          .execute();
      }
    },

    async clearPriorities(ex: Ex, urlIds: readonly number[]): Promise<void> {
      for (const part of chunks(urlIds, 500))
        await ex.deleteFrom('rule_priorities').where('url_id', 'in', part).execute();
    },

    async priorityOf(urlIds: readonly number[]): Promise<PriorityRecord[]> {
      const out: PriorityRecord[] = [];
      for (const part of chunks(urlIds, 500)) {
        const rows = await k.selectFrom('rule_priorities').selectAll().where('url_id', 'in', part).execute();
        out.push(
          ...rows.map((r) => ({
            urlId: Number(r.url_id),
            priority: r.priority,
            ruleSetId: Number(r.rule_set_id),
            ruleId: r.rule_id,
            ruleVersion: r.rule_version,
            evidence: r.evidence,
            at: Number(r.at),
          })),
        );
      }
      return out;
    },
  };
}

export type RulesRepository = ReturnType<typeof createRulesRepository>;
