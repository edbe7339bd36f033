import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Frame, Route } from 'playwright-core';
import { isAppError } from '../errors.ts';
import type { FetchHop, SafeFetcher, SafeResponse } from '../fetch/safe-fetcher.ts';

/** One field a phishing page asks for: what an alert tells people never to enter. */
export type FormField = {
  tag: string;
  type: string;
  name: string | null;
  id: string | null;
  label: string | null;
  placeholder: string | null;
  autocomplete: string | null;
};

export type PageCapture = {
  ok: boolean;
  error: string | null;
  finalUrl: string | null;
  httpStatus: number | null;
  redirects: FetchHop[];
  title: string | null;
  formFields: FormField[];
  screenshot: Buffer | null;
  dom: string | null;
  har: Buffer | null;
  /** Requests the guard refused (private targets) or that failed. */
  refused: { url: string; reason: string }[];
};

export const DESKTOP = {
  userAgent:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
  viewport: { width: 1280, height: 900 },
  isMobile: false,
};
export const MOBILE = {
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  viewport: { width: 390, height: 844 },
  isMobile: true,
};

const MAX_REQUESTS = 300;
const HOP_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'content-encoding',
]);

/**
 * Renders a page in a throwaway context (JavaScript on, downloads and service workers off, WebSockets
 * closed). Chromium never touches the network itself: every request is answered by the safe fetcher
 * (route.fulfill), one hop at a time, so redirects and sub-resources get the same SSRF checks and
 * Chromium never resolves a name on its own.
 */
export async function capturePage(
  browser: Browser,
  fetcher: SafeFetcher,
  url: string,
  device: typeof DESKTOP,
  options: { timeoutMs: number; maxBytes: number },
): Promise<PageCapture> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'phishdesk-har-'));
  const harPath = path.join(tmp, 'capture.har');
  const refused: PageCapture['refused'] = [];
  const out: PageCapture = {
    ok: false,
    error: null,
    finalUrl: null,
    httpStatus: null,
    redirects: [],
    title: null,
    formFields: [],
    screenshot: null,
    dom: null,
    har: null,
    refused,
  };
  const context = await browser.newContext({
    userAgent: device.userAgent,
    viewport: device.viewport,
    isMobile: device.isMobile,
    hasTouch: device.isMobile,
    javaScriptEnabled: true,
    acceptDownloads: false,
    serviceWorkers: 'block',
    ignoreHTTPSErrors: true,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    recordHar: { path: harPath, content: 'embed' },
  });
  let requests = 0;
  const primed = new Map<string, SafeResponse>();
  try {
    await context.route('**/*', (route) => answer(route));
    await context.routeWebSocket(/.*/, (ws) => ws.close());
    const page = await context.newPage();
    page.setDefaultTimeout(options.timeoutMs);
    // The HTTP redirect chain is followed by the fetcher first, and Chromium opens the final URL (served
    // from that answer): a fulfilled 3xx would make Chromium fetch the next hop itself, unguarded.
    const first = await fetcher.fetch(url, {
      headers: { 'user-agent': device.userAgent },
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes,
    });
    primed.set(first.finalUrl, first);
    out.redirects = first.redirects;
    const response = await page.goto(first.finalUrl, { waitUntil: 'load', timeout: options.timeoutMs });
    // Scripts that build the form after load get a short moment; a page that never settles is not waited for.
    await page
      .waitForLoadState('networkidle', { timeout: Math.min(3_000, options.timeoutMs) })
      .catch(() => {});
    out.httpStatus = response?.status() ?? null;
    out.finalUrl = page.url();
    out.title = await page.title();
    for (const frame of page.frames()) out.formFields.push(...(await formFieldsOf(frame)));
    out.dom = await page.content();
    out.screenshot = await page.screenshot({ type: 'png', timeout: options.timeoutMs });
    out.ok = true;
  } catch (err) {
    out.error = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 500);
    if (isAppError(err)) refused.push({ url: url.slice(0, 500), reason: err.message });
  } finally {
    await context.close().catch(() => {});
    out.har = await fs.readFile(harPath).catch(() => null);
    await fs.rm(tmp, { recursive: true, force: true });
  }
  return out;

  async function answer(route: Route) {
    const request = route.request();
    const target = request.url();
    if (++requests > MAX_REQUESTS) {
      refused.push({ url: target, reason: 'too many requests' });
      return route.abort('blockedbyclient');
    }
    if (!/^https?:/i.test(target)) return route.abort('blockedbyclient');
    const headers = { ...request.headers() };
    delete headers.host;
    // The fetcher asks for identity encoding: a compressed body would reach Chromium without its header.
    delete headers['accept-encoding'];
    const navigation = request.isNavigationRequest();
    try {
      const ready = request.method() === 'GET' ? primed.get(target) : undefined;
      primed.delete(target);
      const res =
        ready ??
        (await fetcher.fetch(target, {
          method: request.method(),
          headers,
          body: request.postDataBuffer(),
          // Sub-resources: redirects followed (and vetted) by the fetcher. Navigations: see below.
          maxRedirects: navigation ? 0 : undefined,
          timeoutMs: options.timeoutMs,
          maxBytes: options.maxBytes,
        }));
      const location = res.headers.find(([n]) => n === 'location')?.[1];
      if (navigation && res.status >= 300 && res.status < 400 && location) {
        // A page that navigates into a redirect: hand Chromium a refresh to the next hop, which comes back
        // through this route and the guard (a fulfilled 3xx would be followed outside of it).
        const next = new URL(location, target).href;
        return route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: `<!doctype html><meta http-equiv="refresh" content="0;url=${escapeAttribute(next)}">`,
        });
      }
      const merged: Record<string, string> = {};
      for (const [name, value] of res.headers) {
        if (HOP_HEADERS.has(name)) continue;
        merged[name] = name in merged ? `${merged[name]}\n${value}` : value;
      }
      const encoding = res.headers.find(([n]) => n === 'content-encoding')?.[1];
      await route.fulfill({
        status: res.status,
        headers: merged,
        body: decoded(res.body, encoding, options.maxBytes),
      });
    } catch (err) {
      refused.push({ url: target.slice(0, 500), reason: err instanceof Error ? err.message : String(err) });
      await route.abort(isAppError(err) && err.code === 'fetch.blocked' ? 'blockedbyclient' : 'failed');
    }
  }
}

