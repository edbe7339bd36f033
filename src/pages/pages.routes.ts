import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLang } from '../../web/src/i18n/translate.ts';
import type { IntakeService } from '../reports/intake.service.ts';
import { renderHome } from './home.page.tsx';
import { pageContext } from './layout.tsx';
import { reportFormRoutes } from './report-form.routes.ts';

export const PUBLIC_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const CONSOLE_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

/** Public server-rendered pages, and the built console under /console/. */
export function pagesRoutes(deps: {
  intake: IntakeService;
  limits: { uploadBytes: number; ratePerMinute: number };
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
        // Public pages carry no script at all, so hostile text that slipped through still could not run;
        // the console runs only its own bundle.
        const csp = request.url.startsWith('/console') ? CONSOLE_CSP : PUBLIC_CSP;
        reply.header('content-security-policy', csp);
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'no-referrer');
      }
      return payload;
    });

    const langQuery = z.object({ lang: z.string().optional() });
    app.get('/', { schema: { hide: true, querystring: langQuery } }, async (request, reply) => {
      const lang = pickLang(request.query.lang, request.headers['accept-language']);
      reply.type('text/html; charset=utf-8');
      return renderHome(pageContext(lang, '/'));
    });

    await app.register(reportFormRoutes(deps));

    if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      await app.register(
        async (scoped) => {
          // The scope's prefix already puts these under /console/ (a '/console/' prefix here would double it).
          await scoped.register(fastifyStatic, { root: WEB_DIST, prefix: '/', index: ['index.html'] });
          // Client-side routes of the console (/console/triage, /console/urls/42…) all load the same shell; a
          // missing bundle file stays a 404, so a stale page never gets HTML where it expects a script.
          scoped.setNotFoundHandler((request, reply) => {
            if (request.url.startsWith('/console/assets/'))
              return reply.status(404).send({
                error: { code: 'not_found', message: 'no such console asset', requestId: request.id },
              });
            return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
          });
        },
        { prefix: '/console' },
      );
    } else {
      app.get('/console/*', { schema: { hide: true } }, async (_request, reply) =>
        reply.status(503).type('text/plain').send('console not built: run `npm run build:web`'),
      );
    }
  };
}
