import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import { QUEUE_SORTS } from './cursor.ts';
import { FEATURE_NAMES } from './features.ts';
import { VERDICTS } from './transitions.ts';
import { brandFilterSchema, dateSchema, text } from './triage.schema.ts';
import type { TriageService } from './triage.service.ts';
import { URL_STATUSES } from './url-summary.ts';

const STAFF = ['admin', 'analyst'] as const;
const READERS = ['admin', 'analyst', 'brand'] as const;

const filterFields = {
  brand: brandFilterSchema,
  source: z.coerce.number().int().positive().optional(),
  tld: text(63).optional(),
  feature: z.enum(FEATURE_NAMES).optional(),
  from: dateSchema,
  to: dateSchema,
  q: text(200).optional(),
};

/** The triage queue's whole filter: how many URLs it matches, and one verdict on all of them. */
export function triageBulkRoutes(deps: { triage: TriageService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/triage/urls/count',
      {
        schema: {
          summary: 'How many URLs the triage queue filter matches (same query as the queue, no paging)',
          tags: ['triage'],
          querystring: z
            .object({
              status: z
                .preprocess((v) => (Array.isArray(v) ? v.join(',') : v), text(200).optional())
                .describe(`one status or a comma list of: ${URL_STATUSES.join(', ')}`),
              ...filterFields,
              sort: z
                .enum(QUEUE_SORTS)
                .optional()
                .describe('accepted so the queue query can be passed as is; the order changes no count'),
            })
            .strict(),
          response: { 200: z.object({ total: z.number() }) },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, READERS);
        const { status, ...rest } = request.query;
        const statuses = status ? status.split(',').map((s) => s.trim()) : undefined;
        return { total: await deps.triage.countUrls(principal, { ...rest, status: statuses }) };
      },
    );

    app.post(
      '/api/v1/triage/urls/verdicts/by-filter',
      {
        schema: {
          summary:
            'One verdict on every URL the filter matches; refused (409 triage.count_mismatch) unless expectedCount is the current count',
          tags: ['triage'],
          body: z
            .object({
              filter: z
                .object({ status: z.array(z.enum(URL_STATUSES)).max(6).optional(), ...filterFields })
                .strict(),
              status: z.enum(VERDICTS),
              reason: text(2000),
              expectedCount: z.number().int().min(1),
            })
            .strict(),
          response: {
            200: z.object({ updated: z.number(), from: z.record(z.string(), z.number()) }),
          },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return deps.triage.setVerdictsByFilter(principal, request.body);
      },
    );
  };
}
