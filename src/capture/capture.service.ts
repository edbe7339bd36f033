import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { BrowserPool } from '../browser/browser-pool.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { FetchHop, SafeFetcher } from '../fetch/safe-fetcher.ts';
import type { Clock } from '../lib/clock.ts';
import { parseHost } from '../urls/domain.ts';
import { capturePage, DESKTOP, type FormField, MOBILE, type PageCapture } from './browser-capture.ts';
import type { CaptureRepository, CaptureRow } from './capture.repository.ts';
import type { EvidenceStore } from './evidence-store.ts';

export type Capture = Omit<CaptureRow, 'form_fields' | 'differences' | 'redirects'> & {
  formFields: FormField[];
  redirects: FetchHop[];
  differences: string[];
  refused: { url: string; reason: string }[];
};

export type CaptureSet = { batch: string; desktop: Capture; mobile: Capture | null; differences: string[] };

export function toCapture(row: CaptureRow, refused: Capture['refused'] = []): Capture {
  const { form_fields, differences, redirects, ...rest } = row;
  return {
    ...rest,
    redirects: JSON.parse(redirects) as FetchHop[],
    formFields: JSON.parse(form_fields) as FormField[],
    differences: differences ? (JSON.parse(differences) as string[]) : [],
    refused,
  };
}

/**
 * What differs between the desktop and the mobile rendering: smishing pages often show the real form to
 * phones only and something harmless (or a redirect) to desktop browsers.
 */
export function compareCaptures(desktop: PageCapture, mobile: PageCapture): string[] {
  const notes: string[] = [];
  if (desktop.ok !== mobile.ok) notes.push(`capture ${desktop.ok ? 'failed' : 'succeeded'} only on mobile`);
  if (desktop.finalUrl !== mobile.finalUrl) notes.push('final_url');
  if (desktop.title !== mobile.title) notes.push('title');
  const hash = (s: string | null) => (s === null ? null : createHash('sha256').update(s).digest('hex'));
  if (hash(desktop.dom) !== hash(mobile.dom)) notes.push('dom');
  const fields = (c: PageCapture) => JSON.stringify(c.formFields.map((f) => [f.type, f.name]));
  if (fields(desktop) !== fields(mobile)) notes.push('form_fields');
  return notes;
}

export type PageFacts = {
  ok: boolean;
  passwordField: boolean;
  cardField: boolean;
  finalOffDomain: boolean;
  mobileOnlyForm: boolean;
};

const CARD = /card.?(num|no)|cc.?num|cardnumber|カード番号|クレジットカード/i;

function isCardField(f: FormField): boolean {
  if (f.autocomplete?.toLowerCase().startsWith('cc-number')) return true;
  return [f.name, f.id, f.label, f.placeholder].some((t) => t !== null && CARD.test(t));
}

function registrable(url: string | null): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname;
    return parseHost(host).registrableDomain ?? host;
  } catch {
    return null;
  }
}

function offDomain(requested: string, final: string | null): boolean {
  const a = registrable(requested);
  const b = registrable(final);
  return a !== null && b !== null && a !== b;
}

