import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLang } from '../../web/src/i18n/translate.ts';
import { pageContext } from '../pages/layout.tsx';
import { PUBLIC_CSP } from '../pages/pages.routes.ts';
import { type Disclosure, PUBLIC_AUDIENCE } from '../sharing/disclosure.ts';
import { periodRequestFrom, resolvePeriod } from './period.ts';
import { renderSurvivalPage } from './survival.page.tsx';
import { survivalSchema } from './survival.schema.ts';
import type { SurvivalService } from './survival.service.ts';

const querySchema = z
  .object({
    month: z.string().max(20).optional().describe('YYYY-MM: cases opened in this JST month'),
    from: z.string().max(20).optional().describe('YYYY-MM-DD, first JST day cases were opened'),
    to: z.string().max(20).optional().describe('YYYY-MM-DD, last JST day (included)'),
  })
  .strict();

/**
 * Time to takedown: the public page (/time-to-takedown, every case over public URLs) and the API, which
 * gives each caller the cases its disclosure audience may see (staff: all; brand users: their brands'
 * confirmed URLs; anyone else: confirmed TLP:CLEAR URLs, as on the public page).
 */
export function survivalRoutes(deps: {
  survival: SurvivalService;
  disclosure: Disclosure;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/time-to-takedown',
      { schema: { hide: true, querystring: z.object({ lang: z.string().optional() }) } },
      async (request, reply) => {
        const lang = pickLang(request.query.lang, request.headers['accept-language']);
        const figures = await deps.survival.compute({
          urls: deps.disclosure.urlFilter('u', PUBLIC_AUDIENCE),
        });
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'public, max-age=300')
          .header('content-security-policy', PUBLIC_CSP)
          .header('x-content-type-options', 'nosniff')
          .header('referrer-policy', 'no-referrer')
          .send(renderSurvivalPage(pageContext(lang, '/time-to-takedown'), figures));
      },
    );

    app.get(
      '/api/v1/stats/time-to-takedown',
      {
        schema: {
          summary:
            'Time to takedown (Kaplan–Meier, sites still live censored) overall and per network, registrar, TLD, country',
          description:
            'Cases opened in `month=YYYY-MM` or `from=YYYY-MM-DD&to=YYYY-MM-DD` (JST, both days included), or all ' +
            'cases without a period. Medians and 90th percentiles from the first report and from the first ' +
            'request, in ms, with 95 % intervals; null = not reached. Groups under TAKEDOWN_STATS_MIN_CASES are ' +
            'counted in `hidden`. Staff see every case, others the cases over URLs their clearance lets them see.',
          tags: ['stats'],
          querystring: querySchema,
          response: { 200: survivalSchema },
        },
      },
      async (request) => {
        const q = request.query;
        const range =
          q.month === undefined && q.from === undefined && q.to === undefined
            ? {}
            : (({ from, to }) => ({ from, to }))(resolvePeriod(periodRequestFrom(q)));
        const audience = deps.disclosure.audienceOf(request.principal ?? null);
        return deps.survival.compute({ range, urls: deps.disclosure.urlFilter('u', audience) });
      },
    );
  };
}
