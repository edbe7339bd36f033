import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Role, requirePrincipal } from '../accounts/principal.ts';
import { AppError } from '../errors.ts';
import { textBody } from '../http/responses.ts';
import { blocklistText, domainBlocklist, urlBlocklist } from './blocklist.ts';
import { jpcertCsv, sharedUrlJson, sharedUrlsCsv } from './export-csv.ts';
import { mispEventSchema, mispManifestSchema, sharedUrlSchema, stixBundleSchema } from './feeds.schema.ts';
import { MAX_PAGE, type SharingService, scopeOf } from './sharing.service.ts';

/** Everyone with an account or key may pull feeds; what they get depends on TLP clearance and brands. */
export const FEED_ROLES: readonly Role[] = ['partner', 'brand', 'admin', 'analyst'];

/** `2026-05-01`, `2026-05-01T00:00:00Z` or epoch milliseconds. */
export function parseTime(value: string | undefined, name: string): number | null {
  if (value === undefined || value === '') return null;
  const ms = /^\d{1,16}$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new AppError('request.invalid', `${name}: not a date or epoch milliseconds`);
  return ms;
}

const pageQuery = z
  .object({
    since: z.string().max(40).optional().describe('changed at or after (ISO 8601 or epoch ms)'),
    until: z.string().max(40).optional().describe('changed before (ISO 8601 or epoch ms)'),
    cursor: z.string().max(100).optional().describe('nextCursor of the previous page'),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
    withdrawn: z.enum(['true', 'false']).optional().describe('also list URLs no longer confirmed'),
  })
  .strict();
type PageQuery = z.infer<typeof pageQuery>;

const rangeQuery = z
  .object({ since: z.string().max(40).optional(), until: z.string().max(40).optional() })
  .strict();

function filterOf(q: PageQuery) {
  return {
    since: parseTime(q.since, 'since'),
    until: parseTime(q.until, 'until'),
    cursor: q.cursor ?? null,
    ...(q.limit ? { limit: q.limit } : {}),
    includeWithdrawn: q.withdrawn === 'true',
  };
}

/** The next page's URL in a Link header and the cursor in X-Next-Cursor (CSV has no room for them). */
function linkNext(request: FastifyRequest, reply: FastifyReply, nextCursor: string | null) {
  if (!nextCursor) return;
  const url = new URL(request.url, 'http://x');
  url.searchParams.set('cursor', nextCursor);
  reply.header('x-next-cursor', nextCursor);
  reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
}

const CSV = 'text/csv; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';
const csvBody = (description: string) => textBody(description, ['text/csv']);

