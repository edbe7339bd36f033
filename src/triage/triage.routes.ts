import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import { QUEUE_SORTS } from './cursor.ts';
import { FEATURE_NAMES } from './features.ts';
import { VERDICTS } from './transitions.ts';
import {
  brandFilterSchema,
  brandRefSchema,
  cursorSchema,
  dateSchema,
  historyItemSchema,
  limitSchema,
  page,
  queuePageSchema,
  relatedUrlsSchema,
  reportRefSchema,
  text,
  urlDetailSchema,
  verdictBodySchema,
  verdictOutcomeSchema,
} from './triage.schema.ts';
import type { TriageService } from './triage.service.ts';
import { URL_STATUSES } from './url-summary.ts';

const STAFF = ['admin', 'analyst'] as const;
/** Read routes: brand users too, restricted to their brands by the service. */
const READERS = ['admin', 'analyst', 'brand'] as const;
const idParams = z.object({ id: z.coerce.number().int().positive() });

const statusList = z
  .preprocess((v) => (Array.isArray(v) ? v.join(',') : v), z.string().max(200).optional())
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const list = v.split(',').map((s) => s.trim());
    const bad = list.filter((s) => !(URL_STATUSES as readonly string[]).includes(s));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `unknown status: ${bad.join(', ')}` });
      return z.NEVER;
    }
    return list;
  })
  .describe(`one status or a comma list of: ${URL_STATUSES.join(', ')}`);

/** The triage queue, the URL page, verdicts and brand corrections. */
export function triageRoutes(deps: { triage: TriageService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/triage/urls',
      {
        schema: {
          summary: 'Triage queue: URLs by priority or newest first (brand users: their brands only)',
          tags: ['triage'],
          querystring: z
            .object({
              status: statusList,
              brand: brandFilterSchema,
              source: z.coerce.number().int().positive().optional(),
              tld: text(63).optional(),
              feature: z.enum(FEATURE_NAMES).optional(),
              from: dateSchema,
              to: dateSchema,
              q: text(200).optional(),
              sort: z
                .enum(QUEUE_SORTS)
                .optional()
                .describe('default: priority for staff viewing status=new only, else newest'),
              cursor: cursorSchema,
              limit: limitSchema,
            })
            .strict(),
          response: { 200: queuePageSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, READERS);
        return deps.triage.listUrls(principal, request.query);
      },
    );

    app.get(
      '/api/v1/triage/reports',
      {
        schema: {
          summary: 'Reports newest first, with their subject, sender and text (staff)',
          tags: ['triage'],
          querystring: z
            .object({
              kind: z.enum(['url', 'email', 'sms', 'text', 'feed']).optional(),
              status: text(40).optional(),
              brand: brandFilterSchema,
              source: z.coerce.number().int().positive().optional(),
              from: dateSchema,
              to: dateSchema,
              q: text(200).optional(),
              cursor: cursorSchema,
              limit: limitSchema,
            })
            .strict(),
          response: {
            200: page(reportRefSchema.extend({ brandId: z.number().nullable(), urlCount: z.number() })),
          },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        return deps.triage.listReports(request.query);
      },
    );

    app.get(
      '/api/v1/triage/filters',
      {
        schema: {
          summary: 'What the queue can be filtered by',
          tags: ['triage'],
          response: {
            200: z.object({
              statuses: z.array(z.enum(URL_STATUSES)),
              verdicts: z.array(z.enum(VERDICTS)),
              features: z.array(z.string()),
              sources: z.array(z.object({ id: z.number(), name: z.string(), kind: z.string() })),
              brands: z.array(brandRefSchema),
            }),
          },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, READERS);
        const { sources, brands } = await deps.triage.filters(principal);
        return {
          statuses: [...URL_STATUSES],
          verdicts: [...VERDICTS],
          features: [...FEATURE_NAMES],
          sources,
          brands,
        };
      },
    );

    app.post(
      '/api/v1/triage/urls/verdicts',
      {
        schema: {
          summary: 'One verdict on many URLs, all or nothing',
          tags: ['triage'],
          body: verdictBodySchema
            .extend({ ids: z.array(z.number().int().positive()).min(1).max(500) })
            .strict(),
          response: { 200: z.object({ updated: z.array(verdictOutcomeSchema) }) },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return { updated: await deps.triage.setVerdicts(principal, request.body) };
      },
    );

    app.get(
      '/api/v1/urls/:id',
      {
        schema: {
          summary: 'A URL with its reports, sources, brand evidence and campaign',
          tags: ['triage'],
          params: idParams,
          response: { 200: urlDetailSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, READERS);
        return deps.triage.getUrl(request.params.id, principal);
      },
    );

    app.post(
      '/api/v1/urls/:id/verdict',
      {
        schema: {
          summary: 'Set the verdict of one URL',
          tags: ['triage'],
          params: idParams,
          body: verdictBodySchema,
          response: { 200: verdictOutcomeSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        const [out] = await deps.triage.setVerdicts(principal, { ...request.body, ids: [request.params.id] });
        if (!out) throw new AppError('internal', 'no verdict outcome');
        return out;
      },
    );

    app.post(
      '/api/v1/urls/:id/brand',
      {
        schema: {
          summary: 'Correct the brand of a URL (fed back to the brand registry)',
          tags: ['triage'],
          params: idParams,
          body: z.object({ brandId: z.number().int().positive(), reason: text(2000) }).strict(),
          response: { 200: urlDetailSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return deps.triage.correctBrand(
          principal,
          request.params.id,
          request.body.brandId,
          request.body.reason,
        );
      },
    );

    app.get(
      '/api/v1/urls/:id/related',
      {
        schema: {
          summary: 'Other URLs on the same host, registrable domain and campaign (staff)',
          tags: ['triage'],
          params: idParams,
          response: { 200: relatedUrlsSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return deps.triage.relatedUrls(request.params.id, principal);
      },
    );

    app.get(
      '/api/v1/urls/:id/history',
      {
        schema: {
          summary: 'Verdicts, brand corrections and other audited changes of a URL, oldest first',
          tags: ['triage'],
          params: idParams,
          response: { 200: z.object({ items: z.array(historyItemSchema) }) },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, READERS);
        return { items: await deps.triage.history(request.params.id, principal) };
      },
    );
  };
}
