import { type Browser, chromium } from 'playwright-core';
import type { Config } from '../config.ts';

/**
 * The one way phishdesk starts a browser: Debian's Chromium through playwright-core (never a downloaded
 * browser). Background networking is off because it phones home at every start and the closed network
 * refuses it; each caller gets a fresh browser and must close it (captures run in throwaway contexts).
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

export async function launchChromium(config: Pick<Config, 'browser'>): Promise<Browser> {
  return chromium.launch({ executablePath: config.browser.executablePath, args: CHROMIUM_ARGS });
}

/** Runs `work` with a browser that is closed afterwards, whatever happens. */
export async function withChromium<T>(
  config: Pick<Config, 'browser'>,
  work: (browser: Browser) => Promise<T>,
): Promise<T> {
  const browser = await launchChromium(config);
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}
