import type { Browser } from 'playwright-core';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { launchIsolatedChromium } from './chromium.ts';

export type BrowserPoolStats = {
  /** Chromium processes started by this pool (a crashed or idle-closed browser is relaunched). */
  launches: number;
  /** Pieces of work holding a slot now, and the most that ever did at once. */
  active: number;
  peakActive: number;
  /** Waiting for a slot now; refused because the queue was full (browser.busy). */
  queued: number;
  rejected: number;
  /** Pieces of work run to the end (or failure). */
  runs: number;
};

export type BrowserPool = {
  /** Runs `work` on the shared browser once a slot is free; refuses with browser.busy past the queue bound. */
  run<T>(work: (browser: Browser) => Promise<T>): Promise<T>;
  stats(): BrowserPoolStats;
  close(): Promise<void>;
};

/** Seconds a client refused with browser.busy is told to wait (Retry-After). */
export const BROWSER_BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * One shared Chromium for a kind of work (documents, captures), started on first use and closed after it
 * has been idle for `idleCloseMs`. At most `concurrency` pieces of work use it at once; up to `queueMax`
 * more wait in order; beyond that the caller gets browser.busy (503 with Retry-After) instead of a new
 * browser, so memory stays bounded whatever the request rate. Each piece of work opens its own context.
 * The browser is isolated: it can open no socket except to its capture proxy (launchIsolatedChromium).
 */
export function createBrowserPool(config: Pick<Config, 'browser'>): BrowserPool {
  const limits = config.browser.pool;
  let browser: Promise<Browser> | null = null;
  let active = 0;
  const waiters: (() => void)[] = [];
  const counts = { launches: 0, peakActive: 0, rejected: 0, runs: 0 };
  let idleTimer: NodeJS.Timeout | null = null;

  function shared(): Promise<Browser> {
    if (browser) return browser;
    counts.launches++;
    const launching = launchIsolatedChromium(config);
    browser = launching;
    const forget = () => {
      if (browser === launching) browser = null;
    };
    launching.then((b) => b.on('disconnected', forget), forget);
    return launching;
  }

  async function acquire(): Promise<void> {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (active < limits.concurrency) {
      active++;
    } else {
      if (waiters.length >= limits.queueMax) {
        counts.rejected++;
        throw new AppError('browser.busy', 'the document renderer is busy: try again in a few seconds', {
          retryAfterSeconds: BROWSER_BUSY_RETRY_AFTER_SECONDS,
        });
      }
      // The releasing piece of work hands its slot over: `active` stays as it is.
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
    counts.peakActive = Math.max(counts.peakActive, active);
  }

  function release(): void {
    counts.runs++;
    const next = waiters.shift();
    if (next) {
      next();
      return;
    }
    active--;
    if (active === 0 && browser) {
      idleTimer = setTimeout(() => void closeBrowser(), limits.idleCloseMs);
      idleTimer.unref();
    }
  }

  async function closeBrowser(): Promise<void> {
    const current = browser;
    browser = null;
    if (current) await current.then((b) => b.close()).catch(() => {});
  }

  return {
    async run(work) {
      await acquire();
      try {
        return await work(await shared());
      } finally {
        release();
      }
    },
    stats: () => ({ ...counts, active, queued: waiters.length }),
    async close() {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      await closeBrowser();
    },
  };
}
