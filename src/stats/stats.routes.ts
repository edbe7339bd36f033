import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import { periodRequestFrom } from './period.ts';
import { statsSchema } from './stats.schema.ts';
import { MAX_TOP, type StatsService } from './stats.service.ts';

const querySchema = z
  .object({
    month: z.string().max(20).optional().describe('YYYY-MM (JST calendar month)'),
    from: z.string().max(20).optional().describe('YYYY-MM-DD, first JST day of a range'),
    to: z.string().max(20).optional().describe('YYYY-MM-DD, last JST day of a range (included)'),
    top: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_TOP)
      .optional()
      .describe('length of the ranked lists (default 20)'),
  })
  .strict();

export function statsRoutes(deps: { stats: StatsService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/stats',
      {
        schema: {
          summary: 'Statistics of a month or a range of days (the monthly report figures)',
          description:
            'Either `month=YYYY-MM`, or `from=YYYY-MM-DD&to=YYYY-MM-DD` (both days included, at most 366). ' +
            'Periods are JST (Asia/Tokyo); each headline figure comes with the previous period and the change. ' +
            'Admins and analysts only.',
          tags: ['stats'],
          querystring: querySchema,
          response: { 200: statsSchema },
        },
      },
      async (request) => {
        // Staff only: the lists name registrable domains and brands from every source, TLP:AMBER/RED feeds
        // included. The public gets these figures through the published monthly report.
        requirePrincipal(request, ['admin', 'analyst']);
        const { top, ...period } = request.query;
        return deps.stats.computeMonth(periodRequestFrom(period), top === undefined ? {} : { top });
      },
    );
  };
}
