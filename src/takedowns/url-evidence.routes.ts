import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Principal, requirePrincipal } from '../accounts/principal.ts';
import { urlEvidenceSchema } from './url-evidence.schema.ts';
import type { UrlEvidenceReader } from './url-evidence.ts';

const STAFF = ['admin', 'analyst'] as const;

/** The evidence card of the URL page (staff): liveness, addresses, TLS, redirects, latest capture, RDAP. */
export function urlEvidenceRoutes(deps: {
  evidence: UrlEvidenceReader;
  /** The URL as the viewer may see it (404 otherwise): the triage module's URL page. */
  urlOf(id: number, viewer: Principal): Promise<{ id: number; domain: string | null }>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/urls/:id/evidence',
      {
        schema: {
          summary:
            'What liveness checks, captures and RDAP look-ups stored about a URL (staff; visits nothing)',
          tags: ['takedowns'],
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 200: urlEvidenceSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        return deps.evidence.of(await deps.urlOf(request.params.id, principal));
      },
    );
  };
}