/** Partner feeds: paged JSON/CSV/JPCERT CSV, blocklists, a STIX bundle and a MISP feed. */
export function feedsRoutes(deps: { sharing: SharingService }): FastifyPluginAsyncZod {
  const { sharing } = deps;
  return async (app) => {
    const tags = ['sharing'];
    app.get(
      '/api/v1/feeds/urls.json',
      {
        schema: {
          summary: 'Confirmed phishing URLs (JSON, paged)',
          tags,
          querystring: pageQuery,
          response: { 200: z.object({ items: z.array(sharedUrlSchema), nextCursor: z.string().nullable() }) },
        },
      },
      async (request) => {
        const scope = scopeOf(requirePrincipal(request, FEED_ROLES));
        const page = await sharing.page(scope, filterOf(request.query));
        return { items: page.items.map(sharedUrlJson), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/api/v1/feeds/urls.csv',
      {
        schema: {
          summary: 'Confirmed phishing URLs (CSV, paged)',
          tags,
          querystring: pageQuery,
          response: { 200: csvBody('CSV with a header row; the next page in Link and X-Next-Cursor') },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(requirePrincipal(request, FEED_ROLES));
        const page = await sharing.page(scope, filterOf(request.query));
        linkNext(request, reply, page.nextCursor);
        return reply.type(CSV).send(sharedUrlsCsv(page.items));
      },
    );

    app.get(
      '/api/v1/feeds/jpcert.csv',
      {
        schema: {
          summary: 'Confirmed phishing URLs in the JPCERT/CC format',
          tags,
          querystring: pageQuery,
          response: { 200: csvBody('CSV in the JPCERT/CC format; the next page in Link and X-Next-Cursor') },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(requirePrincipal(request, FEED_ROLES));
        const page = await sharing.page(scope, filterOf(request.query));
        linkNext(request, reply, page.nextCursor);
        return reply.type(CSV).send(jpcertCsv(page.items, await sharing.sourceLabels(page.items)));
      },
    );

    app.get(
      '/api/v1/feeds/blocklist-urls.txt',
      {
        schema: {
          summary: 'Blocklist: one URL a line',
          tags,
          querystring: rangeQuery,
          response: { 200: textBody('One URL a line', ['text/plain']) },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(requirePrincipal(request, FEED_ROLES));
        const items = await sharing.all(scope, {
          since: parseTime(request.query.since, 'since'),
          until: parseTime(request.query.until, 'until'),
        });
        return reply.type(TEXT).send(blocklistText(urlBlocklist(items)));
      },
    );

    app.get(
      '/api/v1/feeds/blocklist-domains.txt',
      {
        schema: {
          summary: 'Blocklist: one registrable domain a line',
          description: 'Never lists shared hosting, short-URL, redirector, official or allowlisted domains.',
          tags,
          querystring: rangeQuery,
          response: { 200: textBody('One registrable domain a line', ['text/plain']) },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(requirePrincipal(request, FEED_ROLES));
        const items = await sharing.all(scope, {
          since: parseTime(request.query.since, 'since'),
          until: parseTime(request.query.until, 'until'),
        });
        return reply.type(TEXT).send(blocklistText(domainBlocklist(items, await sharing.protection())));
      },
    );

    app.get(
      '/api/v1/feeds/stix.json',
      {
        schema: {
          summary: 'STIX 2.1 bundle of confirmed phishing URLs',
          tags,
          querystring: rangeQuery,
          response: {
            200: {
              description: 'A STIX 2.1 bundle (content type application/stix+json;version=2.1)',
              content: { 'application/stix+json': { schema: stixBundleSchema } },
            },
          },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(requirePrincipal(request, FEED_ROLES));
        const bundle = await sharing.stixBundle(scope, {
          since: parseTime(request.query.since, 'since'),
          until: parseTime(request.query.until, 'until'),
        });
        return reply
          .header('content-type', 'application/stix+json;version=2.1')
          .send(Buffer.from(JSON.stringify(bundle)));
      },
    );

    app.get(
      '/api/v1/feeds/misp/manifest.json',
      { schema: { summary: 'MISP feed manifest', tags, response: { 200: mispManifestSchema } } },
      async (request) => {
        const scope = scopeOf(requirePrincipal(request, FEED_ROLES));
        return (await sharing.mispEvents(scope)).manifest;
      },
    );

    app.get(
      '/api/v1/feeds/misp/hashes.csv',
      {
        schema: {
          summary: 'MISP feed hashes',
          tags,
          response: { 200: textBody('One line per attribute: md5(value),event uuid', ['text/csv']) },
        },
      },
      async (request, reply) => {
        const scope = scopeOf(requirePrincipal(request, FEED_ROLES));
        return reply.type(CSV).send((await sharing.mispEvents(scope)).hashesCsv);
      },
    );

    app.get(
      '/api/v1/feeds/misp/:file',
      {
        schema: {
          summary: 'One MISP event (<uuid>.json)',
          tags,
          params: z.object({ file: z.string().regex(/^[0-9a-f-]{36}\.json$/) }),
          response: { 200: mispEventSchema },
        },
      },
      async (request) => {
        const scope = scopeOf(requirePrincipal(request, FEED_ROLES));
        const uuid = request.params.file.slice(0, -'.json'.length);
        const event = (await sharing.mispEvents(scope)).events.find((e) => e.Event.uuid === uuid);
        if (!event) throw new AppError('not_found', 'no such event');
        return event;
      },
    );
  };
}
