import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Resolver } from '../safe-fetcher.ts';

/**
 * Test support only: a fake phishing site on 127.0.0.1 that answers for several names (the Host header
 * picks the behaviour), so one server plays a URL shortener, a phishing domain and its redirects.
 *   http://sho.rt.test-like shortener  /s/abc  → 301 http://login.phish.test:<port>/start
 *   /start → 302 /login ; /login → the credential form ; /mobile-only → different page for mobile UAs
 * takeDown('404') makes every path answer 404; takeDown('refuse') closes the listener (connection refused).
 */
export type FakeSite = {
  port: number;
  address: string;
  /** http(s)://<host>[:<port>]<path> */
  url(host: string, pathname: string): string;
  requests: { host: string; url: string; userAgent: string }[];
  takeDown(mode?: '404' | 'refuse'): Promise<void>;
  bringBack(): void;
  close(): Promise<void>;
};

export const LOGIN_PAGE = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>FakeBank ログイン</title>
<link rel="stylesheet" href="/style.css"></head>
<body><h1>FakeBank</h1><p>お客様の口座が一時停止されました。</p>
<form action="/collect" method="post">
<label for="uid">ご契約番号</label><input id="uid" name="user_id" type="text">
<label for="pw">ログインパスワード</label><input id="pw" name="password" type="password">
<label>カード番号 <input name="card_number" type="tel" autocomplete="cc-number"></label>
<input type="hidden" name="token" value="x">
<select name="bank"><option>A</option></select>
<button type="submit">ログイン</button></form>
<script>document.title = document.title + ' | 安全';</script>
<img src="http://169.254.169.254/latest/meta-data/" alt="">
</body></html>`;

const MOBILE_PAGE = `<!doctype html><html><head><title>SMS認証</title></head><body>
<form><label for="otp">認証コード</label><input id="otp" name="otp" type="text"></form></body></html>`;

export async function startFakeSite(
  options: { tls?: boolean; address?: string; port?: number } = {},
): Promise<FakeSite> {
  const requests: FakeSite['requests'] = [];
  let down: '404' | null = null;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const userAgent = req.headers['user-agent'] ?? '';
    requests.push({ host, url: req.url ?? '/', userAgent });
    const pathname = (req.url ?? '/').split('?')[0];
    if (down === '404') {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
      return;
    }
    if (pathname === '/s/abc') {
      res.writeHead(301, { location: urlOf('login.phish.test', '/start') }).end();
    } else if (pathname === '/start') {
      res.writeHead(302, { location: '/login?session=1' }).end();
    } else if (pathname === '/login') {
      if (/iPhone|Android/.test(userAgent) && req.url?.includes('cloak')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(MOBILE_PAGE);
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(LOGIN_PAGE);
      }
    } else if (pathname === '/sms-only') {
      // Smishing kits answer phones only: desktop browsers get a 404.
      if (/iPhone|Android/.test(userAgent)) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(MOBILE_PAGE);
      } else {
        res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
      }
    } else if (pathname === '/gz') {
      // A server that compresses whatever the client asked for.
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' })
        .end(gzipSync(LOGIN_PAGE));
    } else if (pathname === '/download') {
      res
        .writeHead(200, {
          'content-type': 'application/vnd.android.package-archive',
          'content-disposition': 'attachment; filename="update.apk"',
        })
        .end(Buffer.from('PK\u0003\u0004 fake apk'));
    } else if (pathname === '/style.css') {
      res.writeHead(200, { 'content-type': 'text/css' }).end('body{font-family:sans-serif;color:#036}');
    } else if (pathname === '/to-metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    } else if (pathname === '/to-private') {
      res.writeHead(302, { location: `http://${(req.url ?? '').split('target=')[1] ?? '10.0.0.1'}/` }).end();
    } else if (pathname === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (pathname === '/big') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent < 64) res.once('drain', pump);
        else res.end();
      };
      pump();
    } else if (pathname === '/slow') {
      setTimeout(() => res.writeHead(200).end('late'), 5_000).unref();
    } else {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    }
  };
  const scheme = options.tls ? 'https' : 'http';
  const server = options.tls
    ? https.createServer(
        {
          key: fs.readFileSync(path.join(TLS_DIR, 'phish.test.key')),
          cert: fs.readFileSync(path.join(TLS_DIR, 'phish.test.crt')),
        },
        handler,
      )
    : http.createServer(handler);
  const address = options.address ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, address, resolve));
  const port = (server.address() as AddressInfo).port;
  const defaultPort = port === (options.tls ? 443 : 80);
  const urlOf = (host: string, pathname: string) =>
    `${scheme}://${host}${defaultPort ? '' : `:${port}`}${pathname}`;
  let listening = true;
  return {
    port,
    address,
    url: urlOf,
    requests,
    async takeDown(mode = '404') {
      if (mode === '404') {
        down = '404';
        return;
      }
      listening = false;
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    bringBack() {
      down = null;
    },
    async close() {
      if (!listening) return;
      listening = false;
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const TLS_DIR = path.resolve(import.meta.dirname, '../../../test/fixtures/tls');

/**
 * Names of the fake world: the shortener and the phishing domain on the fake site's loopback address,
 * and names that resolve into private space. Stored URLs are canonical (no port), so tests that go
 * through the database run the fake site on port 80 of an address of their own in 127/8.
 */
export function fakeHosts(siteAddress = '127.0.0.1'): Record<string, string[]> {
  return {
    'bit.ly': [siteAddress],
    'login.phish.test': [siteAddress],
    'www.phish.test': [siteAddress],
    ...PRIVATE_HOSTS,
  };
}

const PRIVATE_HOSTS: Record<string, string[]> = {
  'internal.evil.test': ['10.1.2.3'],
  'mixed.evil.test': ['8.8.8.8', '192.168.1.1'],
  'v6.evil.test': ['fd00:ec2::254'],
  'mapped.evil.test': ['::ffff:169.254.169.254'],
};

/** A resolver over a fixed table (what a hosts file does); unknown names fail like NXDOMAIN. */
export function tableResolver(table: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const addresses = table[hostname.toLowerCase().replace(/\.$/, '')];
    if (!addresses) throw Object.assign(new Error(`queryA ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}