/** Inputs the page shows (hidden fields and buttons are not "asked for"), with their visible labels. */
async function formFieldsOf(frame: Frame): Promise<FormField[]> {
  const raw = await frame
    .evaluate(() => {
      const skip = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
      const text = (s: string | null | undefined) =>
        (s ?? '').replace(/\s+/g, ' ').trim().slice(0, 200) || null;
      return Array.from(document.querySelectorAll('input, select, textarea'))
        .slice(0, 200)
        .map((el) => {
          const tag = el.tagName.toLowerCase();
          const type = tag === 'input' ? (el.getAttribute('type') ?? 'text').toLowerCase() : tag;
          let label: string | null = null;
          if (el.id) label = text(document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent);
          if (!label) label = text(el.closest('label')?.textContent);
          if (!label) label = text(el.getAttribute('aria-label'));
          return {
            tag,
            type,
            name: text(el.getAttribute('name')),
            id: text(el.id),
            label,
            placeholder: text(el.getAttribute('placeholder')),
            autocomplete: text(el.getAttribute('autocomplete')),
          };
        })
        .filter((f) => !skip.has(f.type));
    })
    .catch(() => [] as unknown[]);
  // The page's own scripts ran in this world: keep only well-formed records.
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : null);
  return (Array.isArray(raw) ? raw : []).flatMap((f) => {
    if (typeof f !== 'object' || f === null) return [];
    const r = f as Record<string, unknown>;
    return [
      {
        tag: str(r.tag) ?? 'input',
        type: str(r.type) ?? 'text',
        name: str(r.name),
        id: str(r.id),
        label: str(r.label),
        placeholder: str(r.placeholder),
        autocomplete: str(r.autocomplete),
      },
    ];
  });
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A body sent compressed although identity was asked for: decoded (bounded), else passed on as it is. */
function decoded(body: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const e = encoding?.trim().toLowerCase();
  if (!e || e === 'identity') return body;
  const limits = { maxOutputLength: maxBytes };
  try {
    if (e === 'gzip' || e === 'x-gzip') return zlib.gunzipSync(body, limits);
    if (e === 'deflate') return zlib.inflateSync(body, limits);
    if (e === 'br') return zlib.brotliDecompressSync(body, limits);
  } catch {
    // truncated or lying about its encoding: Chromium gets the bytes
  }
  return body;
}
