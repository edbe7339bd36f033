import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLang } from '../../web/src/i18n/translate.ts';
import { requirePrincipal } from '../accounts/principal.ts';
import { addPublicHtmlHeaders } from '../alerts/public-html.ts';
import { isAppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { pageContext } from '../pages/layout.tsx';
import { renderAppealForm, renderAppealReceived } from './appeal.page.tsx';
import {
  appealBodySchema,
  appealDetailSchema,
  appealSchema,
  decisionBodySchema,
  decodeAppealCursor,
  encodeAppealCursor,
  presentAppeal,
  presentListed,
  presentReceipt,
  receiptSchema,
} from './appeals.schema.ts';
import type { AppealsService } from './appeals.service.ts';

const STAFF = ['admin', 'analyst'] as const;
const html = 'text/html; charset=utf-8';
const langQuery = z.object({ lang: z.string().optional() });
const idParams = z.object({ id: z.coerce.number().int().positive() });
type Security = { [label: string]: string[] }[];
const security: Security = [{ sessionCookie: [] }, { bearerKey: [] }];
const writeSecurity: Security = [{ sessionCookie: [], csrfToken: [] }, { bearerKey: [] }];

/** Appeals: the public form and API (anonymous, rate-limited) and the analysts' API. */
export function appealsRoutes(deps: {
  appeals: AppealsService;
  clock: Clock;
  ratePerMinute: number;
  deadlineHours: number;
}): FastifyPluginAsyncZod {
  const rateLimit = { max: deps.ratePerMinute, timeWindow: 60_000 };
  const tags = ['appeals'];
  return async (app) => {
    addPublicHtmlHeaders(app);

    app.post(
      '/api/v1/appeals',
      {
        schema: {
          summary: 'Appeal a listing: "this is my site / it is clean now" (anonymous)',
          description:
            'Opens an appeal about a URL (that URL) or a domain or host (every URL under it), stored whether or not phishdesk lists it. `publiclyListed` says only whether a TLP:CLEAR listed URL matches.',
          tags,
          security: [],
          body: appealBodySchema,
          response: { 201: receiptSchema },
        },
        config: { rateLimit },
      },
      async (request, reply) => {
        const b = request.body;
        const lang = b.lang ?? pickLang(undefined, request.headers['accept-language']);
        const receipt = await deps.appeals.submit({ ...b, lang });
        return reply.status(201).send(presentReceipt(receipt));
      },
    );

    app.get(
      '/api/v1/appeals',
      {
        schema: {
          summary: 'Appeals, the soonest deadline first (staff)',
          tags,
          security,
          querystring: z
            .object({
              status: z.enum(['open', 'upheld', 'rejected']).optional(),
              cursor: z.string().max(200).optional(),
              limit: z.coerce.number().int().min(1).max(200).default(50),
            })
            .strict(),
          response: { 200: z.object({ items: z.array(appealSchema), nextCursor: z.string().nullable() }) },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        const q = request.query;
        const { items, next } = await deps.appeals.list({
          status: q.status ?? null,
          after: q.cursor ? decodeAppealCursor(q.cursor) : null,
          limit: q.limit,
        });
        const now = deps.clock.now();
        return {
          items: items.map((a) => presentAppeal(a, now)),
          nextCursor: next ? encodeAppealCursor(next) : null,
        };
      },
    );

    app.get(
      '/api/v1/appeals/:id',
      {
        schema: {
          summary: 'One appeal with the listed URLs (any TLP) it names now (staff)',
          tags,
          security,
          params: idParams,
          response: { 200: appealDetailSchema },
        },
      },
      async (request) => {
        requirePrincipal(request, STAFF);
        const d = await deps.appeals.detail(request.params.id);
        return {
          ...presentAppeal(d.appeal, deps.clock.now()),
          listed: d.listed.map(presentListed),
          listedTotal: d.listedTotal,
        };
      },
    );

    app.post(
      '/api/v1/appeals/:id/decision',
      {
        schema: {
          summary: 'Decide an open appeal (staff; audited)',
          description:
            '`upheld`: every listed URL the appeal names becomes `benign` with the appeal as the reason, and leaves every partner feed, TAXII and the hash list at once (the next hash-list diff lists it as removed). `rejected`: nothing changes. 409 `appeal.already_decided` once decided.',
          tags,
          security: writeSecurity,
          params: idParams,
          body: decisionBodySchema,
          response: { 200: appealSchema },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request, STAFF);
        const a = await deps.appeals.decide(principal, request.params.id, request.body);
        return presentAppeal(a, deps.clock.now());
      },
    );

    // ---- the public page (works without JavaScript) ----

    app.get('/appeal', { schema: { hide: true, querystring: langQuery } }, async (request, reply) => {
      const lang = pickLang(request.query.lang, request.headers['accept-language']);
      return reply.type(html).send(renderAppealForm(pageContext(lang, '/appeal'), deps.deadlineHours));
    });

    app.post(
      '/appeal',
      { schema: { hide: true, querystring: langQuery }, config: { rateLimit } },
      async (request, reply) => {
        const fields = Object.fromEntries(
          Object.entries((request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
        );
        const lang = pickLang(fields.lang ?? request.query.lang, request.headers['accept-language']);
        const ctx = pageContext(lang, '/appeal');
        const parsed = appealBodySchema.safeParse({
          target: fields.target ?? '',
          contactEmail: (fields.contact_email ?? '').trim(),
          statement: fields.statement ?? '',
        });
        try {
          if (!parsed.success) {
            const issue = parsed.error.issues[0]!;
            return reply
              .status(400)
              .type(html)
              .send(
                renderAppealForm(
                  ctx,
                  deps.deadlineHours,
                  fields,
                  `${issue.path.join('.')}: ${issue.message}`,
                ),
              );
          }
          const receipt = await deps.appeals.submit({ ...parsed.data, lang });
          return reply
            .status(201)
            .type(html)
            .send(renderAppealReceived(ctx, receipt, parsed.data.target));
        } catch (error) {
          if (!isAppError(error)) throw error;
          return reply
            .status(422)
            .type(html)
            .send(renderAppealForm(ctx, deps.deadlineHours, fields, error.message));
        }
      },
    );
  };
}