/** Captures a page in Debian's Chromium and stores screenshot, DOM and HAR as evidence. */
export function createCaptureService(deps: {
  config: Pick<Config, 'fetch'>;
  /** The shared capture browser: each capture runs in its own throwaway contexts. */
  browser: BrowserPool;
  fetcher: SafeFetcher;
  evidence: EvidenceStore;
  repo: CaptureRepository;
  clock: Clock;
  log: Logger;
}) {
  const { config, fetcher, evidence, repo, clock, log } = deps;
  const listeners: ((urlId: number) => Promise<void>)[] = [];

  async function store(
    batch: string,
    variant: 'desktop' | 'mobile',
    url: string,
    urlId: number | null,
    page: PageCapture,
    differences: string[] | null,
  ): Promise<Capture> {
    const put = async (kind: 'screenshot' | 'dom' | 'har', type: string, bytes: Buffer | null) =>
      bytes ? (await evidence.put(kind, type, bytes)).sha256 : null;
    const row = await repo.insert({
      url_id: urlId,
      batch,
      variant,
      user_agent: variant === 'mobile' ? MOBILE.userAgent : DESKTOP.userAgent,
      requested_url: url,
      final_url: page.finalUrl,
      http_status: page.httpStatus,
      redirects: JSON.stringify(page.redirects),
      title: page.title,
      form_fields: JSON.stringify(page.formFields),
      screenshot_sha256: await put('screenshot', 'image/png', page.screenshot),
      dom_sha256: await put('dom', 'text/html', page.dom === null ? null : Buffer.from(page.dom, 'utf8')),
      har_sha256: await put('har', 'application/json', page.har),
      status: page.ok ? 'ok' : 'failed',
      error: page.error,
      differences: differences ? JSON.stringify(differences) : null,
      captured_at: clock.now(),
    });
    return toCapture(row, page.refused);
  }

  return {
    /** Desktop capture, plus a mobile one when asked; the mobile record notes what differs. */
    async capture(
      url: string,
      options: { urlId?: number | null; mobile?: boolean } = {},
    ): Promise<CaptureSet> {
      const batch = randomUUID();
      const limits = { timeoutMs: config.fetch.timeoutMs, maxBytes: config.fetch.maxBytes };
      const pages = await deps.browser
        .run(async (browser) => {
          const desktop = await capturePage(browser, fetcher, url, DESKTOP, limits);
          const mobile = options.mobile ? await capturePage(browser, fetcher, url, MOBILE, limits) : null;
          return { desktop, mobile };
        })
        .catch((err: unknown) => {
          // The page's own failures are recorded per capture; this is the browser itself (missing, crashed).
          if (err instanceof AppError) throw err;
          throw new AppError('capture.failed', `Chromium failed: ${(err as Error).message?.split('\n')[0]}`);
        });
      const differences = pages.mobile ? compareCaptures(pages.desktop, pages.mobile) : [];
      const urlId = options.urlId ?? null;
      const desktop = await store(batch, 'desktop', url, urlId, pages.desktop, null);
      const mobile = pages.mobile
        ? await store(batch, 'mobile', url, urlId, pages.mobile, differences)
        : null;
      log.info({ urlId, batch, ok: desktop.status === 'ok', differences }, 'page captured');
      if (urlId !== null)
        for (const listener of listeners)
          await listener(urlId).catch((err) => log.error({ err, urlId }, 'capture listener failed'));
      return { batch, desktop, mobile, differences };
    },
    /** Called after each stored capture of a known URL (the triage rules re-evaluate it). */
    onCaptured(listener: (urlId: number) => Promise<void>): void {
      listeners.push(listener);
    },
    async get(id: number): Promise<Capture | null> {
      const row = await repo.get(id);
      return row ? toCapture(row) : null;
    },
    /** Facts of each URL's latest capture batch (triage rules): form fields and where the page ended. */
    async pageFactsOf(urlIds: readonly number[]): Promise<Map<number, PageFacts>> {
      const out = new Map<number, PageFacts>();
      const latest = new Map<number, string>();
      const rows = (await repo.ofUrls(urlIds)).filter((r) => r.url_id !== null);
      for (const r of rows) if (!latest.has(r.url_id!)) latest.set(r.url_id!, r.batch);
      for (const r of rows) {
        if (latest.get(r.url_id!) !== r.batch) continue;
        const facts = out.get(r.url_id!) ?? {
          ok: false,
          passwordField: false,
          cardField: false,
          finalOffDomain: false,
          mobileOnlyForm: false,
        };
        const fields = JSON.parse(r.form_fields) as FormField[];
        facts.ok ||= r.status === 'ok';
        facts.passwordField ||= fields.some((f) => f.type === 'password');
        facts.cardField ||= fields.some(isCardField);
        facts.finalOffDomain ||= offDomain(r.requested_url, r.final_url);
        if (r.differences)
          facts.mobileOnlyForm ||= (JSON.parse(r.differences) as string[]).includes('form_fields');
        out.set(r.url_id!, facts);
      }
      return out;
    },
    async ofUrl(urlId: number): Promise<Capture[]> {
      return (await repo.ofUrl(urlId)).map((r) => toCapture(r));
    },
    evidence,
  };
}

export type CaptureService = ReturnType<typeof createCaptureService>;
