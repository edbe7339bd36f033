import { FIELDS, trustOrder, type UrlFacts } from './fields.ts';
import type { Condition, Leaf, Rule } from './rule-schema.ts';

export type VerdictAction = 'confirm' | 'benign' | 'needs_info';

/** What the active set decides for one URL: at most one verdict and at most one priority. */
export type Decision = {
  verdict: { rule: Rule; action: VerdictAction; evidence: Record<string, unknown> } | null;
  priority: { rule: Rule; value: number; evidence: Record<string, unknown> } | null;
};

/** Statuses a rule may change: nobody has decided yet (needs_info only when a rule set it). */
const OPEN = ['new', 'needs_info'];

function compare(leaf: Leaf, actual: unknown, type: string): boolean {
  const { op, value } = leaf;
  if (type === 'set') {
    const have = (actual as string[] | null) ?? [];
    const want = Array.isArray(value) ? value : [value];
    if (op === 'has') return have.includes(String(value));
    if (op === 'has_any') return want.some((w) => have.includes(String(w)));
    return !want.some((w) => have.includes(String(w)));
  }
  if (actual === null || actual === undefined) return op === 'ne';
  if (type === 'trust' && (op === 'gte' || op === 'lte')) {
    const a = trustOrder(String(actual));
    const b = trustOrder(String(value));
    return op === 'gte' ? a >= b : a <= b;
  }
  switch (op) {
    case 'eq':
      return actual === value;
    case 'ne':
      return actual !== value;
    case 'in':
      return Array.isArray(value) && value.includes(actual as string);
    case 'ends_with':
      return typeof actual === 'string' && actual.endsWith(String(value));
    case 'gt':
      return (actual as number) > (value as number);
    case 'gte':
      return (actual as number) >= (value as number);
    case 'lt':
      return (actual as number) < (value as number);
    case 'lte':
      return (actual as number) <= (value as number);
    default:
      return false;
  }
}

/** Whether the condition holds; `used` collects the value of every field it read. */
export function matches(c: Condition, facts: UrlFacts, used: Record<string, unknown>): boolean {
  if ('all' in c) return c.all.every((x) => matches(x, facts, used));
  if ('any' in c) return c.any.some((x) => matches(x, facts, used));
  if ('not' in c) return !matches(c.not, facts, used);
  const field = FIELDS[c.field];
  if (!field) return false;
  const actual = field.get(facts);
  used[c.field] = actual;
  return compare(c, actual, field.type);
}

/**
 * The rules in order: the first enabled verdict rule that matches decides the verdict; of the priority
 * rules that match, the highest value wins. A URL a person decided on, or one no longer open, gets no
 * verdict; an allowlisted or official URL is never confirmed (whatever the rules say).
 */
export function decide(rules: readonly Rule[], facts: UrlFacts): Decision {
  const out: Decision = { verdict: null, priority: null };
  const open = OPEN.includes(facts.status) && !facts.decidedByPerson;
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const { action } = rule;
    if (action.type === 'priority') {
      if (out.priority && out.priority.value >= action.value) continue;
      const used: Record<string, unknown> = {};
      if (matches(rule.when, facts, used)) out.priority = { rule, value: action.value, evidence: used };
      continue;
    }
    if (out.verdict || !open) continue;
    if (action.type === 'confirm' && (facts.allowlisted || facts.official)) continue;
    if (action.type === 'needs_info' && facts.status === 'needs_info') continue;
    const used: Record<string, unknown> = {};
    if (matches(rule.when, facts, used)) out.verdict = { rule, action: action.type, evidence: used };
  }
  return out;
}
