import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLang } from '../../web/src/i18n/translate.ts';
import { AppError } from '../errors.ts';
import { pageContext } from '../pages/layout.tsx';
import { PUBLIC_CSP } from '../pages/pages.routes.ts';
import { renderReportStatus } from './outcome.page.tsx';
import type { OutcomeService } from './outcome.service.ts';

/** The public status page of one report, reached from the link the reporter was given. */
export function outcomeRoutes(deps: { outcome: Pick<OutcomeService, 'status'> }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/report/status/:id',
      {
        schema: {
          hide: true,
          params: z.object({ id: z.uuid() }),
          querystring: z.object({ lang: z.string().optional() }),
        },
      },
      async (request, reply) => {
        const lang = pickLang(request.query.lang, request.headers['accept-language']);
        const status = await deps.outcome.status(request.params.id);
        if (!status) throw new AppError('not_found', 'no report with this id');
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('content-security-policy', PUBLIC_CSP)
          .header('x-content-type-options', 'nosniff')
          .header('referrer-policy', 'no-referrer')
          .send(renderReportStatus(pageContext(lang, `/report/status/${status.id}`), status));
      },
    );
  };
}
