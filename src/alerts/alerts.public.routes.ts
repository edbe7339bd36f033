import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLang } from '../../web/src/i18n/translate.ts';
import { isAppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { NotifyService } from '../notify/notify.service.ts';
import { pageContext } from '../pages/layout.tsx';
import { jstDayStart } from './alert.ts';
import { renderAlertList, renderAlertPage, renderMessagePage } from './alerts.pages.tsx';
import type { AlertsService } from './alerts.service.ts';
import { atomFeed, rssFeed } from './feeds.ts';
import { addPublicHtmlHeaders } from './public-html.ts';

const PAGE_SIZE = 30;
const DAY_MS = 86_400_000;
const html = 'text/html; charset=utf-8';

const listQuery = z.object({
  lang: z.string().optional(),
  brand: z.string().max(100).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
});
const langQuery = z.object({ lang: z.string().optional() });
const tokenQuery = z.object({ lang: z.string().optional(), token: z.string().max(200).optional() });

/** The public side of alerts: list, alert pages, feeds, screenshots, and the subscription pages. */
export function alertsPublicRoutes(deps: {
  alerts: AlertsService;
  notify: NotifyService;
  clock: Clock;
  publicBaseUrl: string;
}): FastifyPluginAsyncZod {
  return async (app) => {
    addPublicHtmlHeaders(app);

    app.get('/alerts', { schema: { hide: true, querystring: listQuery } }, async (request, reply) => {
      const q = request.query;
      const lang = pickLang(q.lang, request.headers['accept-language']);
      // Dates that do not parse are ignored rather than refused: this is a public filter form.
      const from = q.from ? jstDayStart(q.from) : null;
      const toStart = q.to ? jstDayStart(q.to) : null;
      const alerts = await deps.alerts.publicList({
        ...(q.brand ? { brandSlug: q.brand } : {}),
        ...(from !== null ? { from } : {}),
        ...(toStart !== null ? { to: toStart + DAY_MS - 1 } : {}),
        limit: PAGE_SIZE + 1,
        offset: (q.page - 1) * PAGE_SIZE,
      });
      const brands = await deps.alerts.publicBrands();
      return reply.type(html).send(
        renderAlertList(
          pageContext(lang, '/alerts'),
          alerts.slice(0, PAGE_SIZE),
          brands,
          {
            ...(q.brand ? { brand: q.brand } : {}),
            ...(from !== null && q.from ? { from: q.from } : {}),
            ...(toStart !== null && q.to ? { to: q.to } : {}),
            page: q.page,
          },
          alerts.length > PAGE_SIZE,
        ),
      );
    });

    for (const [path, kind] of [
      ['/alerts/feed.atom', 'atom'],
      ['/alerts/feed.rss', 'rss'],
    ] as const) {
      app.get(path, { schema: { hide: true, querystring: langQuery } }, async (request, reply) => {
        const lang = pickLang(request.query.lang, undefined);
        const entries = await deps.alerts.feedEntries(50);
        const opts = { baseUrl: deps.publicBaseUrl, lang, now: deps.clock.now() };
        return kind === 'atom'
          ? reply.type('application/atom+xml; charset=utf-8').send(atomFeed(entries, opts))
          : reply.type('application/rss+xml; charset=utf-8').send(rssFeed(entries, opts));
      });
    }

    app.get(
      '/alerts/screenshots/:id',
      { schema: { hide: true, params: z.object({ id: z.coerce.number().int().positive() }) } },
      async (request, reply) => {
        const shot = await deps.alerts.publicScreenshot(request.params.id);
        if (!shot) return reply.status(404).type('text/plain').send('not found');
        // Only bytes that were sniffed as a raster image at upload, with a type that cannot be sniffed
        // into anything else, inside a sandbox: never the phishing page itself.
        return reply
          .type(shot.contentType)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'public, max-age=3600')
          .send(Buffer.from(shot.data));
      },
    );

    app.post(
      '/alerts/subscribe',
      {
        schema: { hide: true, querystring: langQuery },
        config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const lang = pickLang(body.lang ?? request.query.lang, request.headers['accept-language']);
        const ctx = pageContext(lang, '/alerts');
        try {
          await deps.notify.subscribe(String(body.email ?? ''), lang);
        } catch (error) {
          if (!isAppError(error)) throw error;
          const status = error.code === 'notify.mail_disabled' ? 503 : 400;
          return reply
            .status(status)
            .type(html)
            .send(renderMessagePage(ctx, ctx.t('alerts.subscribe.title'), ctx.t('alerts.subscribe.failed')));
        }
        return reply
          .type(html)
          .send(
            renderMessagePage(ctx, ctx.t('alerts.subscribe.title'), ctx.t('alerts.subscribe.check_mail')),
          );
      },
    );

    // Confirmation and unsubscription are links in mails: GET only shows a button (mail scanners open
    // links), the POST does it.
    app.get(
      '/alerts/subscribe/confirm',
      { schema: { hide: true, querystring: tokenQuery } },
      async (request, reply) => {
        const lang = pickLang(request.query.lang, request.headers['accept-language']);
        const ctx = pageContext(lang, '/alerts/subscribe/confirm');
        return reply.type(html).send(
          renderMessagePage(ctx, ctx.t('alerts.confirm.title'), ctx.t('alerts.confirm.intro'), {
            action: `/alerts/subscribe/confirm?lang=${lang}`,
            token: request.query.token ?? '',
            button: ctx.t('alerts.confirm.button'),
          }),
        );
      },
    );

    app.post(
      '/alerts/subscribe/confirm',
      { schema: { hide: true, querystring: tokenQuery } },
      async (request, reply) => {
        const lang = pickLang(request.query.lang, request.headers['accept-language']);
        const ctx = pageContext(lang, '/alerts/subscribe/confirm');
        const token = String((request.body as Record<string, unknown> | undefined)?.token ?? '');
        try {
          await deps.notify.confirm(token);
        } catch (error) {
          if (!isAppError(error)) throw error;
          return reply
            .status(404)
            .type(html)
            .send(renderMessagePage(ctx, ctx.t('alerts.confirm.title'), ctx.t('alerts.token.invalid')));
        }
        return reply
          .type(html)
          .send(renderMessagePage(ctx, ctx.t('alerts.confirm.title'), ctx.t('alerts.confirm.done')));
      },
    );

    app.get(
      '/alerts/unsubscribe',
      { schema: { hide: true, querystring: tokenQuery } },
      async (request, reply) => {
        const lang = pickLang(request.query.lang, request.headers['accept-language']);
        const ctx = pageContext(lang, '/alerts/unsubscribe');
        return reply.type(html).send(
          renderMessagePage(ctx, ctx.t('alerts.unsubscribe.title'), ctx.t('alerts.unsubscribe.intro'), {
            action: `/alerts/unsubscribe?lang=${lang}`,
            token: request.query.token ?? '',
            button: ctx.t('alerts.unsubscribe.button'),
          }),
        );
      },
    );

    // Also the RFC 8058 one-click target: the token then comes in the query string.
    app.post(
      '/alerts/unsubscribe',
      { schema: { hide: true, querystring: tokenQuery } },
      async (request, reply) => {
        const lang = pickLang(request.query.lang, request.headers['accept-language']);
        const ctx = pageContext(lang, '/alerts/unsubscribe');
        const body = (request.body ?? {}) as Record<string, unknown>;
        const token = typeof body.token === 'string' ? body.token : (request.query.token ?? '');
        try {
          await deps.notify.unsubscribe(token);
        } catch (error) {
          if (!isAppError(error)) throw error;
          return reply
            .status(404)
            .type(html)
            .send(renderMessagePage(ctx, ctx.t('alerts.unsubscribe.title'), ctx.t('alerts.token.invalid')));
        }
        return reply
          .type(html)
          .send(renderMessagePage(ctx, ctx.t('alerts.unsubscribe.title'), ctx.t('alerts.unsubscribe.done')));
      },
    );

    app.get(
      '/alerts/:slug',
      { schema: { hide: true, params: z.object({ slug: z.string().max(120) }), querystring: langQuery } },
      async (request, reply) => {
        const lang = pickLang(request.query.lang, request.headers['accept-language']);
        const ctx = pageContext(lang, `/alerts/${request.params.slug}`);
        const alert = /^[a-z0-9-]+$/.test(request.params.slug)
          ? await deps.alerts.publicBySlug(request.params.slug)
          : null;
        if (!alert) {
          return reply
            .status(404)
            .type(html)
            .send(renderMessagePage(ctx, ctx.t('error.not_found'), ctx.t('alerts.page.not_found')));
        }
        return reply.type(html).send(renderAlertPage(ctx, alert));
      },
    );
  };
}
