import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.ts';
import { buildServer } from '../../src/http/server.ts';
import { translator } from '../../web/src/i18n/translate.ts';
import { createTestContext, type TestContext } from '../context.ts';
import { ensureConsoleBuilt } from './console-build.ts';

/**
 * The analysts' console in Debian's Chromium against the real server on SQLite (the APIs themselves are
 * tested on both dialects by their modules). Labels come from the catalogue, so the tests read like the UI.
 */
const ja = translator('ja');
const en = translator('en');
const PASSWORD = 'console e2e password 1';

let ctx: TestContext;
let app: FastifyInstance;
let base: string;
let browser: Browser;
const dialogs: string[] = [];

async function newPage(
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'ja-JP' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
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
  // Any alert/confirm/prompt means script ran that should not have (the console itself opens none).
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { context, page };
}

async function logIn(page: Page, email: string, path = '/console/'): Promise<void> {
  await page.goto(base + path);
  await page.getByLabel(ja('console.login.email')).fill(email);
  await page.getByLabel(ja('console.login.password')).fill(PASSWORD);
  await page.getByRole('button', { name: ja('console.login.submit'), exact: true }).click();
  await page.getByRole('button', { name: ja('console.sign_out') }).waitFor();
}

beforeAll(async () => {
  ensureConsoleBuilt();
  ctx = await createTestContext('sqlite');
  app = await buildServer(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium(ctx.config);
  await ctx.accounts.createOrganisation({ name: 'E2E Partner CERT', kind: 'partner' });
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
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await ctx?.close();
});

describe('console shell', () => {
  it('answers every /console path with the app, and a missing asset with 404', async () => {
    for (const path of [
      '/console',
      '/console/',
      '/console/triage',
      '/console/urls/12',
      '/console/no/such/screen',
    ]) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await res.text()).toContain('<div id="root">');
    }
    expect((await fetch(`${base}/console/assets/missing-chunk.js`)).status).toBe(404);
  });

  it('signs in at a deep link, keeps the URL, switches language (remembered) and signs out', async () => {
    const { context, page } = await newPage();
    await page.goto(`${base}/console/campaigns`);
    await page.getByRole('heading', { name: ja('console.login.title') }).waitFor();
    await page.getByLabel(ja('console.login.email')).fill('analyst@example.test');
    await page.getByLabel(ja('console.login.password')).fill('wrong password!!');
    await page.getByRole('button', { name: ja('console.login.submit'), exact: true }).click();
    await page.getByRole('alert').getByText(ja('console.error.invalid_credentials')).waitFor();

    await page.getByLabel(ja('console.login.password')).fill(PASSWORD);
    await page.getByRole('button', { name: ja('console.login.submit'), exact: true }).click();
    // The screen asked for opens once signed in, under the same URL.
    await page.getByRole('heading', { name: ja('campaigns.title'), level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/campaigns');
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await page.getByText('Aoi Analyst').waitFor();

    // Navigation: staff entries, current page marked.
    const nav = page.getByRole('navigation', { name: ja('console.nav.label') });
    await expect(nav.getByRole('link', { name: ja('triage.nav') }).count()).resolves.toBe(1);
    expect(await nav.getByRole('link', { name: ja('campaigns.nav') }).getAttribute('aria-current')).toBe(
      'page',
    );
    await nav.getByRole('link', { name: ja('triage.nav') }).click();
    await page.getByRole('heading', { name: ja('triage.title'), level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/triage');
    await page.goBack();
    await page.getByRole('heading', { name: ja('campaigns.title'), level: 1 }).waitFor();

    // English, remembered across a reload.
    await page.getByRole('button', { name: ja('console.language_switch') }).click();
    await page.getByRole('heading', { name: en('campaigns.title'), level: 1 }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: en('campaigns.title'), level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: en('console.language_switch') }).click();
    await page.getByRole('heading', { name: ja('campaigns.title'), level: 1 }).waitFor();

    // An unknown console path is a "not found" screen, not a blank page.
    await page.goto(`${base}/console/no/such/screen`);
    await page.getByRole('heading', { name: ja('error.not_found') }).waitFor();

    await page.getByRole('button', { name: ja('console.sign_out') }).click();
    await page.getByRole('heading', { name: ja('console.login.title') }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/login');
    // The session is gone on the server too.
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
    await context.close();
  });
});

describe('administration', () => {
  it('lists users, shows a new API key once, and finds the change in the audit log', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'admin@example.test');
    const nav = page.getByRole('navigation', { name: ja('console.nav.label') });
    await nav.getByRole('link', { name: ja('accounts.nav.users') }).click();
    const users = page.getByRole('table', { name: ja('accounts.users.title') });
    await users.getByText('analyst@example.test').waitFor();
    await users.getByText('Aoi Analyst').waitFor();

    await nav.getByRole('link', { name: ja('accounts.nav.api_keys') }).click();
    await page.getByLabel(ja('accounts.keys.label')).fill('feed for e2e partner');
    await page.getByLabel(ja('accounts.keys.tlp')).selectOption('amber');
    await page.getByLabel(ja('accounts.users.organisation')).selectOption({ label: 'E2E Partner CERT' });
    await page.getByRole('button', { name: ja('accounts.keys.create') }).click();
    const key = (await page.getByTestId('new-api-key').textContent()) ?? '';
    expect(key).toMatch(/^pdk_/);
    // The key works as a Bearer token (a partner may read its own identity)…
    const me = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    expect((await me.json()).user.role).toBe('partner');
    // …and is never shown again: after a reload only its prefix is listed.
    await page.reload();
    const keys = page.getByRole('table', { name: ja('accounts.keys.title') });
    await keys.getByText('feed for e2e partner').waitFor();
    expect(await page.content()).not.toContain(key);

    await nav.getByRole('link', { name: ja('accounts.nav.audit') }).click();
    const audit = page.getByRole('table', { name: ja('accounts.audit.title') });
    await audit.getByText('api_key.create').first().waitFor();
    await context.close();
  });
});
