import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Role, requirePrincipal } from '../accounts/principal.ts';
import { campaignSummarySchema } from '../campaigns/campaigns.routes.ts';
import type { CampaignsService } from '../campaigns/campaigns.service.ts';
import { noContent, textBody } from '../http/responses.ts';
import { page } from '../triage/triage.schema.ts';
import { audienceOf } from './disclosure.ts';
import { EXPORT_FORMATS, type ExportFormat, exportText } from './export.command.ts';
import { sharedUrlJson } from './export-csv.ts';
import { parseTime } from './feeds.routes.ts';
import type { PortalRepository } from './portal.repository.ts';
import {
  feedbackSchema,
  newSubscriptionSchema,
  portalAlertSchema,
  portalTakedownSchema,
  portalUrlSchema,
  subscriptionSchema,
} from './portal.schema.ts';
import type { PortalService } from './portal.service.ts';
import { MAX_PAGE, type SharingService, scopeOf } from './sharing.service.ts';

/** Brand users, and staff looking at what a brand sees. Partners have no portal. */
const PORTAL_ROLES: readonly Role[] = ['brand', 'admin', 'analyst'];

type CampaignLister = Pick<CampaignsService, 'list'>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const isoTime = (ms: number) => new Date(ms).toISOString();

export function portalRoutes(deps: {
  sharing: SharingService;
  portal: PortalService;
  portalRepo: PortalRepository;
  campaigns: CampaignLister;
}): FastifyPluginAsyncZod {
  const { sharing, portal, portalRepo } = deps;
  return async (app) => {
    const tags = ['portal'];
    const who = (request: Parameters<typeof requirePrincipal>[0]) => requirePrincipal(request, PORTAL_ROLES);
    const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }).strict();

    app.get(
      '/api/v1/portal/urls',
      {
        schema: {
          summary: "The brand's confirmed phishing URLs with takedown state and campaign",
          tags,
          querystring: z
            .object({
              since: z.string().max(40).optional(),
              cursor: z.string().max(100).optional(),
              limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
            })
            .strict(),
          response: { 200: page(portalUrlSchema) },
        },
      },
      async (request) => {
        const scope = scopeOf(who(request));
        const page = await sharing.page(scope, {
          since: parseTime(request.query.since, 'since'),
          cursor: request.query.cursor ?? null,
          limit: request.query.limit ?? 100,
        });
        const ids = page.items.map((u) => u.urlId);
        const [takedowns, campaigns] = await Promise.all([
          portalRepo.takedownsOf(ids),
          sharing.repo.campaignsOf(ids),
        ]);
        return {
          items: page.items.map((u) => {
            const t = takedowns.get(u.urlId);
            const c = campaigns.get(u.urlId)?.[0];
            return {
              ...sharedUrlJson(u),
              campaign: c ? { id: c.id, name: c.name } : null,
              takedown: t
                ? { caseId: t.caseId, state: t.state, openedAt: iso(t.openedAt), downAt: iso(t.downAt) }
                : null,
            };
          }),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.get(
      '/api/v1/portal/campaigns',
      {
        schema: {
          summary: "The brand's campaigns",
          tags,
          querystring: z
            .object({
              cursor: z.string().max(200).optional(),
              limit: z.coerce.number().int().min(1).max(200).optional(),
            })
            .strict(),
          response: { 200: page(campaignSummarySchema) },
        },
      },
      async (request) => {
        const principal = who(request);
        return deps.campaigns.list(principal, {
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
          limit: request.query.limit ?? 50,
        });
      },
    );

    app.get(
      '/api/v1/portal/alerts',
      {
        schema: {
          summary: "The brand's published alerts",
          tags,
          querystring: limitQuery,
          response: { 200: z.object({ items: z.array(portalAlertSchema) }) },
        },
      },
      async (request) => {
        const scope = scopeOf(who(request));
        const items = await portalRepo.alerts(scope.brandIds, request.query.limit ?? 50);
        return {
          items: items.map((a) => ({
            ...a,
            publishedAt: iso(a.publishedAt),
            lastPublishedAt: iso(a.lastPublishedAt),
          })),
        };
      },
    );

    app.get(
      '/api/v1/portal/takedowns',
      {
        schema: {
          summary: "Takedown cases of the brand's URLs",
          tags,
          querystring: limitQuery,
          response: { 200: z.object({ items: z.array(portalTakedownSchema) }) },
        },
      },
      async (request) => {
        const items = await portalRepo.takedowns(audienceOf(who(request)), request.query.limit ?? 100);
        return {
          items: items.map((t) => ({
            ...t,
            openedAt: iso(t.openedAt),
            requestedAt: iso(t.requestedAt),
            downAt: iso(t.downAt),
            closedAt: iso(t.closedAt),
          })),
        };
      },
    );

    app.post(
      '/api/v1/portal/urls/:id/feedback',
      {
        schema: {
          summary: '"This is not ours" / "this is ours (legitimate)"',
          description: 'A legitimate answer proposes allowlisting to the analysts (recorded and audited).',
          tags,
          params: z.object({ id: z.coerce.number().int().positive() }),
          body: z
            .object({ verdict: z.enum(['not_ours', 'legitimate']), comment: z.string().max(2000).optional() })
            .strict(),
          response: { 201: feedbackSchema },
        },
      },
      async (request, reply) => {
        const f = await portal.feedback(who(request), request.params.id, request.body);
        return reply.status(201).send({ ...f, createdAt: isoTime(f.createdAt) });
      },
    );

    app.get(
      '/api/v1/portal/feedback',
      {
        schema: {
          summary: 'Answers given about URLs',
          tags,
          querystring: limitQuery,
          response: { 200: z.object({ items: z.array(feedbackSchema) }) },
        },
      },
      async (request) => {
        const items = await portal.listFeedback(who(request), request.query.limit ?? 200);
        return { items: items.map((f) => ({ ...f, createdAt: isoTime(f.createdAt) })) };
      },
    );

    app.post(
      '/api/v1/portal/feedback/:id/decision',
      {
        schema: {
          summary: 'Staff: accept (allowlist the host) or reject an "ours (legitimate)" proposal',
          tags,
          params: z.object({ id: z.coerce.number().int().positive() }),
          body: z.object({ decision: z.enum(['accept', 'reject']) }).strict(),
          response: { 200: feedbackSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, ['admin', 'analyst']);
        const f = await portal.decide(principal, request.params.id, request.body.decision);
        return { ...f, createdAt: isoTime(f.createdAt) };
      },
    );

    app.get(
      '/api/v1/portal/export',
      {
        schema: {
          summary: "Export of the brand's own URLs",
          tags,
          querystring: z
            .object({ format: z.enum(EXPORT_FORMATS), since: z.string().max(40).optional() })
            .strict(),
          response: {
            200: textBody('The export in the format asked for', [
              'application/stix+json',
              'application/json',
              'text/csv',
              'text/plain',
            ]),
          },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(who(request));
        const format = request.query.format as ExportFormat;
        const text = await exportText(sharing, format, {
          tlp: scope.clearance,
          brandIds: scope.brandIds,
          since: parseTime(request.query.since, 'since'),
          until: null,
        });
        const type =
          format === 'stix'
            ? 'application/stix+json;version=2.1'
            : format === 'json'
              ? 'application/json; charset=utf-8'
              : format === 'csv' || format === 'jpcert'
                ? 'text/csv; charset=utf-8'
                : 'text/plain; charset=utf-8';
        return reply.header('content-type', type).send(Buffer.from(text));
      },
    );

    app.get(
      '/api/v1/portal/subscriptions',
      {
        schema: {
          summary: 'Notification subscriptions',
          tags,
          response: { 200: z.object({ items: z.array(subscriptionSchema) }) },
        },
      },
      async (request) => ({
        items: (await portal.subscriptions(who(request))).map((s) => ({
          ...s,
          createdAt: isoTime(s.createdAt),
        })),
      }),
    );

    app.post(
      '/api/v1/portal/subscriptions',
      {
        schema: {
          summary: 'Be told of new confirmed URLs of a brand (e-mail or signed webhook)',
          tags,
          body: z.discriminatedUnion('channel', [
            z
              .object({
                brandId: z.number().int().positive(),
                channel: z.literal('email'),
                target: z.email().max(320),
              })
              .strict(),
            z
              .object({
                brandId: z.number().int().positive(),
                channel: z.literal('webhook'),
                target: z.url({ protocol: /^https?$/ }).max(2000),
              })
              .strict(),
          ]),
          response: { 201: newSubscriptionSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await portal.subscribe(who(request), request.body)),
    );

    app.delete(
      '/api/v1/portal/subscriptions/:id',
      {
        schema: {
          summary: 'Remove a subscription',
          tags,
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 204: noContent('Removed') },
        },
      },
      async (request, reply) => {
        await portal.unsubscribe(who(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
