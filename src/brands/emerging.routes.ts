import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../accounts/principal.ts';
import { pageQuery } from './brands.schema.ts';
import { presentCandidate, presentCandidateRun } from './emerging.presenter.ts';
import { candidateRunSchema, candidatesPageSchema } from './emerging.schema.ts';
import type { EmergingBrands } from './emerging.ts';

const STAFF = ['admin', 'analyst'] as const;

/** Emerging brands (staff): the stored candidates of the newest run, and asking for a new run. */
export function emergingRoutes(deps: { emerging: EmergingBrands }): FastifyPluginAsyncZod {
  const { emerging } = deps;
  return async (app) => {
    app.get(
      '/api/v1/brands/emerging',
      {
        schema: {
          summary:
            'Candidate brands: tokens shared by recent unattributed URLs and reports (stored by the last run)',
          tags: ['brands'],
          querystring: pageQuery,
          response: { 200: candidatesPageSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        const { cursor, limit } = request.query;
        const page = await emerging.list({ afterRank: cursor === undefined ? 0 : Number(cursor), limit });
        return {
          latestRun: page.latest ? presentCandidateRun(page.latest) : null,
          run: page.done ? presentCandidateRun(page.done) : null,
          items: page.done ? page.items.map((c) => presentCandidate(c, page.done!)) : [],
          nextCursor: page.nextRank === null ? null : String(page.nextRank),
        };
      },
    );

    app.post(
      '/api/v1/brands/emerging/refresh',
      {
        schema: {
          summary: 'Count candidate brands again (a job; answers the run already queued if there is one)',
          tags: ['brands'],
          security: [{ sessionCookie: [], csrfToken: [] }, { bearerKey: [] }],
          response: { 202: candidateRunSchema },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request, STAFF);
        return reply.status(202).send(presentCandidateRun(await emerging.refresh(principal)));
      },
    );
  };
}
