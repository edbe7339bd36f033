import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FeedEntry, FeedItem, FeedRejection } from '../feed-item.ts';

/** Test support only: loopback HTTP servers and fixture access for the feed tests. */

export const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/feeds');
export const SHARED_DATA = path.resolve(import.meta.dirname, '../../../../shared/data');

export function fixturePath(name: string): string {
  return path.join(FIXTURES, name);
}

export function fixtureStream(name: string): Readable {
  return fs.createReadStream(fixturePath(name));
}

export function textStream(text: string, chunkSize = 0): Readable {
  if (chunkSize <= 0) return Readable.from([Buffer.from(text)]);
  const buf = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunkSize) parts.push(buf.subarray(i, i + chunkSize));
  return Readable.from(parts);
}

export async function collectEntries(
  entries: AsyncIterable<FeedEntry> | Iterable<FeedEntry>,
): Promise<{ items: FeedItem[]; rejected: FeedRejection[] }> {
  const items: FeedItem[] = [];
  const rejected: FeedRejection[] = [];
  for await (const e of entries) {
    if ('item' in e) items.push(e.item);
    else rejected.push(e.rejected);
  }
  return { items, rejected };
}

export type SeenRequest = { method: string; url: string; headers: http.IncomingHttpHeaders };

export type Loopback = {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
};

/** An HTTP server on 127.0.0.1 with a random port; every request is recorded. */
export async function startLoopback(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => unknown,
): Promise<Loopback> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err) => {
        res.statusCode = 500;
        res.end(String(err));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Answers with `body` the way a static file server does: ETag and Last-Modified, and 304 when the
 * request's If-None-Match / If-Modified-Since match.
 */
export function serveStatic(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: Buffer | string,
  options: { etag?: string; lastModified?: string; contentType?: string } = {},
): void {
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  const etagMatch = options.etag !== undefined && inm === options.etag;
  const dateMatch = options.lastModified !== undefined && inm === undefined && ims === options.lastModified;
  if (options.etag) res.setHeader('etag', options.etag);
  if (options.lastModified) res.setHeader('last-modified', options.lastModified);
  if (etagMatch || dateMatch) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('content-type', options.contentType ?? 'application/octet-stream');
  res.end(body);
}
