import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { startCaptureProxy } from './capture-proxy.ts';

/**
 * The one way phishdesk starts a browser: Debian's Chromium through playwright-core (never a downloaded
 * browser). Background networking is off because it phones home at every start and the closed network
 * refuses it. Servers share browsers through a pool (browser-pool.ts), which launches them isolated
 * (`launchIsolatedChromium`); `withChromium` is for one-off work (CLI, tests) that starts a browser and
 * closes it.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** What an operator reads when Chromium is not there: the one command that fixes it. */
export function chromiumMissingMessage(executablePath: string): string {
  return (
    `Chromium is not installed at ${executablePath}: run \`sudo apt-get install -y chromium fonts-noto-cjk\` ` +
    '(or `bash scripts/ensure-env.sh start` as root), or set CHROMIUM_PATH to a Chromium binary'
  );
}

type ChromiumConfig = { browser: Pick<Config['browser'], 'executablePath'> };

export async function launchChromium(
  config: ChromiumConfig,
  args: readonly string[] = CHROMIUM_ARGS,
): Promise<Browser> {
  assertInstalled(config);
  return chromium.launch({ executablePath: config.browser.executablePath, args: [...args] });
}

/**
 * Chromium keeps only the last --disable-features it is given, and playwright-core passes its own list
 * first: ours repeats playwright's (1.65) and adds what isolation needs. src/browser/isolation.test.ts
 * fails if a playwright upgrade adds a name missing here.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];
const ISOLATION_DISABLED_FEATURES = [
  // WebRTC's mDNS responder listens on 224.0.0.251:5353 and answers the LAN for every peer connection.
  'WebRtcHideLocalIpsWithMdns',
];

/**
 * The switches of every browser that renders a capture or a document: Chromium may open no connection
 * except to the loopback capture proxy. Request interception answers the pages' requests, but Chromium's
 * network service also acts on its own (preconnect and DNS prefetch hints, WebRTC candidate gathering,
 * hyperlink pings), and those never pass the interception. Each switch name was checked against the
 * strings of Chromium 156's binary (`--force-webrtc-ip-handling-policy` and `--dns-prefetch-disable`
 * are not in it: the first is content shell's, the second is gone; the proxy and the resolver rules
 * cover what they did).
 */
export function isolatedChromiumArgs(proxyPort: number): string[] {
  return [
    ...CHROMIUM_ARGS,
    // Every connection Chromium opens goes to the proxy, which refuses it...
    `--proxy-server=http://127.0.0.1:${proxyPort}`,
    // ...loopback included (Chromium otherwise connects to 127/8 and localhost directly).
    '--proxy-bypass-list=<-loopback>',
    // Chromium resolves no name itself (its own DNS client sends UDP to the system's resolver); the proxy's
    // literal address is the one exception the rule needs.
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    // WebRTC may send no UDP (STUN probes, host candidates) outside a proxy: with an HTTP proxy, none.
    '--webrtc-ip-handling-policy=disable_non_proxied_udp',
    '--no-pings',
    `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...ISOLATION_DISABLED_FEATURES].join(',')}`,
  ];
}

/**
 * A browser that can reach nothing but its own capture proxy (started here, closed with the browser).
 * Captures and PDFs run on these: what a page gets comes from the safe fetcher through route.fulfill.
 */
export async function launchIsolatedChromium(config: ChromiumConfig): Promise<Browser> {
  assertInstalled(config);
  const proxy = await startCaptureProxy();
  try {
    const browser = await launchChromium(config, isolatedChromiumArgs(proxy.port));
    browser.on('disconnected', () => void proxy.close());
    return browser;
  } catch (err) {
    await proxy.close();
    throw err;
  }
}

/** Checked here rather than left to playwright, whose message speaks of its own downloads. */
function assertInstalled(config: ChromiumConfig): void {
  if (!fs.existsSync(config.browser.executablePath))
    throw new AppError('browser.not_installed', chromiumMissingMessage(config.browser.executablePath));
}

/** Runs `work` with a browser that is closed afterwards, whatever happens. */
export async function withChromium<T>(
  config: ChromiumConfig,
  work: (browser: Browser) => Promise<T>,
): Promise<T> {
  const browser = await launchChromium(config);
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}
