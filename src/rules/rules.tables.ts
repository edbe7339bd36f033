import type { Generated } from 'kysely';

/** Tables of the rules module (migration 0016); src/storage/schema.ts merges this interface. */
export interface RulesTables {
  rule_sets: RuleSetsTable;
  rule_priorities: RulePrioritiesTable;
}

/** One saved version of the rule set; the highest version is the active one. */
export interface RuleSetsTable {
  id: Generated<number>;
  version: number;
  /** JSON: RuleSetInput with each rule's own version. */
  rules: string;
  comment: string;
  /** null: the operator at the command line, or the seed. */
  created_by: number | null;
  created_at: number;
}

/** The queue priority a rule gave a URL (the highest of the matching priority rules). */
export interface RulePrioritiesTable {
  url_id: number;
  priority: number;
  rule_set_id: number;
  rule_id: string;
  rule_version: number;
  /** JSON: the facts the rule used. */
  evidence: string;
  at: number;
}
