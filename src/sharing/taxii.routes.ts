import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../accounts/principal.ts';
import { AppError, ERROR_STATUS, isAppError } from '../errors.ts';
import { FEED_ROLES } from './feeds.routes.ts';
import type { SharingService } from './sharing.service.ts';
import { scopeOf } from './sharing.service.ts';
import { createTaxiiService, MAX_LIMIT, STIX_MEDIA_TYPE } from './taxii.service.ts';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
const DEFAULT_LIMIT = 100;

/** A Buffer, so Fastify sends the media type exactly as set (it appends a charset to string JSON). */
const json = (body: unknown) => Buffer.from(JSON.stringify(body));

/** TAXII 2.1 error message (section 3.6.1). */
function taxiiError(reply: FastifyReply, status: number, title: string, description?: string) {
  if (status === 401) reply.header('www-authenticate', 'Basic realm="phishdesk TAXII", Bearer');
  return reply
    .status(status)
    .header('content-type', TAXII_MEDIA_TYPE)
    .send(json({ title, ...(description ? { description } : {}), http_status: String(status) }));
}

/**
 * Accept must allow TAXII 2.1 JSON: `application/taxii+json` with version 2.1 or no version, or a
 * wildcard. No Accept header is taken as "anything".
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (type === '*/*' || type === 'application/*') return true;
    if (type !== 'application/taxii+json') return false;
    const version = params.find((p) => p.startsWith('version='));
    return !version || version === 'version=2.1';
  });
}

const rfc3339 = (ms: number) => new Date(ms).toISOString();

const objectsQuery = z
  .object({
    added_after: z.string().max(40).optional(),
    limit: z.coerce.number().int().min(1).optional(),
    next: z.string().max(100).optional(),
    'match[type]': z.string().max(500).optional(),
    'match[id]': z.string().max(5000).optional(),
    'match[version]': z.string().max(200).optional(),
    'match[spec_version]': z.string().max(50).optional(),
  })
  .strict();
type ObjectsQuery = z.infer<typeof objectsQuery>;

/** `match[version]` values: first, last, all or RFC 3339 timestamps; anything else is a client error. */
function versionList(values: string[] | null): string[] | null {
  if (!values) return null;
  for (const v of values)
    if (v !== 'first' && v !== 'last' && v !== 'all' && !Number.isFinite(Date.parse(v)))
      throw new AppError('request.invalid', `match[version] takes first, last, all or a timestamp, not ${v}`);
  return values;
}

function objectQuery(q: ObjectsQuery, id?: string) {
  let addedAfter: number | null = null;
  if (q.added_after) {
    addedAfter = Date.parse(q.added_after);
    if (!Number.isFinite(addedAfter)) throw new AppError('request.invalid', 'added_after is not a timestamp');
  }
  const list = (v: string | undefined) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null;
  if (q['match[spec_version]'] && !list(q['match[spec_version]'])!.includes('2.1')) return null; // we only have 2.1 objects
  return {
    addedAfter,
    limit: Math.min(q.limit ?? DEFAULT_LIMIT, MAX_LIMIT),
    next: q.next ?? null,
    types: list(q['match[type]']),
    ids: id ? [id] : list(q['match[id]']),
    versions: versionList(list(q['match[version]'])),
  };
}

/**
 * TAXII 2.1 server: discovery `/taxii2/`, one API root `/taxii2/api/`, collections by TLP and by brand,
 * objects (added_after, limit, next, match[type|id|version|spec_version]), one object, its versions and
 * the manifest. Read-only. Authentication: HTTP Basic (any user name, the API key as password) or
 * `Bearer <API key>`; every answer and error is TAXII JSON.
 */
