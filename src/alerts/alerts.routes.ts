import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import { binaryBody } from '../http/responses.ts';
import type { NotifyService } from '../notify/notify.service.ts';
import { ALERT_STATUSES, SITE_STATES } from './alert.ts';
import { alertSchema, createdWebhookSchema, deliverySchema, webhookSchema } from './alerts.schema.ts';
import type { AlertsService } from './alerts.service.ts';
import { MAX_SCREENSHOT_BYTES, SCREENSHOT_TYPES } from './image.ts';

const STAFF = ['admin', 'analyst'] as const;
const text = (max: number) => z.string().max(max);
const list = (max: number) => z.array(z.string().max(max)).max(50);

const contentSchema = z
  .object({
    titleJa: text(200).min(1),
    titleEn: text(200).nullable(),
    summaryJa: text(5000),
    summaryEn: text(5000).nullable(),
    adviceJa: text(5000),
    adviceEn: text(5000).nullable(),
    subjects: list(500),
    smsTexts: list(2000),
    fieldsAskedJa: list(200),
    fieldsAskedEn: list(200),
    /** Live URLs: masked before storage. */
    urls: list(4000),
  })
  .partial();

const idParams = z.object({ id: z.coerce.number().int().positive() });
const ACTIONS = ['submit', 'return', 'publish', 'archive'] as const;

