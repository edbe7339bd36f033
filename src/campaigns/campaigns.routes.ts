import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import {
  brandRefSchema,
  cursorSchema,
  limitSchema,
  page,
  text,
  urlSummarySchema,
} from '../triage/triage.schema.ts';
import type { CampaignsService } from './campaigns.service.ts';

const STAFF = ['admin', 'analyst'] as const;
const READERS = ['admin', 'analyst', 'brand'] as const;
const idParams = z.object({ id: z.coerce.number().int().positive() });

export const campaignSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  status: z.enum(['open', 'closed', 'merged']),
  brand: brandRefSchema.nullable(),
  createdAt: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  createdBy: z.enum(['auto', 'user']),
  urlCount: z.number(),
  mergedInto: z.number().nullable(),
});

const detailSchema = campaignSummarySchema.extend({
  urls: z.array(urlSummarySchema),
  urlsTotal: z.number(),
  samples: z.object({
    subjects: z.array(z.string()),
    senders: z.array(z.string()),
    smsTexts: z.array(z.string()),
  }),
  timeline: z.array(z.object({ day: z.string(), urls: z.number() })),
  statusCounts: z.object({
    live: z.number().nullable(),
    down: z.number().nullable(),
    unknown: z.number().nullable(),
    byStatus: z.record(z.string(), z.number()),
  }),
});

/** Campaigns: lists and pages (brand users: their brands), merge, split, rename, close (staff). */
export function campaignsRoutes(deps: { campaigns: CampaignsService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/campaigns',
      {
        schema: {
          summary: 'Campaigns, most recently active first',
          tags: ['campaigns'],
          querystring: z
            .object({
              status: z.enum(['open', 'closed', 'merged']).optional(),
              brand: z.coerce.number().int().positive().optional(),
              q: text(200).optional(),
              cursor: cursorSchema,
              limit: limitSchema,
            })
            .strict(),
          response: { 200: page(campaignSummarySchema) },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, READERS);
        const { brand, q, ...rest } = request.query;
        return deps.campaigns.list(principal, { ...rest, brandId: brand, search: q });
      },
    );

    app.get(
      '/api/v1/campaigns/:id',
      {
        schema: {
          summary: 'A campaign: URLs, sample subjects and SMS texts, timeline, status counts',
          tags: ['campaigns'],
          params: idParams,
          response: { 200: detailSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, READERS);
        const detail = await deps.campaigns.get(request.params.id, principal);
        if (!detail) throw new AppError('not_found', 'no such campaign');
        return detail;
      },
    );

    app.patch(
      '/api/v1/campaigns/:id',
      {
        schema: {
          summary: 'Rename, close or reopen a campaign',
          tags: ['campaigns'],
          params: idParams,
          body: z
            .object({ name: text(200).optional(), status: z.enum(['open', 'closed']).optional() })
            .strict(),
          response: { 200: campaignSummarySchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return deps.campaigns.update(principal, request.params.id, request.body);
      },
    );

    app.post(
      '/api/v1/campaigns/:id/merge',
      {
        schema: {
          summary: 'Merge other campaigns of the same brand into this one',
          tags: ['campaigns'],
          params: idParams,
          body: z.object({ campaignIds: z.array(z.number().int().positive()).min(1).max(100) }).strict(),
          response: { 200: detailSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return deps.campaigns.merge(principal, request.params.id, request.body.campaignIds);
      },
    );

    app.post(
      '/api/v1/campaigns/:id/split',
      {
        schema: {
          summary: 'Move some URLs of this campaign to a new campaign',
          tags: ['campaigns'],
          params: idParams,
          body: z
            .object({
              urlIds: z.array(z.number().int().positive()).min(1).max(1000),
              name: text(200).optional(),
            })
            .strict(),
          response: { 200: z.object({ from: campaignSummarySchema, to: campaignSummarySchema }) },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return deps.campaigns.split(principal, request.params.id, request.body.urlIds, request.body.name);
      },
    );
  };
}