export function taxiiRoutes(deps: {
  sharing: SharingService;
  publicBaseUrl: string;
  title: string;
}): FastifyPluginAsyncZod {
  const taxii = createTaxiiService(deps.sharing);
  const apiRoot = `${deps.publicBaseUrl}/taxii2/api/`;
  return async (app) => {
    app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      if (isAppError(error)) {
        const status = ERROR_STATUS[error.code];
        if (status >= 500) request.log.error({ err: error }, 'TAXII request failed');
        return taxiiError(reply, status, error.code, error.message);
      }
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, 'TAXII request failed');
      return taxiiError(
        reply,
        status,
        status === 400 ? 'request.invalid' : 'internal',
        status >= 500 ? 'internal error' : error.message,
      );
    });
    // Bodies are never read (read-only server), but a TAXII POST must reach its 403, not a 415.
    app.addContentTypeParser(/^application\/taxii\+json/, { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    app.setNotFoundHandler((_request, reply) =>
      taxiiError(reply, 404, 'not_found', 'no such TAXII resource'),
    );
    app.addHook('preHandler', async (request: FastifyRequest, reply) => {
      if (!acceptsTaxii(request.headers.accept))
        return taxiiError(reply, 406, 'not acceptable', `this server answers ${TAXII_MEDIA_TYPE}`);
    });
    const send = (reply: FastifyReply, body: unknown) =>
      reply.header('content-type', TAXII_MEDIA_TYPE).send(json(body));
    const scope = (request: FastifyRequest) => scopeOf(requirePrincipal(request, FEED_ROLES));
    const hide = { hide: true };
    const collectionParams = z.object({ id: z.string().max(100) });
    const objectParams = z.object({ id: z.string().max(100), objectId: z.string().max(200) });

    app.get('/', { schema: hide }, async (request, reply) => {
      scope(request);
      return send(reply, {
        title: deps.title,
        description: 'Confirmed phishing URLs as STIX 2.1 indicators',
        default: apiRoot,
        api_roots: [apiRoot],
      });
    });

    app.get('/api/', { schema: hide }, async (request, reply) => {
      scope(request);
      return send(reply, {
        title: `${deps.title} API root`,
        versions: [TAXII_MEDIA_TYPE],
        max_content_length: 10_485_760,
      });
    });

    app.get('/api/collections/', { schema: hide }, async (request, reply) => {
      const list = await taxii.collections(scope(request));
      return send(reply, list.length ? { collections: list.map(({ contents: _c, ...c }) => c) } : {});
    });

    app.get(
      '/api/collections/:id/',
      { schema: { hide: true, params: collectionParams } },
      async (request, reply) => {
        const { contents: _c, ...c } = await taxii.collection(scope(request), request.params.id);
        return send(reply, c);
      },
    );

    const listing = async (
      request: FastifyRequest,
      reply: FastifyReply,
      collectionId: string,
      query: ObjectsQuery,
      shape: 'objects' | 'manifest' | 'versions',
      objectId?: string,
    ) => {
      const s = scope(request);
      const q = objectQuery(query, objectId);
      const result = q ? await taxii.objects(s, collectionId, q) : { more: false, next: null, page: [] };
      if (objectId && result.page.length === 0) throw new AppError('not_found', 'no such object');
      if (result.page.length) {
        reply.header('x-taxii-date-added-first', rfc3339(result.page[0]!.added));
        reply.header('x-taxii-date-added-last', rfc3339(result.page.at(-1)!.added));
      }
      const paging = { more: result.more, ...(result.next ? { next: result.next } : {}) };
      if (shape === 'versions')
        return send(reply, {
          ...paging,
          versions: result.page.map((e) => String(e.object.modified ?? e.object.created)),
        });
      if (shape === 'manifest')
        return send(reply, {
          ...paging,
          ...(result.page.length
            ? {
                objects: result.page.map((e) => ({
                  id: e.object.id,
                  date_added: rfc3339(e.added),
                  version: String(e.object.modified ?? e.object.created),
                  media_type: STIX_MEDIA_TYPE,
                })),
              }
            : {}),
        });
      return send(reply, {
        ...paging,
        ...(result.page.length ? { objects: result.page.map((e) => e.object) } : {}),
      });
    };

    app.get(
      '/api/collections/:id/objects/',
      { schema: { hide: true, params: collectionParams, querystring: objectsQuery } },
      async (request, reply) => listing(request, reply, request.params.id, request.query, 'objects'),
    );
    app.get(
      '/api/collections/:id/manifest/',
      { schema: { hide: true, params: collectionParams, querystring: objectsQuery } },
      async (request, reply) => listing(request, reply, request.params.id, request.query, 'manifest'),
    );
    app.get(
      '/api/collections/:id/objects/:objectId/',
      { schema: { hide: true, params: objectParams, querystring: objectsQuery } },
      async (request, reply) =>
        listing(request, reply, request.params.id, request.query, 'objects', request.params.objectId),
    );
    app.get(
      '/api/collections/:id/objects/:objectId/versions/',
      { schema: { hide: true, params: objectParams, querystring: objectsQuery } },
      async (request, reply) =>
        listing(request, reply, request.params.id, request.query, 'versions', request.params.objectId),
    );
    // Read-only collections: writing is refused as the spec says for can_write false.
    app.post(
      '/api/collections/:id/objects/',
      { schema: { hide: true, params: collectionParams } },
      async (request) => {
        await taxii.collection(scope(request), request.params.id);
        throw new AppError('auth.forbidden', 'collections are read-only');
      },
    );
  };
}
