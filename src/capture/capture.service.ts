import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { withChromium } from '../browser/chromium.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { FetchHop, SafeFetcher } from '../fetch/safe-fetcher.ts';
import type { Clock } from '../lib/clock.ts';
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

/** Captures a page in Debian's Chromium and stores screenshot, DOM and HAR as evidence. */
export function createCaptureService(deps: {
  config: Pick<Config, 'browser' | 'fetch'>;
  fetcher: SafeFetcher;
  evidence: EvidenceStore;
  repo: CaptureRepository;
  clock: Clock;
  log: Logger;
}) {
  const { config, fetcher, evidence, repo, clock, log } = deps;

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
      const pages = await withChromium(config, async (browser) => {
        const desktop = await capturePage(browser, fetcher, url, DESKTOP, limits);
        const mobile = options.mobile ? await capturePage(browser, fetcher, url, MOBILE, limits) : null;
        return { desktop, mobile };
      }).catch((err: unknown) => {
        // The page's own failures are recorded per capture; this is the browser itself (missing, crashed).
        throw new AppError('capture.failed', `Chromium failed: ${(err as Error).message?.split('\n')[0]}`);
      });
      const differences = pages.mobile ? compareCaptures(pages.desktop, pages.mobile) : [];
      const urlId = options.urlId ?? null;
      const desktop = await store(batch, 'desktop', url, urlId, pages.desktop, null);
      const mobile = pages.mobile
        ? await store(batch, 'mobile', url, urlId, pages.mobile, differences)
        : null;
      log.info({ urlId, batch, ok: desktop.status === 'ok', differences }, 'page captured');
      return { batch, desktop, mobile, differences };
    },
    async get(id: number): Promise<Capture | null> {
      const row = await repo.get(id);
      return row ? toCapture(row) : null;
    },
    async ofUrl(urlId: number): Promise<Capture[]> {
      return (await repo.ofUrl(urlId)).map((r) => toCapture(r));
    },
    evidence,
  };
}

export type CaptureService = ReturnType<typeof createCaptureService>;
