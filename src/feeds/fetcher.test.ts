import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { testOutbound } from '../fetch/testing/outbound.ts';
import { fetchFeed, redact, secretsOf } from './fetcher.ts';

const outbound = testOutbound();

import { type Loopback, serveStatic, startLoopback } from './testing/loopback.ts';

let servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(handler: Parameters<typeof startLoopback>[0]): Promise<Loopback> {
  const s = await startLoopback(handler);
  servers.push(s);
  return s;
}

async function text(res: Awaited<ReturnType<typeof fetchFeed>>): Promise<string> {
  if (res.notModified) throw new Error('304');
  const parts: Buffer[] = [];
  for await (const c of res.body) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    const res = await p;
    if (res && typeof res === 'object' && 'body' in res) await text(res as never);
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('fetchFeed', () => {
  it('sends If-None-Match / If-Modified-Since and reports 304 as not modified', async () => {
    const s = await serve((req, res) =>
      serveStatic(req, res, 'hello', { etag: '"v1"', lastModified: 'Wed, 22 May 2024 07:00:00 GMT' }),
    );
    const first = await fetchFeed({ outbound, url: `${s.url}/feed.txt` });
    expect(first.notModified).toBe(false);
    if (first.notModified) return;
    expect(first.etag).toBe('"v1"');
    expect(await text(first)).toBe('hello');
    const second = await fetchFeed({
      outbound,
      url: `${s.url}/feed.txt`,
      etag: first.etag,
      lastModified: first.lastModified,
    });
    expect(second.notModified).toBe(true);
    expect(s.requests[1]!.headers['if-none-match']).toBe('"v1"');
    expect(s.requests[1]!.headers['if-modified-since']).toBe('Wed, 22 May 2024 07:00:00 GMT');
  });

  it('sends credentials to their origin only, also across redirects', async () => {
    const other = await serve((_req, res) => res.end('elsewhere'));
    const s = await serve((req, res) => {
      if (req.url === '/same') {
        res.writeHead(302, { location: '/final' }).end();
      } else if (req.url === '/away') {
        res.writeHead(302, { location: `${other.url}/x` }).end();
      } else res.end('ok');
    });
    const creds = { type: 'basic', username: 'partner', password: 's3cret-pass' } as const;
    expect(await text(await fetchFeed({ outbound, url: `${s.url}/same`, credentials: creds }))).toBe('ok');
    expect(s.requests.map((r) => r.headers.authorization)).toEqual([
      `Basic ${Buffer.from('partner:s3cret-pass').toString('base64')}`,
      `Basic ${Buffer.from('partner:s3cret-pass').toString('base64')}`,
    ]);
    expect(await text(await fetchFeed({ outbound, url: `${s.url}/away`, credentials: creds }))).toBe(
      'elsewhere',
    );
    expect(other.requests[0]!.headers.authorization).toBeUndefined();

    await fetchFeed({
      outbound,
      url: `${s.url}/h`,
      credentials: { type: 'header', name: 'X-Api-Key', value: 'k-123456' },
    });
    expect(s.requests.at(-1)!.headers['x-api-key']).toBe('k-123456');
    await fetchFeed({
      outbound,
      url: `${s.url}/data/{token}/online-valid.json`,
      credentials: { type: 'token', value: 'appkey42' },
    });
    expect(s.requests.at(-1)!.url).toBe('/data/appkey42/online-valid.json');
  });

  it('fails on HTTP errors without naming the path (where keys live)', async () => {
    const s = await serve((_req, res) => res.writeHead(503).end('down'));
    const f = await failure(
      fetchFeed({
        outbound,
        url: `${s.url}/data/{token}/x.json`,
        credentials: { type: 'token', value: 'appkey42' },
      }),
    );
    expect(f.code).toBe('feed.fetch_failed');
    expect(f.message).toMatch(/HTTP 503/);
    expect(f.message).not.toMatch(/appkey42|data/);
  });

  it('enforces the size limit from Content-Length and while streaming', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/declared') res.end('x'.repeat(5000));
      else {
        res.writeHead(200, { 'transfer-encoding': 'chunked' });
        for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
        res.end();
      }
    });
    expect(
      (await failure(fetchFeed({ outbound, url: `${s.url}/declared`, maxBytes: 2048 }))).message,
    ).toMatch(/over the limit/);
    expect((await failure(fetchFeed({ outbound, url: `${s.url}/chunked`, maxBytes: 2048 }))).message).toMatch(
      /over the limit/,
    );
  });

  it('times out a server that never answers', async () => {
    const s = await serve(() => {});
    const f = await failure(fetchFeed({ outbound, url: `${s.url}/slow`, timeoutMs: 300 }));
    expect(f.message).toMatch(/timed out/);
  });

  it('inflates a gzip file and caps the inflated size', async () => {
    const s = await serve((_req, res) => res.end(gzipSync('a\n'.repeat(10_000))));
    expect(await text(await fetchFeed({ outbound, url: `${s.url}/feed.txt.gz` }))).toBe('a\n'.repeat(10_000));
    expect(
      (await failure(fetchFeed({ outbound, url: `${s.url}/feed.txt.gz`, maxBytes: 5000 }))).message,
    ).toMatch(/over the limit/);
  });
});

describe('redact', () => {
  it('removes every form of the secret', () => {
    const secrets = secretsOf({ type: 'basic', username: 'u', password: 'hunter22' });
    expect(redact(`bad hunter22 ${Buffer.from('u:hunter22').toString('base64')}`, secrets)).toBe(
      'bad *** ***',
    );
  });
});
