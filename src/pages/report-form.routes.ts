import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLang } from '../../web/src/i18n/translate.ts';
import { isAppError } from '../errors.ts';
import { classifyAttachment } from '../reports/attachments.ts';
import type { IntakeService } from '../reports/intake.service.ts';
import { readReportUpload, submissionFromFields } from '../reports/submission-form.ts';
import { pageContext } from './layout.tsx';
import { renderReportForm, renderReportThanks } from './report-form.page.tsx';

const langQuery = z.object({ lang: z.string().optional() });

/** The public report form (GET shows it, POST accepts it and redirects to the thank-you page). */
export function reportFormRoutes(deps: {
  intake: IntakeService;
  limits: { uploadBytes: number; ratePerMinute: number };
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/report', { schema: { hide: true, querystring: langQuery } }, async (request, reply) => {
      const lang = pickLang(request.query.lang, request.headers['accept-language']);
      return reply.type('text/html; charset=utf-8').send(renderReportForm(pageContext(lang, '/report')));
    });

    app.post(
      '/report',
      {
        schema: { hide: true, querystring: langQuery },
        config: { rateLimit: { max: deps.limits.ratePerMinute, timeWindow: 60_000 } },
      },
      async (request, reply) => {
        let lang = pickLang(request.query.lang, request.headers['accept-language']);
        let fields: Record<string, string> = {};
        try {
          let files: { filename: string | null; data: Buffer }[] = [];
          if (request.isMultipart()) {
            const form = await readReportUpload(request, deps.limits.uploadBytes);
            fields = form.fields;
            files = form.files;
          } else {
            fields = Object.fromEntries(
              Object.entries((request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
            );
          }
          lang = pickLang(fields.lang ?? request.query.lang, request.headers['accept-language']);
          const receipt = await deps.intake.submit(
            submissionFromFields(fields),
            files.map(classifyAttachment),
            'web',
          );
          return reply.redirect(`/report/thanks/${receipt.id}?lang=${lang}`, 303);
        } catch (error) {
          if (!isAppError(error)) throw error;
          const status =
            error.code === 'request.too_large' || error.code === 'report.field_too_large'
              ? 413
              : error.code === 'request.unsupported_media_type'
                ? 415
                : 400;
          const values = {
            ...fields,
            consent_police: fields.consent_police === 'on',
            consent_brand: fields.consent_brand === 'on',
            consent_outcome: fields.consent_outcome === 'on',
          };
          return reply
            .status(status)
            .type('text/html; charset=utf-8')
            .send(renderReportForm(pageContext(lang, '/report'), values, error.message));
        }
      },
    );

    app.get(
      '/report/thanks/:id',
      { schema: { hide: true, params: z.object({ id: z.uuid() }), querystring: langQuery } },
      async (request, reply) => {
        const lang = pickLang(request.query.lang, request.headers['accept-language']);
        return reply
          .type('text/html; charset=utf-8')
          .send(renderReportThanks(pageContext(lang, '/report'), request.params.id));
      },
    );
  };
}