/** The analysts' API for alerts (console screens use it) and the members' webhook registry. */
export function alertsRoutes(deps: { alerts: AlertsService; notify: NotifyService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/alerts',
      {
        schema: {
          summary: 'Alerts of every status (staff)',
          tags: ['alerts'],
          querystring: z
            .object({
              status: z.enum(ALERT_STATUSES).optional(),
              brandId: z.coerce.number().int().positive().optional(),
              limit: z.coerce.number().int().min(1).max(500).default(100),
            })
            .strict(),
          response: { 200: z.object({ alerts: z.array(alertSchema) }) },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        const q = request.query;
        return {
          alerts: await deps.alerts.list({
            ...(q.status ? { statuses: [q.status] } : {}),
            ...(q.brandId ? { brandId: q.brandId } : {}),
            limit: q.limit,
          }),
        };
      },
    );

    app.post(
      '/api/v1/alerts',
      {
        schema: {
          summary: 'Create a draft alert for a brand',
          tags: ['alerts'],
          body: contentSchema.extend({
            brandId: z.number().int().positive(),
            campaignId: z.number().int().positive().nullable().optional(),
            takedownCaseId: z.number().int().positive().nullable().optional(),
          }),
          response: { 201: alertSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request, STAFF);
        return reply.status(201).send(await deps.alerts.createDraft(principal, request.body));
      },
    );

    app.post(
      '/api/v1/alerts/from-campaign',
      {
        schema: {
          summary: 'Create a draft alert filled from a campaign (brand, subjects, URLs, captures, case)',
          tags: ['alerts'],
          body: z.object({ campaignId: z.number().int().positive() }),
          response: { 201: alertSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request, STAFF);
        return reply
          .status(201)
          .send(await deps.alerts.draftFromCampaign(principal, request.body.campaignId));
      },
    );

    app.get(
      '/api/v1/alerts/:id',
      {
        schema: {
          summary: 'One alert (staff)',
          tags: ['alerts'],
          params: idParams,
          response: { 200: alertSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        return deps.alerts.get(request.params.id);
      },
    );

    app.patch(
      '/api/v1/alerts/:id',
      {
        schema: {
          summary: 'Edit an alert (a public update once published)',
          tags: ['alerts'],
          params: idParams,
          body: contentSchema,
          response: { 200: alertSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return deps.alerts.edit(principal, request.params.id, request.body);
      },
    );

    app.post(
      '/api/v1/alerts/:id/:action',
      {
        schema: {
          summary: 'Workflow: submit for review, return to draft, publish (a second analyst), archive',
          tags: ['alerts'],
          params: idParams.extend({ action: z.enum(ACTIONS) }),
          response: { 200: alertSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return deps.alerts.transition(principal, request.params.id, request.params.action);
      },
    );

    app.post(
      '/api/v1/alerts/:id/status-lines',
      {
        schema: {
          summary: 'Add a timestamped status line (a known site state, or free text)',
          tags: ['alerts'],
          params: idParams,
          body: z.union([
            z.object({ state: z.enum(SITE_STATES) }).strict(),
            z.object({ ja: text(500).min(1), en: text(500).nullable().optional() }).strict(),
          ]),
          response: { 200: alertSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        const b = request.body;
        return deps.alerts.addStatusLine(
          principal,
          request.params.id,
          'state' in b ? { state: b.state } : { ja: b.ja, en: b.en ?? null },
        );
      },
    );

    app.post(
      '/api/v1/alerts/:id/sync-takedown',
      {
        schema: {
          summary: "Refresh the status line from the alert's takedown case",
          tags: ['alerts'],
          params: idParams,
          response: {
            200: z.object({
              added: z.boolean().describe('whether a status line was added'),
              alert: alertSchema,
            }),
          },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        const added = await deps.alerts.syncFromTakedown(request.params.id);
        return { added, alert: await deps.alerts.get(request.params.id) };
      },
    );

    app.post(
      '/api/v1/alerts/:id/screenshots',
      {
        bodyLimit: Math.ceil(MAX_SCREENSHOT_BYTES * 1.4) + 4096,
        schema: {
          summary: 'Attach a screenshot (PNG, JPEG, GIF or WebP, base64)',
          tags: ['alerts'],
          params: idParams,
          body: z.object({ dataBase64: z.string().min(1), caption: text(300).nullable().optional() }),
          response: { 200: alertSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        const data = Buffer.from(request.body.dataBase64, 'base64');
        return deps.alerts.addScreenshot(principal, request.params.id, {
          data: new Uint8Array(data),
          caption: request.body.caption ?? null,
        });
      },
    );

    app.delete(
      '/api/v1/alerts/:id/screenshots/:screenshotId',
      {
        schema: {
          summary: 'Remove a screenshot',
          tags: ['alerts'],
          params: idParams.extend({ screenshotId: z.coerce.number().int().positive() }),
          response: { 200: alertSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return deps.alerts.removeScreenshot(principal, request.params.id, request.params.screenshotId);
      },
    );

    app.get(
      '/api/v1/alerts/:id/screenshots/:screenshotId',
      {
        schema: {
          summary: 'A screenshot of any alert, drafts included (staff preview)',
          tags: ['alerts'],
          params: idParams.extend({ screenshotId: z.coerce.number().int().positive() }),
          response: { 200: binaryBody('The image', SCREENSHOT_TYPES) },
        },
      },
      async (request, reply) => {
        requirePrincipal(request, STAFF);
        const shot = await deps.alerts.screenshotForStaff(request.params.screenshotId);
        if (!shot || shot.alertId !== request.params.id)
          throw new AppError('not_found', 'no such screenshot');
        return reply
          .type(shot.contentType)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(Buffer.from(shot.data));
      },
    );

    app.get(
      '/api/v1/alerts/:id/deliveries',
      {
        schema: {
          summary: 'Notification delivery log of an alert',
          tags: ['alerts'],
          params: idParams,
          response: { 200: z.object({ deliveries: z.array(deliverySchema) }) },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        return { deliveries: await deps.notify.deliveryLog({ alertId: request.params.id }) };
      },
    );

    app.get(
      '/api/v1/alert-subscribers',
      {
        schema: {
          summary: 'Subscriber counts by status',
          tags: ['alerts'],
          response: { 200: z.object({ counts: z.record(z.string(), z.number().int()) }) },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        return { counts: await deps.notify.subscriberCounts() };
      },
    );

    app.get(
      '/api/v1/webhooks',
      {
        schema: {
          summary: "Members' webhooks",
          tags: ['webhooks'],
          response: { 200: z.object({ webhooks: z.array(webhookSchema) }) },
        },
      },
      async (request) => {
        requirePrincipal(request, ['admin']);
        return { webhooks: await deps.notify.listWebhooks() };
      },
    );

    app.post(
      '/api/v1/webhooks',
      {
        schema: {
          summary: 'Register a webhook; the signing secret is returned once',
          tags: ['webhooks'],
          body: z.object({ name: text(200).min(1), url: z.url().max(2000) }),
          response: { 201: createdWebhookSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request, ['admin']);
        return reply
          .status(201)
          .send(await deps.notify.createWebhook({ ...request.body, createdBy: principal.userId }, principal));
      },
    );

    app.post(
      '/api/v1/webhooks/:id/:state',
      {
        schema: {
          summary: 'Enable or disable a webhook',
          tags: ['webhooks'],
          params: idParams.extend({ state: z.enum(['enable', 'disable']) }),
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, ['admin']);
        await deps.notify.setWebhookActive(request.params.id, request.params.state === 'enable', principal);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/v1/webhooks/:id/deliveries',
      {
        schema: {
          summary: 'Delivery log of a webhook',
          tags: ['webhooks'],
          params: idParams,
          response: { 200: z.object({ deliveries: z.array(deliverySchema) }) },
        },
      },
      async (request) => {
        requirePrincipal(request, ['admin']);
        return { deliveries: await deps.notify.deliveryLog({ webhookId: request.params.id }) };
      },
    );
  };
}
