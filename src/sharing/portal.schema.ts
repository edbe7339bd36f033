import { z } from 'zod';
import { sharedUrlSchema } from './feeds.schema.ts';

const isoOrNull = z.string().nullable();

/** GET /api/v1/portal/urls: a shared URL with its campaign and latest takedown case. */
export const portalUrlSchema = sharedUrlSchema.extend({
  campaign: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  takedown: z
    .object({ caseId: z.number().int(), state: z.string(), openedAt: isoOrNull, downAt: isoOrNull })
    .nullable(),
});

/** GET /api/v1/portal/takedowns: a takedown case on one of the brand's disclosed URLs. */
export const portalTakedownSchema = z.object({
  caseId: z.number().int(),
  urlId: z.number().int(),
  url: z.string().describe('the URL the case asks to take down'),
  state: z.string().describe('open | requested | acknowledged | escalated | down | closed'),
  openedAt: isoOrNull,
  requestedAt: isoOrNull,
  downAt: isoOrNull,
  closedAt: isoOrNull,
});

export const portalAlertSchema = z.object({
  id: z.number().int(),
  slug: z.string().nullable(),
  brandId: z.number().int(),
  status: z.string(),
  titleJa: z.string(),
  titleEn: z.string().nullable(),
  publishedAt: isoOrNull,
  lastPublishedAt: isoOrNull,
});

export const feedbackSchema = z.object({
  id: z.number().int(),
  urlId: z.number().int(),
  brandId: z.number().int(),
  userId: z.number().int(),
  verdict: z.enum(['not_ours', 'legitimate']),
  comment: z.string().nullable(),
  status: z.string(),
  createdAt: z.string(),
});

export const subscriptionSchema = z.object({
  id: z.number().int(),
  brandId: z.number().int(),
  channel: z.enum(['email', 'webhook']),
  target: z.string(),
  createdAt: z.string(),
});

/** A new subscription; a webhook's signing secret is returned here once. */
export const newSubscriptionSchema = z.object({
  id: z.number().int(),
  brandId: z.number().int(),
  channel: z.enum(['email', 'webhook']),
  target: z.string(),
  secret: z.string().nullable(),
});
