import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLang } from '../../web/src/i18n/translate.ts';
import { requirePrincipal } from '../accounts/principal.ts';
import { addPublicHtmlHeaders } from '../alerts/public-html.ts';
import { AppError } from '../errors.ts';
import { pageContext, renderPage } from '../pages/layout.tsx';
import type { AwarenessService } from './awareness.service.ts';
import { renderMarkdown } from './markdown.tsx';

const langQuery = z.object({ lang: z.string().optional() });
const html = 'text/html; charset=utf-8';
const awarenessPageSchema = z.object({
  slug: z.string(),
  lang: z.enum(['ja', 'en']),
  title: z.string(),
  bodyMd: z.string(),
  updatedAt: z.number().int().nullable().describe('epoch ms; null while the built-in text is shown'),
  edited: z.boolean(),
});

/** Public awareness pages under /guide, and the editors' API. */
export function awarenessRoutes(deps: { awareness: AwarenessService }): FastifyPluginAsyncZod {
  return async (app) => {
    addPublicHtmlHeaders(app);

    app.get('/guide', { schema: { hide: true, querystring: langQuery } }, async (request, reply) => {
      const lang = pickLang(request.query.lang, request.headers['accept-language']);
      const ctx = pageContext(lang, '/guide');
      const pages = await deps.awareness.list(lang);
      return reply.type(html).send(
        renderPage(
          ctx,
          ctx.t('alerts.awareness.index'),
          <>
            <h1>{ctx.t('alerts.awareness.index')}</h1>
            <ul>
              {pages.map((p) => (
                <li key={p.slug}>
                  <a href={`/guide/${p.slug}?lang=${lang}`}>{p.title}</a>
                </li>
              ))}
              <li>
                <a href={`/victim?lang=${lang}`}>{ctx.t('victim.title')}</a>
              </li>
              <li>
                <a href={`/alerts?lang=${lang}`}>{ctx.t('alerts.list.title')}</a>
              </li>
            </ul>
          </>,
        ),
      );
    });

    app.get(
      '/guide/:slug',
      { schema: { hide: true, params: z.object({ slug: z.string().max(60) }), querystring: langQuery } },
      async (request, reply) => {
        const lang = pickLang(request.query.lang, request.headers['accept-language']);
        const ctx = pageContext(lang, `/guide/${request.params.slug}`);
        const page = await deps.awareness.get(request.params.slug, lang);
        if (!page) {
          return reply
            .status(404)
            .type(html)
            .send(renderPage(ctx, ctx.t('error.not_found'), <h1>{ctx.t('error.not_found')}</h1>));
        }
        return reply.type(html).send(
          renderPage(
            ctx,
            page.title,
            <article>
              <p>
                <a href={`/guide?lang=${lang}`}>{ctx.t('alerts.awareness.index')}</a>
              </p>
              <h1>{page.title}</h1>
              {renderMarkdown(page.bodyMd)}
            </article>,
          ),
        );
      },
    );

    const pageParams = z.object({ slug: z.string().max(60), lang: z.enum(['ja', 'en']) });

    app.get(
      '/api/v1/awareness/:slug/:lang',
      {
        schema: {
          summary: 'An awareness page (Markdown source)',
          tags: ['awareness'],
          params: pageParams,
          response: { 200: awarenessPageSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, ['admin', 'analyst']);
        const page = await deps.awareness.get(request.params.slug, request.params.lang);
        if (!page) throw new AppError('not_found', 'no such page');
        return page;
      },
    );

    app.put(
      '/api/v1/awareness/:slug/:lang',
      {
        schema: {
          summary: 'Save an awareness page (Markdown; rendered safely, raw HTML shown as text)',
          tags: ['awareness'],
          params: pageParams,
          body: z.object({ title: z.string().min(1).max(200), bodyMd: z.string().max(100_000) }),
          response: { 200: awarenessPageSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, ['admin', 'analyst']);
        return deps.awareness.save(principal, request.params.slug, request.params.lang, request.body);
      },
    );
  };
}
