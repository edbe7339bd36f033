import { z } from 'zod';
import { actionSchema, type Rule } from './rule-schema.ts';
import type { RuleSetRecord } from './rules.repository.ts';

export const ruleViewSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  description: z.string(),
  enabled: z.boolean(),
  /** The condition tree ({all|any|not|field,op,value}); see GET /api/v1/admin/rules/fields. */
  when: z.record(z.string(), z.unknown()),
  action: actionSchema,
});

export const ruleSetViewSchema = z.object({
  id: z.number().int(),
  version: z.number().int(),
  comment: z.string(),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
  rules: z.array(ruleViewSchema),
});
export type RuleSetView = z.infer<typeof ruleSetViewSchema>;

export const ruleSetVersionSchema = ruleSetViewSchema
  .omit({ rules: true })
  .extend({ rules: z.number().int() });

function presentRule(r: Rule): z.infer<typeof ruleViewSchema> {
  return {
    id: r.id,
    version: r.version,
    description: r.description,
    enabled: r.enabled,
    when: r.when as Record<string, unknown>,
    action: r.action,
  };
}

export function presentRuleSet(s: RuleSetRecord): RuleSetView {
  return {
    id: s.id,
    version: s.version,
    comment: s.comment,
    createdBy: s.createdBy,
    createdAt: new Date(s.createdAt).toISOString(),
    rules: s.rules.map(presentRule),
  };
}

export function presentVersion(s: RuleSetRecord): z.infer<typeof ruleSetVersionSchema> {
  const { rules, ...rest } = presentRuleSet(s);
  return { ...rest, rules: rules.length };
}

const sampleSchema = z.object({
  urlId: z.number().int(),
  url: z.string(),
  ruleId: z.string(),
  currentStatus: z.string(),
  evidence: z.record(z.string(), z.unknown()),
});

export const dryRunSchema = z.object({
  ruleSetVersion: z.number().int().nullable(),
  from: z.string(),
  to: z.string(),
  urls: z.number().int(),
  truncated: z.boolean(),
  counts: z.object({
    confirm: z.number().int(),
    benign: z.number().int(),
    needs_info: z.number().int(),
    none: z.number().int(),
  }),
  byRule: z.record(z.string(), z.number().int()),
  priorities: z.record(z.string(), z.number().int()),
  againstPeople: z.object({
    agree: z.number().int(),
    disagree: z.number().int(),
    confirmWhereBenign: z.number().int(),
  }),
  samples: z.object({
    confirm: z.array(sampleSchema),
    benign: z.array(sampleSchema),
    needs_info: z.array(sampleSchema),
  }),
});

export const verdictCountsSchema = z.object({
  items: z.array(
    z.object({
      month: z.string(),
      rule: z.number().int(),
      source: z.number().int(),
      human: z.number().int(),
      system: z.number().int(),
    }),
  ),
});
