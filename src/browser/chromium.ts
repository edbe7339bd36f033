import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

/**
 * The one way phishdesk starts a browser: Debian's Chromium through playwright-core (never a downloaded
 * browser). Background networking is off because it phones home at every start and the closed network
 * refuses it. Servers share browsers through a pool (browser-pool.ts); `withChromium` is for one-off work
 * (CLI, tests) that starts a browser and closes it.
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
  // Checked here rather than left to playwright, whose message speaks of its own downloads.
  if (!fs.existsSync(config.browser.executablePath))
    throw new AppError('browser.not_installed', chromiumMissingMessage(config.browser.executablePath));
  return chromium.launch({ executablePath: config.browser.executablePath, args: [...args] });
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
