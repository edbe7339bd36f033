import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import type { SourcesService } from './sources.service.ts';
import { TRUST_LEVELS } from './trust.ts';

export const sourceSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.string(),
  trust: z.enum(TRUST_LEVELS),
  enabled: z.boolean(),
  reports: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Sources and their trust (admin): `confirmed` sources confirm their URLs on arrival. */
export function sourcesRoutes(deps: { sources: SourcesService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/admin/sources',
      {
        schema: {
          summary: 'Every source with its trust level and report count (admin)',
          tags: ['sources'],
          security: [{ sessionCookie: [] }, { bearerKey: [] }],
          response: { 200: z.object({ items: z.array(sourceSchema) }) },
        },
      },
      async (request) => {
        requirePrincipal(request, ['admin']);
        return { items: await deps.sources.list() };
      },
    );

    app.put(
      '/api/v1/admin/sources/:id/trust',
      {
        schema: {
          summary: "Set a source's trust: confirmed | trusted | public (admin, audited)",
          tags: ['sources'],
          security: [{ sessionCookie: [], csrfToken: [] }, { bearerKey: [] }],
          params: z.object({ id: z.coerce.number().int().positive() }),
          body: z.object({ trust: z.enum(TRUST_LEVELS) }).strict(),
          response: { 200: sourceSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, ['admin']);
        return deps.sources.setTrust(principal, { id: request.params.id }, request.body.trust);
      },
    );
  };
}
