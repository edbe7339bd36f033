import type http from 'node:http';
import type { FeedHarness } from './harness.ts';

export type TaxiiRecord = { date_added: string; object: Record<string, unknown>; late?: boolean };

const MEDIA = 'application/taxii+json;version=2.1';

/**
 * A TAXII 2.1 server on the harness: discovery, API root, collections and the objects endpoint with
 * `added_after`, `limit` (capped by the server, as real servers do) and `next`. Records flagged `late`
 * only appear after `release()`. Requires basic auth and the TAXII media type.
 */
export function mountTaxii(
  h: FeedHarness,
  records: TaxiiRecord[],
  options: { collectionId: string; user: string; password: string; maxPage: number },
) {
  let released = false;
  const auth = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
  const send = (req: http.IncomingMessage, res: http.ServerResponse, body: unknown, headers = {}) => {
    if (req.headers.authorization !== auth) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="taxii"' }).end();
      return;
    }
    if (!String(req.headers.accept ?? '').includes(MEDIA)) {
      res.writeHead(406).end();
      return;
    }
    res.writeHead(200, { 'content-type': MEDIA, ...headers }).end(JSON.stringify(body));
  };
  const root = `${h.server.url}/api1/`;
  const collection = {
    id: options.collectionId,
    title: 'Phishing URLs',
    can_read: true,
    can_write: false,
    media_types: ['application/stix+json;version=2.1'],
  };
  h.route('/taxii2/', (req, res) =>
    send(req, res, { title: 'Test TAXII', api_roots: [root], default: root }),
  );
  h.route('/api1/', (req, res) =>
    send(req, res, { title: 'API root', versions: [MEDIA], max_content_length: 10485760 }),
  );
  h.route('/api1/collections/', (req, res) => send(req, res, { collections: [collection] }));
  h.route(`/api1/collections/${options.collectionId}/`, (req, res) => send(req, res, collection));
  h.route(`/api1/collections/${options.collectionId}/objects/`, (req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const after = q.get('added_after');
    const limit = Math.min(Number(q.get('limit') ?? options.maxPage), options.maxPage);
    const offset = q.get('next') ? Number(Buffer.from(q.get('next')!, 'base64url').toString()) : 0;
    const visible = records
      .filter((r) => released || !r.late)
      .filter((r) => !after || Date.parse(r.date_added) > Date.parse(after))
      .sort((a, b) => Date.parse(a.date_added) - Date.parse(b.date_added));
    const page = visible.slice(offset, offset + limit);
    if (page.length === 0) {
      send(req, res, { more: false });
      return;
    }
    const more = offset + limit < visible.length;
    send(
      req,
      res,
      {
        more,
        ...(more ? { next: Buffer.from(String(offset + limit)).toString('base64url') } : {}),
        objects: page.map((r) => r.object),
      },
      {
        'x-taxii-date-added-first': page[0]!.date_added,
        'x-taxii-date-added-last': page.at(-1)!.date_added,
      },
    );
  });
  return {
    collectionUrl: `${root}collections/${options.collectionId}/`,
    release() {
      released = true;
    },
  };
}
