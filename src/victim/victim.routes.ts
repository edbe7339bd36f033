import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLang } from '../../web/src/i18n/translate.ts';
import { addPublicHtmlHeaders } from '../alerts/public-html.ts';
import type { PdfRenderer } from '../browser/pdf-renderer.ts';
import { isAppError } from '../errors.ts';
import { readMultipart } from '../http/multipart.ts';
import { pageContext } from '../pages/layout.tsx';
import { packagePdf } from './package-document.tsx';
import { MAX_PACKAGE_SCREENSHOT_BYTES, MAX_PACKAGE_SCREENSHOTS, urlsFromText } from './police-package.ts';
import { renderPackageReady, renderVictimPage } from './victim.pages.tsx';
import type { VictimService } from './victim.service.ts';

const langQuery = z.object({ lang: z.string().optional() });
const html = 'text/html; charset=utf-8';
const on = (v: string | undefined) => v === 'on' || v === 'true';

/** The victim's path to the police: the page and form, the package page, its PDF and JSON downloads. */
export function victimRoutes(deps: {
  victim: VictimService;
  pdf: PdfRenderer;
  ratePerMinute: number;
}): FastifyPluginAsyncZod {
  return async (app) => {
    addPublicHtmlHeaders(app);

    app.get('/victim', { schema: { hide: true, querystring: langQuery } }, async (request, reply) => {
      const lang = pickLang(request.query.lang, request.headers['accept-language']);
      return reply.type(html).send(renderVictimPage(pageContext(lang, '/victim')));
    });

    app.post(
      '/victim',
      {
        schema: { hide: true, querystring: langQuery },
        config: { rateLimit: { max: deps.ratePerMinute, timeWindow: 60_000 } },
      },
      async (request, reply) => {
        let lang = pickLang(request.query.lang, request.headers['accept-language']);
        let fields: Record<string, string> = {};
        try {
          let files: { filename: string | null; data: Buffer }[] = [];
          if (request.isMultipart()) {
            const form = await readMultipart(request, {
              fileBytes: MAX_PACKAGE_SCREENSHOT_BYTES,
              files: MAX_PACKAGE_SCREENSHOTS + 1,
              totalBytes: MAX_PACKAGE_SCREENSHOT_BYTES * (MAX_PACKAGE_SCREENSHOTS + 1),
            });
            fields = form.fields;
            // A file input left empty still sends one part without content.
            files = form.files.filter((f) => f.data.length > 0);
          } else {
            fields = Object.fromEntries(
              Object.entries((request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
            );
          }
          lang = pickLang(fields.lang ?? request.query.lang, request.headers['accept-language']);
          const pkg = await deps.victim.create(
            {
              prefecture: fields.prefecture ?? '',
              kind: fields.kind ?? '',
              when: fields.when ?? '',
              where: fields.where ?? '',
              who: fields.who ?? '',
              what: fields.what ?? '',
              why: fields.why ?? '',
              how: fields.how ?? '',
              urls: urlsFromText(fields.urls ?? ''),
              messages: fields.messages ?? '',
              damage: fields.damage ?? '',
              contact: {
                name: fields.contact_name ?? '',
                phone: fields.contact_phone ?? '',
                email: fields.contact_email ?? '',
              },
              consent: { police: on(fields.consent_police), brand: on(fields.consent_brand) },
            },
            files,
            lang,
          );
          return reply.redirect(`/victim/package/${pkg.id}?lang=${lang}`, 303);
        } catch (error) {
          if (!isAppError(error)) throw error;
          const status =
            error.code === 'request.too_large'
              ? 413
              : error.code === 'request.unsupported_media_type'
                ? 415
                : 400;
          return reply
            .status(status)
            .type(html)
            .send(renderVictimPage(pageContext(lang, '/victim'), fields, error.message));
        }
      },
    );

    app.get(
      '/victim/package/:file',
      {
        schema: { hide: true, params: z.object({ file: z.string().max(60) }), querystring: langQuery },
        // PDFs are printed on the shared, bounded document browser and cached; still bounded like the form.
        config: { rateLimit: { max: deps.ratePerMinute, timeWindow: 60_000 } },
      },
      async (request, reply) => {
        const m = /^([0-9a-f-]{36})(\.pdf|\.json)?$/.exec(request.params.file);
        const pkg = m ? await deps.victim.get(m[1]!) : null;
        const lang = pickLang(request.query.lang, request.headers['accept-language']);
        if (!m || !pkg) return reply.status(404).type('text/plain').send('not found');
        // Personal data: never cached by anything in between.
        reply.header('cache-control', 'no-store');
        if (m[2] === '.json') {
          return reply
            .type('application/json; charset=utf-8')
            .header('content-disposition', `attachment; filename="police-package-${pkg.id}.json"`)
            .send(JSON.stringify(pkg, null, 2));
        }
        if (m[2] === '.pdf') {
          const pdf = await packagePdf(deps.pdf, pkg);
          return reply
            .type('application/pdf')
            .header('content-disposition', `attachment; filename="police-package-${pkg.id}.pdf"`)
            .send(pdf);
        }
        return reply
          .type(html)
          .send(renderPackageReady(pageContext(lang, `/victim/package/${pkg.id}`), pkg.id));
      },
    );
  };
}
