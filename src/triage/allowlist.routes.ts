import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import { noContent } from '../http/responses.ts';
import type { Allowlist } from './allowlist.service.ts';
import { allowlistEntrySchema, limitSchema, text } from './triage.schema.ts';

const STAFF = ['admin', 'analyst'] as const;

/** The allowlist (staff): hosts and domains that intake never treats as phishing. */
export function allowlistRoutes(deps: { allowlist: Allowlist }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/allowlist',
      {
        schema: {
          summary: 'Allowlist entries, newest first',
          tags: ['allowlist'],
          querystring: z
            .object({
              source: z.enum(['official', 'analyst', 'brand']).optional(),
              q: text(200).optional(),
              cursor: z
                .string()
                .regex(/^\d{1,15}$/)
                .optional(),
              limit: limitSchema,
            })
            .strict(),
          response: {
            200: z.object({ items: z.array(allowlistEntrySchema), nextCursor: z.string().nullable() }),
          },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        const { source, q, cursor, limit } = request.query;
        const before = cursor === undefined ? undefined : Number.parseInt(cursor, 10);
        const out = await deps.allowlist.list({
          source,
          search: q,
          cursor: before !== undefined && Number.isFinite(before) ? before : undefined,
          limit,
        });
        return { items: out.items, nextCursor: out.nextCursor === null ? null : String(out.nextCursor) };
      },
    );

    app.get(
      '/api/v1/allowlist/check',
      {
        schema: {
          summary: 'Is this URL on the allowlist?',
          tags: ['allowlist'],
          querystring: z.object({ url: text(4000).min(1) }).strict(),
          response: { 200: z.object({ allowlisted: z.boolean(), entry: allowlistEntrySchema.nullable() }) },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        return deps.allowlist.check(request.query.url);
      },
    );

    app.post(
      '/api/v1/allowlist',
      {
        schema: {
          summary: 'Add a host, domain or page (path) to the allowlist; open platforms only by path',
          tags: ['allowlist'],
          body: z
            .object({
              kind: z.enum(['domain', 'host', 'path']),
              value: text(300).min(1),
              reason: text(2000),
              brandId: z.number().int().positive().optional(),
            })
            .strict(),
          response: { 201: allowlistEntrySchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request, STAFF);
        return reply.status(201).send(await deps.allowlist.add(principal, request.body));
      },
    );

    app.delete(
      '/api/v1/allowlist/:id',
      {
        schema: {
          summary: 'Remove an entry (official brand domains cannot be removed)',
          tags: ['allowlist'],
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 204: noContent('Removed') },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request, STAFF);
        await deps.allowlist.remove(principal, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
