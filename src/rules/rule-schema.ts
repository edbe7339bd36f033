import { z } from 'zod';
import { AppError } from '../errors.ts';
import { FIELDS, type FieldType, OPS_BY_TYPE } from './fields.ts';

/**
 * The stored and accepted shape of a rule set: an ordered list of rules, each a condition tree over the
 * facts in fields.ts and one action. zod checks the shape; checkRuleSet then checks every field name,
 * operator and value against the field catalogue, and refuses a confirm rule that asks for an allowlisted
 * or official URL (such a URL is never confirmed by a rule in any case: see evaluate.ts).
 */
export type Leaf = { field: string; op: string; value: unknown };
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Leaf;

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema).min(1).max(50) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1).max(50) }).strict(),
    z.object({ not: conditionSchema }).strict(),
    z
      .object({
        field: z.string().min(1).max(100),
        op: z.string().min(1).max(20),
        value: z.union([z.string().max(200), z.number(), z.boolean(), z.array(z.string().max(200)).max(100)]),
      })
      .strict(),
  ]),
);

export const ACTIONS = ['confirm', 'benign', 'needs_info', 'priority'] as const;
export type ActionType = (typeof ACTIONS)[number];

export const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('confirm') }).strict(),
  z.object({ type: z.literal('benign') }).strict(),
  z.object({ type: z.literal('needs_info') }).strict(),
  z.object({ type: z.literal('priority'), value: z.number().int().min(1).max(1000) }).strict(),
]);
export type RuleAction = z.infer<typeof actionSchema>;

export const ruleInputSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a rule id is lowercase letters, digits, - and _ (≤ 64)'),
    description: z.string().max(500).default(''),
    enabled: z.boolean().default(true),
    when: conditionSchema,
    action: actionSchema,
  })
  .strict();
export type RuleInput = z.infer<typeof ruleInputSchema>;

export const ruleSetInputSchema = z
  .object({
    comment: z.string().max(500).optional(),
    rules: z.array(ruleInputSchema).max(200),
  })
  .strict();
export type RuleSetInput = z.infer<typeof ruleSetInputSchema>;

/** A rule as stored: with its own version (bumped whenever its content changes between set versions). */
export type Rule = RuleInput & { version: number };

function leafProblem(leaf: Leaf, at: string): AppError | null {
  const field = FIELDS[leaf.field];
  if (!field)
    return new AppError(
      'rule.unknown_field',
      `${at}: unknown field "${leaf.field}" (known: ${Object.keys(FIELDS).join(', ')})`,
      { path: at, field: leaf.field },
    );
  const ops = OPS_BY_TYPE[field.type];
  if (!ops.includes(leaf.op))
    return new AppError(
      'rule.invalid',
      `${at}: operator "${leaf.op}" does not apply to ${leaf.field} (${field.type}); use one of ${ops.join(', ')}`,
      { path: at, field: leaf.field, op: leaf.op },
    );
  const problem = valueProblem(field.type, field.values, leaf.op, leaf.value);
  return problem
    ? new AppError('rule.invalid', `${at}: ${leaf.field} ${leaf.op}: ${problem}`, {
        path: at,
        field: leaf.field,
      })
    : null;
}

function valueProblem(
  type: FieldType,
  allowed: readonly string[] | undefined,
  op: string,
  value: unknown,
): string | null {
  const many = op === 'in' || op === 'has_any' || op === 'has_none';
  const list = Array.isArray(value) ? value : [value];
  if (many && !Array.isArray(value)) return 'the value is a list';
  if (!many && Array.isArray(value)) return 'the value is one item, not a list';
  if (type === 'number') return typeof value === 'number' ? null : 'the value is a number';
  if (type === 'boolean') return typeof value === 'boolean' ? null : 'the value is true or false';
  for (const v of list) {
    if (typeof v !== 'string') return 'the value is text';
    if (allowed && !allowed.includes(v)) return `"${v}" is not one of ${allowed.join(', ')}`;
  }
  return null;
}

/** Leaves that hold for allowlisted/official URLs only, reached without a `not` on the way. */
function asksForProtected(c: Condition, negated = false): boolean {
  if ('all' in c) return c.all.some((x) => asksForProtected(x, negated));
  if ('any' in c) return c.any.some((x) => asksForProtected(x, negated));
  if ('not' in c) return asksForProtected(c.not, !negated);
  const positive = (c.op === 'eq' && c.value === true) || (c.op === 'ne' && c.value === false);
  const protectedFlag = (c.field === 'url.allowlisted' || c.field === 'url.official') && positive !== negated;
  const officialKind =
    c.field === 'brand.evidenceKind' &&
    !negated &&
    ((c.op === 'eq' && c.value === 'official') ||
      (c.op === 'in' && Array.isArray(c.value) && c.value.includes('official')));
  return protectedFlag || officialKind;
}

function walk(c: Condition, at: string, out: AppError[]): void {
  if ('all' in c) for (const [i, x] of c.all.entries()) walk(x, `${at}.all[${i}]`, out);
  else if ('any' in c) for (const [i, x] of c.any.entries()) walk(x, `${at}.any[${i}]`, out);
  else if ('not' in c) walk(c.not, `${at}.not`, out);
  else {
    const p = leafProblem(c, at);
    if (p) out.push(p);
  }
}

function zodMessage(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `${path.replace(/^\./, '') || 'rule set'}: ${issue.message}`;
}

/**
 * Parses and checks a rule set; throws rule.invalid (shape, operator, value), rule.unknown_field or
 * rule.confirms_protected with the path of the first problem.
 */
export function checkRuleSet(input: unknown): RuleSetInput {
  const parsed = ruleSetInputSchema.safeParse(input);
  if (!parsed.success)
    throw new AppError('rule.invalid', zodMessage(parsed.error), {
      issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  const set = parsed.data;
  const seen = new Set<string>();
  set.rules.forEach((rule, i) => {
    if (seen.has(rule.id))
      throw new AppError('rule.invalid', `rules[${i}]: the id "${rule.id}" is used twice`);
    seen.add(rule.id);
    const problems: AppError[] = [];
    walk(rule.when, `rules[${i}] (${rule.id}).when`, problems);
    if (problems[0]) throw problems[0];
    if (rule.action.type === 'confirm' && asksForProtected(rule.when))
      throw new AppError(
        'rule.confirms_protected',
        `rules[${i}] (${rule.id}): a confirm rule cannot match allowlisted or official URLs (url.allowlisted, url.official, brand.evidenceKind official)`,
        { path: `rules[${i}]`, rule: rule.id },
      );
  });
  return set;
}
