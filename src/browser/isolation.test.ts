/**
 * Issue 21: request interception answers a page's requests, but Chromium's network service also acts on
 * its own (preconnect and DNS prefetch hints, WebRTC candidate gathering, pings). A capture browser may
 * reach nothing but its loopback capture proxy, whatever the page reaches for. A loopback fake page that
 * reaches for 10/8, the metadata address, a public name and a STUN server is captured through the real
 * pool, and the browser's processes are watched twice: their sockets in /proc while the page loads, and
 * every connect() and datagram they make, under strace.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePage, DESKTOP, type PageCapture } from '../capture/browser-capture.ts';
import { loadConfig } from '../config.ts';
import { createSafeFetcher } from '../fetch/safe-fetcher.ts';
import { tableResolver } from '../fetch/testing/fake-site.ts';
import { createBrowserPool } from './browser-pool.ts';
import { commandLinesBelow, type SeenSocket, watchSockets } from './testing/socket-watch.ts';
import { findStrace, packetsOf, tracedChromium } from './testing/syscall-trace.ts';

// A public name no resolver may be asked for: the fetcher's table does not know it, and Chromium
// resolves nothing itself.
const PUBLIC = 'phish-example-public.com';
const STUN = '198.51.100.7';
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>loading</title>
<link rel="dns-prefetch" href="//${PUBLIC}">
<link rel="dns-prefetch" href="//10.9.9.41">
<link rel="preconnect" href="http://${PUBLIC}">
<link rel="preconnect" href="https://${PUBLIC}">
<link rel="preconnect" href="http://10.9.9.41">
<link rel="preconnect" href="https://10.9.9.41">
<link rel="preconnect" href="http://169.254.169.254">
<link rel="preconnect" href="http://${STUN}">
<script src="http://${PUBLIC}/a.js"></script>
</head><body>
<img src="http://10.9.9.41/x.png" alt="">
<img src="http://169.254.169.254/latest/meta-data/" alt="">
<a href="http://10.9.9.41/next" ping="http://10.9.9.41/ping">next</a>
<script>
  const pc = new RTCPeerConnection({ iceServers: [{ urls: 'stun:${STUN}:3478' }] });
  pc.createDataChannel('probe');
  // The title says the offer was made (candidate gathering started) before the capture read it.
  pc.createOffer().then((offer) => pc.setLocalDescription(offer)).then(() => { document.title = 'offer made'; });
</script>
</body></html>`;

const CHROMIUM = /chrom/i;
const STRACE = findStrace();

type Run = { capture: PageCapture; sockets: SeenSocket[]; proxy: string | undefined; args: string[] };

describe('an isolated capture browser', () => {
  let site: http.Server;
  /** The fake page by a name (resolved by the fetcher's table) and by its loopback address. */
  let pageUrl: string;
  let loopbackPageUrl: string;
  let tmp: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-isolation-'));
    site = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const port = (site.address() as AddressInfo).port;
    pageUrl = `http://login.phish.test:${port}/`;
    loopbackPageUrl = `http://127.0.0.1:${port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => site?.close(resolve));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** One capture on a pool of its own, watched from /proc until it ends; the browser closed after. */
  async function captureWatched(url: string, chromiumPath?: string): Promise<Run> {
    const config = loadConfig({
      OUTBOUND_ENABLED: 'true',
      // Opens loopback only (the fake): 10/8, metadata and unknown names stay refused by the fetcher.
      FETCH_ALLOW_PRIVATE: 'true',
      FETCH_TIMEOUT_MS: '5000',
      ...(chromiumPath ? { CHROMIUM_PATH: chromiumPath } : {}),
    });
    const fetcher = createSafeFetcher({
      config: config.fetch,
      resolve: tableResolver({ 'login.phish.test': ['127.0.0.1'] }),
    });
    const pool = createBrowserPool(config);
    try {
      const watch = watchSockets(process.pid, CHROMIUM);
      const capture = await pool.run((browser) =>
        capturePage(browser, fetcher, url, DESKTOP, { timeoutMs: 10_000, maxBytes: 1 << 20 }),
      );
      const sockets = watch.stop();
      const args = commandLinesBelow(process.pid, /chrom|strace/i).flat();
      const proxy = args
        .map((arg) => /^--proxy-server=http:\/\/(127\.0\.0\.1:\d+)$/.exec(arg)?.[1])
        .find(Boolean);
      return { capture, sockets, proxy, args };
    } finally {
      await pool.close();
    }
  }

  function expectThePageRan(capture: PageCapture) {
    expect(capture.ok).toBe(true);
    expect(capture.title).toBe('offer made');
    // What the interception saw was refused by the fetcher, never fetched.
    expect(capture.refused.map((r) => r.url)).toEqual(
      expect.arrayContaining([
        'http://10.9.9.41/x.png',
        'http://169.254.169.254/latest/meta-data/',
        `http://${PUBLIC}/a.js`,
      ]),
    );
  }

  // One capture watched from /proc (its browser's command line read too), for the two tests below.
  describe('watched from /proc', () => {
    let first: Run;
    beforeAll(async () => {
      first = await captureWatched(loopbackPageUrl);
    });

    // From a loopback page, Chromium without the proxy connects to the page's own origin directly (outside
    // the interception): the proxy must take that too.
    it('holds no TCP socket but to its capture proxy, and no mDNS responder, while the page loads', () => {
      expectThePageRan(first.capture);
      expect(first.proxy).toBeDefined();
      const tcp = first.sockets.filter((s) => s.proto === 'tcp');
      expect(tcp.filter((s) => s.remote !== first.proxy)).toEqual([]);
      // The preconnect hints did open connections: to the proxy, which refused them.
      expect(tcp.length).toBeGreaterThan(0);
      expect(first.sockets.filter((s) => s.local.endsWith(':5353'))).toEqual([]);
    });

    it("repeats playwright's disabled features in the --disable-features Chromium keeps (the last one)", () => {
      const lists = first.args
        .filter((a) => a.startsWith('--disable-features='))
        .map((a) => a.slice('--disable-features='.length).split(','));
      expect(lists.length).toBeGreaterThan(1);
      const kept = lists.at(-1)!;
      expect(kept).toContain('WebRtcHideLocalIpsWithMdns');
      expect(lists.flat().filter((name) => !kept.includes(name))).toEqual([]);
    });
  });

  it.skipIf(!STRACE)(
    'sends no packet to anything but its capture proxy (every connect and datagram, under strace)',
    async () => {
      const traced = tracedChromium(tmp, STRACE!, loadConfig({}).browser.executablePath);
      const run = await captureWatched(pageUrl, traced.executable);
      expectThePageRan(run.capture);
      const packets = packetsOf(fs.readFileSync(traced.traceFile, 'utf8'));
      const [proxyAddress, proxyPort] = run.proxy!.split(':');
      const toProxy = (p: { proto: string; address: string; port: number }) =>
        p.proto === 'tcp' && p.address === proxyAddress && p.port === Number(proxyPort);
      expect(packets.filter((p) => !toProxy(p))).toEqual([]);
      expect(packets.filter(toProxy).length).toBeGreaterThan(0);
    },
  );
});
