import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.ts';
import { buildServer } from '../../src/http/server.ts';
import { translator } from '../../web/src/i18n/translate.ts';
import { createTestContext, type TestContext } from '../context.ts';
import { ensureConsoleBuilt } from './console-build.ts';

/**
 * What the console's browser tests share: the real server on SQLite (the APIs themselves are tested on
 * both dialects by their modules) with an admin, an analyst, a brand user of SMBC Card and reports sent
 * through the public API; Debian's Chromium; labels from the catalogue, so the tests read like the UI.
 */
export const ja = translator('ja');
export const en = translator('en');
export const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const PASSWORD = 'console e2e password 1';
// Browser steps are slow when the whole suite shares two cores.
export const BROWSER_TEST_MS = 120_000;

export const XSS_SUBJECT = '<script>alert("subject")</script>"><img src=x onerror=alert(2)>';
export const XSS_SENDER = '"><svg onload=alert(3)>@evil.example';
export const REPORTS = [
  {
    kind: 'email',
    subject: '【三井住友カード】ご利用確認のお願い',
    sender: 'info@smbc-card.verify-id.example.top',
    content: 'ご利用確認のため、こちらからログインしてください https://smbc-card.verify-id.example.top/login',
  },
  { kind: 'url', content: 'https://amazon-co-jp.signin-verify.example.xyz/ap/signin' },
  {
    kind: 'email',
    subject: XSS_SUBJECT,
    sender: XSS_SENDER,
    content:
      'ログイン https://smbc-card.xss-test.example.top/"><img src=x onerror=alert(1)><script>alert(4)</script>',
  },
  // Two more URLs of the same brand with nothing in common: each starts its own campaign.
  { kind: 'url', content: 'https://smbc-card.merge-one.example.com/alpha/index.php' },
  { kind: 'url', content: 'https://smbc-card.merge-two.example.net/beta/signin.html' },
];

export type UrlIds = { smbc: number; amazon: number; xss: number; mergeOne: number; mergeTwo: number };

export type ConsoleFixture = {
  ctx: TestContext;
  app: FastifyInstance;
  base: string;
  browser: Browser;
  urlIds: UrlIds;
  /** Messages of every alert/confirm/prompt any page opened (the console itself opens none). */
  dialogs: string[];
  newPage(
    viewport?: { width: number; height: number },
    options?: { bypassCSP?: boolean },
  ): Promise<{ context: BrowserContext; page: Page }>;
  logIn(page: Page, email: string, path?: string): Promise<void>;
  close(): Promise<void>;
};

export async function startConsoleFixture(): Promise<ConsoleFixture> {
  ensureConsoleBuilt();
  const ctx = await createTestContext('sqlite');
  const app = await buildServer(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium(ctx.config);
  const dialogs: string[] = [];
  await ctx.accounts.createOrganisation({ name: 'E2E Partner CERT', kind: 'partner' });
  const smbc = await ctx.db.kysely
    .selectFrom('brands')
    .select('id')
    .where('slug', '=', 'smbc-card')
    .executeTakeFirstOrThrow();
  const brandOrg = await ctx.accounts.createOrganisation({
    name: 'E2E SMBC Card',
    kind: 'brand',
    brandIds: [smbc.id],
  });
  await ctx.accounts.createUser({
    email: 'brand@example.test',
    displayName: 'Brand Owner',
    role: 'brand',
    password: PASSWORD,
    organisationId: brandOrg.id,
  });
  // Reports through the public API, analysed by the real report processor.
  for (const report of REPORTS) {
    const res = await fetch(`${base}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(report),
    });
    expect(res.status).toBe(202);
  }
  await ctx.queue.drain();
  const urls = await ctx.db.kysely.selectFrom('urls').select(['id', 'canonical']).execute();
  const idOf = (fragment: string) => {
    const found = urls.find((u) => u.canonical.includes(fragment));
    if (!found) throw new Error(`no URL with ${fragment} among ${urls.map((u) => u.canonical).join(' ')}`);
    return found.id;
  };
  const urlIds: UrlIds = {
    smbc: idOf('verify-id'),
    amazon: idOf('amazon-co-jp'),
    xss: idOf('xss-test'),
    mergeOne: idOf('merge-one'),
    mergeTwo: idOf('merge-two'),
  };
  await ctx.accounts.createUser({
    email: 'admin@example.test',
    displayName: 'Ada Admin',
    role: 'admin',
    password: PASSWORD,
  });
  await ctx.accounts.createUser({
    email: 'analyst@example.test',
    displayName: 'Aoi Analyst',
    role: 'analyst',
    password: PASSWORD,
  });

  async function newPage(
    viewport = { width: 1280, height: 800 },
    options: { bypassCSP?: boolean } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, locale: 'ja-JP', ...options });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    // On failure: what the user saw (alerts) and a screenshot, so a red run can be read without rerunning.
    onTestFailed(async () => {
      const alerts = await page
        .getByRole('alert')
        .allTextContents()
        .catch(() => []);
      const file = path.join(os.tmpdir(), `console-e2e-failure-${Date.now()}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.error(
        `console e2e failure at ${page.url()}; alerts: ${JSON.stringify(alerts)}; screenshot: ${file}`,
      );
    });
    // Any alert/confirm/prompt means script ran that should not have.
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return { context, page };
  }

  async function logIn(page: Page, email: string, path = '/console/'): Promise<void> {
    await page.goto(base + path);
    await page.getByLabel(ja('accounts.login.email')).fill(email);
    await page.getByLabel(ja('accounts.login.password')).fill(PASSWORD);
    await page.getByRole('button', { name: ja('accounts.login.sign_in'), exact: true }).click();
    await page.getByRole('button', { name: ja('accounts.login.sign_out') }).waitFor();
  }

  return {
    ctx,
    app,
    base,
    browser,
    urlIds,
    dialogs,
    newPage,
    logIn,
    async close() {
      await browser.close();
      await app.close();
      await ctx.close();
    },
  };
}
