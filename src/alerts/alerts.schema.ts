import { z } from 'zod';
import { ALERT_STATUSES } from './alert.ts';

const epochMs = z.number().int().describe('epoch ms');

/** An alert as the staff API returns it (the `Alert` of alert.ts). */
export const alertSchema = z.object({
  id: z.number().int(),
  slug: z.string().nullable(),
  brand: z.object({ id: z.number().int(), slug: z.string(), nameJa: z.string(), nameEn: z.string() }),
  campaignId: z.number().int().nullable(),
  takedownCaseId: z.number().int().nullable(),
  status: z.enum(ALERT_STATUSES),
  titleJa: z.string(),
  titleEn: z.string().nullable(),
  summaryJa: z.string(),
  summaryEn: z.string().nullable(),
  adviceJa: z.string(),
  adviceEn: z.string().nullable(),
  subjects: z.array(z.string()),
  smsTexts: z.array(z.string()),
  fieldsAskedJa: z.array(z.string()),
  fieldsAskedEn: z.array(z.string()),
  maskedUrls: z.array(z.string()).describe('masked on the way in; never the live URL'),
  authorId: z.number().int(),
  reviewerId: z.number().int().nullable(),
  createdAt: epochMs,
  updatedAt: epochMs,
  publishedAt: epochMs.nullable(),
  lastPublishedAt: epochMs.nullable(),
  archivedAt: epochMs.nullable(),
  updates: z.array(
    z.object({
      id: z.number().int(),
      at: epochMs,
      statusLineJa: z.string(),
      statusLineEn: z.string().nullable(),
      source: z.enum(['takedown', 'analyst', 'revision']),
      caseState: z.string().nullable(),
    }),
  ),
  screenshots: z.array(
    z.object({ id: z.number().int(), contentType: z.string(), caption: z.string().nullable() }),
  ),
});

/** One row of a notification delivery log (mail or webhook), with its attempts. */
export const deliverySchema = z.object({
  id: z.number().int(),
  channel: z.enum(['mail', 'webhook']),
  webhookId: z.number().int().nullable(),
  subscriberId: z.number().int().nullable(),
  alertId: z.number().int(),
  event: z.string(),
  status: z.string().describe('pending | delivered | failed'),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: epochMs,
  deliveredAt: epochMs.nullable(),
  attemptLog: z.array(
    z.object({
      attempt: z.number().int(),
      at: epochMs,
      ok: z.boolean(),
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number(),
    }),
  ),
});

/** A member's webhook as listed (the signing secret is never listed). */
export const webhookSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  url: z.string(),
  active: z.boolean(),
  createdAt: epochMs,
});

/** The answer to a registration: the only time the signing secret is shown. */
export const createdWebhookSchema = webhookSchema
  .omit({ createdAt: true })
  .extend({ secret: z.string().describe('HMAC-SHA256 signing secret, shown once') });
