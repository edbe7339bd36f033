import { z } from 'zod';
import { QUEUE_SORTS } from './cursor.ts';
import { VERDICTS } from './transitions.ts';
import { URL_STATUSES } from './url-summary.ts';

/** Text from the client: PostgreSQL refuses NUL characters in text, so they are a 400 here, not a 500. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\u0000]*$/, 'NUL characters are not allowed');

/** Response shapes of the triage API (src/triage/README.md); the console relies on them. */
export const brandRefSchema = z.object({
  id: z.number(),
  slug: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
});

export const urlSummarySchema = z.object({
  id: z.number(),
  canonical: z.string(),
  defanged: z.string(),
  host: z.string(),
  domain: z.string().nullable(),
  tld: z.string().nullable(),
  features: z.array(z.string()),
  status: z.enum(URL_STATUSES),
  brand: brandRefSchema.nullable(),
  brandConfidence: z.number().nullable(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  reportCount: z.number(),
  campaignId: z.number().nullable(),
});

/** Why a queue item is high (src/triage/priority.ts), strongest first. */
export const priorityReasonSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('rule'), ruleId: z.string(), ruleVersion: z.number(), value: z.number() }),
  z.object({ code: z.literal('live') }),
  z.object({ code: z.literal('reporters'), count: z.number() }),
  z.object({ code: z.literal('brand') }),
]);

/** GET /api/v1/triage/urls: a page of the queue in the order it was asked for (or its default). */
export const queuePageSchema = z.object({
  items: z.array(
    urlSummarySchema.extend({
      priority: z
        .object({ score: z.number(), reasons: z.array(priorityReasonSchema) })
        .optional()
        .describe('staff only: the score the priority order sorts by, and what it is made of'),
    }),
  ),
  nextCursor: z.string().nullable(),
  sort: z.enum(QUEUE_SORTS),
});

export const reportRefSchema = z.object({
  id: z.number(),
  externalId: z.string(),
  kind: z.string(),
  status: z.string(),
  source: z.object({ id: z.number(), name: z.string(), kind: z.string() }),
  receivedAt: z.string(),
  reportedAt: z.string(),
  brandLabel: z.string().nullable(),
  tlp: z.string().nullable(),
  subject: z.string().nullable(),
  sender: z.string().nullable(),
  text: z.string().nullable(),
});

export const allowlistEntrySchema = z.object({
  id: z.number(),
  kind: z.enum(['domain', 'host', 'path']),
  value: z.string(),
  reason: z.string(),
  source: z.enum(['official', 'analyst', 'brand']),
  brandId: z.number().nullable(),
  addedBy: z.number().nullable(),
  at: z.string(),
});

export const urlDetailSchema = urlSummarySchema.extend({
  scheme: z.string(),
  path: z.string(),
  threat: z.string(),
  brandEvidence: z.array(z.string()),
  allowlisted: allowlistEntrySchema.nullable(),
  campaign: z.object({ id: z.number(), name: z.string(), status: z.string() }).nullable(),
  reports: z.array(reportRefSchema),
  reportsTotal: z.number(),
  sources: z.array(z.object({ id: z.number(), name: z.string(), kind: z.string(), reports: z.number() })),
});

export const historyItemSchema = z.object({
  kind: z.enum(['verdict', 'brand_correction', 'audit']),
  at: z.string(),
  actor: z.object({ id: z.number(), name: z.string().nullable() }).nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  reason: z.string().nullable(),
  action: z.string().optional(),
  automatic: z
    .object({
      basis: z.enum(['source', 'rule']),
      sourceId: z.number().nullable(),
      ruleSetId: z.number().nullable(),
      ruleVersion: z.number().nullable(),
      ruleId: z.string().nullable(),
      evidence: z.unknown(),
    })
    .optional()
    .describe('set when no person decided: a confirmed source, or a triage rule with its evidence'),
});

export const verdictOutcomeSchema = z.object({
  id: z.number(),
  from: z.enum(URL_STATUSES),
  to: z.enum(URL_STATUSES),
  campaignId: z.number().nullable(),
});

const relatedGroup = z.object({ items: z.array(urlSummarySchema), total: z.number() });

/** GET /api/v1/urls/:id/related: at most 20 of each kind, newest first, and how many in all. */
export const relatedUrlsSchema = z.object({
  host: z.string(),
  domain: z.string().nullable(),
  campaign: z.object({ id: z.number(), name: z.string(), status: z.string() }).nullable(),
  sameHost: relatedGroup,
  sameDomain: relatedGroup.describe('other hosts of the same registrable domain'),
  sameCampaign: relatedGroup,
});

export const verdictBodySchema = z
  .object({
    status: z.enum(VERDICTS),
    reason: text(2000),
    allowlist: z
      .object({ scope: z.enum(['host', 'domain']) })
      .strict()
      .optional(),
  })
  .strict();

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Query values shared by the lists. */
export const limitSchema = z.coerce.number().int().min(1).max(200).default(50);
export const cursorSchema = text(200).optional();
export const brandFilterSchema = z
  .union([z.literal('none'), z.coerce.number().int().positive()])
  .optional()
  .describe('a brand id, or `none` for URLs without a brand');
export const dateSchema = text(40).optional();
