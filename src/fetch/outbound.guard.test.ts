import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/databases.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { fetchFeed } from '../feeds/fetcher.ts';
import { type Loopback, startLoopback } from '../feeds/testing/loopback.ts';
import { fixedClock } from '../lib/clock.ts';
import { createRdapClient } from '../rdap/rdap.client.ts';
import { assertPublicTarget, createOutbound } from './outbound.ts';
import type { Resolver } from './safe-fetcher.ts';
import { testOutbound } from './testing/outbound.ts';

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

/** A resolver that answers only for the test's names (private names stand for rebinding attacks). */
const names: Record<string, string> = { 'feed.test': '127.0.0.1', 'internal.test': '10.9.9.41' };
const resolver: Resolver = async (host) => {
  const address = names[host];
  if (!address) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
  return [{ address, family: 4 }];
};

let site: Loopback;
let port: number;
beforeAll(async () => {
  site = await startLoopback((req, res) => {
    const target: Record<string, string> = {
      '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
      '/to-private': 'http://10.9.9.41/',
      '/to-numeric': 'http://2852039166/', // 169.254.169.254 written as one number
      '/to-rebound': 'http://internal.test/',
      '/to-ok': '/ok',
    };
    const location = target[req.url ?? ''];
    if (location) {
      res.writeHead(302, { location });
      res.end();
      return;
    }
    res.end('fine');
  });
  port = Number(new URL(site.url).port);
});
afterAll(() => site.close());

describe('the outbound guard is off until an operator turns it on', () => {
  it('a fresh configuration resolves and visits nothing', async () => {
    const looked: string[] = [];
    const outbound = createOutbound({
      config: loadConfig({}).fetch,
      resolve: async (h) => {
        looked.push(h);
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    expect(outbound.status()).toEqual({ enabled: false, proxy: false, loopbackAllowed: false });
    const err = await failure(outbound.fetch(`http://feed.test:${port}/ok`));
    expect(err.code).toBe('outbound.disabled');
    const feed = await failure(fetchFeed({ outbound, url: `${site.url}/ok` }));
    expect(feed.code).toBe('outbound.disabled');
    expect(looked).toEqual([]);
    expect(site.requests).toEqual([]);
  });
});

describe('every redirect hop is vetted (feeds, TAXII/MISP, RDAP)', () => {
  const outbound = testOutbound({}, resolver);
  it.each(['/to-metadata', '/to-private', '/to-numeric', '/to-rebound'])(
    'feed redirect %s is refused',
    async (p) => {
      const err = await failure(fetchFeed({ outbound, url: `http://feed.test:${port}${p}` }));
      expect(err.code).toBe('feed.fetch_failed');
      expect(err.details).toMatchObject({ blocked: true });
    },
  );
  it('a redirect to a public-looking loopback path is followed (loopback allowed in tests only)', async () => {
    const res = await fetchFeed({ outbound, url: `http://feed.test:${port}/to-ok` });
    expect(res.notModified).toBe(false);
  });
  it('RDAP follows no redirect into metadata addresses', async () => {
    const db = await createTestDb('sqlite');
    const rdap = createRdapClient({
      outbound,
      db,
      config: { bootstrapUrl: `http://feed.test:${port}/to-metadata#`, baseUrl: null },
      clock: fixedClock(0),
      log: pino({ level: 'silent' }),
    });
    const err = await failure(rdap.domain('phish.test'));
    expect(err.code).toBe('rdap.failed');
    expect(err.message).toMatch(/169\.254\.169\.254/);
    await db.drop();
  });
});

describe('registered targets (member webhooks) are refused when they name a private address', () => {
  it.each([
    'http://169.254.169.254/latest/',
    'http://10.0.0.5/hook',
    'http://2130706433/hook',
    'http://0x7f.1/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://localhost/hook',
    'file:///etc/passwd',
  ])('%s', (url) => {
    expect(() => assertPublicTarget(url)).toThrow(AppError);
  });
  it('a public name passes (it is vetted again, resolved, at every delivery)', () => {
    expect(assertPublicTarget('https://hooks.example.jp/x').hostname).toBe('hooks.example.jp');
  });
});

describe('egress proxy', () => {
  let proxy: net.Server;
  const tunnels: string[] = [];
  beforeAll(async () => {
    proxy = http.createServer();
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      tunnels.push(req.url ?? '');
      const [host, p] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(p), host!, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => proxy.close(() => r())));

  it('tunnels to the address the guard vetted, never the name', async () => {
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const outbound = testOutbound({ OUTBOUND_PROXY: proxyUrl }, resolver);
    expect(outbound.status().proxy).toBe(true);
    const res = await outbound.fetch(`http://feed.test:${port}/ok`);
    expect(res.body.toString()).toBe('fine');
    expect(tunnels).toEqual([`127.0.0.1:${port}`]);
    const err = await failure(outbound.fetch(`http://feed.test:${port}/to-metadata`));
    expect(err.code).toBe('fetch.blocked');
    expect(tunnels).toHaveLength(2);
  });
});
