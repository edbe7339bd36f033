import fs from 'node:fs';
import { createRequire } from 'node:module';
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
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const en = translator('en');
const PASSWORD = 'console e2e password 1';
// Browser steps are slow when the whole suite shares two cores.
const BROWSER_TEST_MS = 120_000;

const XSS_SUBJECT = '<script>alert("subject")</script>"><img src=x onerror=alert(2)>';
const XSS_SENDER = '"><svg onload=alert(3)>@evil.example';
const REPORTS = [
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

let ctx: TestContext;
let urlIds: { smbc: number; amazon: number; xss: number; mergeOne: number; mergeTwo: number };
let app: FastifyInstance;
let base: string;
let browser: Browser;
const dialogs: string[] = [];

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
  // Any alert/confirm/prompt means script ran that should not have (the console itself opens none).
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

beforeAll(async () => {
  ensureConsoleBuilt();
  ctx = await createTestContext('sqlite');
  app = await buildServer(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium(ctx.config);
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
  urlIds = {
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
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await ctx?.close();
});

describe('console shell', { timeout: BROWSER_TEST_MS }, () => {
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
    await page.getByRole('heading', { name: ja('accounts.login.title') }).waitFor();
    await page.getByLabel(ja('accounts.login.email')).fill('analyst@example.test');
    await page.getByLabel(ja('accounts.login.password')).fill('wrong password!!');
    await page.getByRole('button', { name: ja('accounts.login.sign_in'), exact: true }).click();
    await page.getByRole('alert').getByText(ja('accounts.error.invalid_credentials')).waitFor();

    await page.getByLabel(ja('accounts.login.password')).fill(PASSWORD);
    await page.getByRole('button', { name: ja('accounts.login.sign_in'), exact: true }).click();
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

    await page.getByRole('button', { name: ja('accounts.login.sign_out') }).click();
    await page.getByRole('heading', { name: ja('accounts.login.title') }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/login');
    // The session is gone on the server too.
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
    await context.close();
  });
});

describe('session', { timeout: BROWSER_TEST_MS }, () => {
  it('a session that ends under an open console leads back to sign-in, which says why', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'analyst@example.test', '/console/triage');
    await page.getByRole('table', { name: ja('triage.title') }).waitFor();
    await context.clearCookies();
    await page
      .getByRole('navigation', { name: ja('console.nav.label') })
      .getByRole('link', { name: ja('campaigns.nav') })
      .click();
    await page.getByText(ja('accounts.login.session_expired')).waitFor();
    await page.getByLabel(ja('accounts.login.email')).fill('analyst@example.test');
    await page.getByLabel(ja('accounts.login.password')).fill(PASSWORD);
    await page.getByRole('button', { name: ja('accounts.login.sign_in'), exact: true }).click();
    await page.getByRole('heading', { name: ja('campaigns.title'), level: 1 }).waitFor();
    expect(await page.getByText(ja('accounts.login.session_expired')).count()).toBe(0);
    await context.close();
  });
});

describe('administration', { timeout: BROWSER_TEST_MS }, () => {
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

describe('triage and campaigns', { timeout: BROWSER_TEST_MS }, () => {
  it('an analyst confirms a reported URL from the keyboard and sees it join a campaign', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'analyst@example.test', '/console/triage');
    const queue = page.getByRole('table', { name: ja('triage.title') });
    // Newest first, every new URL listed; j/k move the highlighted row.
    await queue
      .locator('tbody tr')
      .nth(REPORTS.length - 1)
      .waitFor();
    expect(await queue.locator('tbody tr').count()).toBe(REPORTS.length);
    expect(await queue.locator('tbody tr').first().getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('j');
    expect(await queue.locator('tbody tr').nth(1).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('k');
    await page.getByText(ja('triage.keys.title')).count();

    // Filters: the TLD field, sent with Enter like the search.
    const tld = page.getByLabel(ja('triage.filter.tld'), { exact: true });
    await tld.fill('xyz');
    await tld.press('Enter');
    await page.waitForURL(/tld=xyz/);
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(1);
    await queue.locator(`tbody tr[data-url-id="${urlIds.amazon}"]`).waitFor();
    await tld.fill('');

    // Search, then x (select) and c (confirm) with a reason, sent with Ctrl+Enter.
    await page.getByLabel(ja('triage.search'), { exact: true }).fill('verify-id');
    await page.getByLabel(ja('triage.search'), { exact: true }).press('Enter');
    await page.waitForURL(/q=verify-id/);
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(1);
    await queue.locator(`tbody tr[data-url-id="${urlIds.smbc}"]`).waitFor();
    expect(await queue.locator('tbody tr').first().textContent()).toContain(
      'hxxps://smbc-card[.]verify-id[.]example[.]top/login',
    );
    await page.keyboard.press('x');
    await page.getByText(ja('triage.selected', { count: 1 })).waitFor();
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(ja('triage.verdict.reason')).fill('SMBC card credential phishing kit, e2e');
    await dialog.getByLabel(ja('triage.verdict.reason')).press('Control+Enter');
    await page
      .getByRole('status')
      .getByText(ja('triage.verdict.done', { count: 1, verdict: ja('triage.status.confirmed') }))
      .waitFor();
    // Gone from the queue of new URLs.
    await page.getByText(ja('triage.empty')).waitFor();

    // The URL page: confirmed, with the reason in its history and a link to its campaign.
    await page.goto(`${base}/console/urls/${urlIds.smbc}`);
    await page.getByRole('heading', { name: ja('triage.url.title'), level: 1 }).waitFor();
    await page.getByText(ja('triage.status.confirmed'), { exact: true }).first().waitFor();
    await page.getByText('SMBC card credential phishing kit, e2e').waitFor();
    // Phishing URLs are text, never links; a confirmed URL is the starting point for a takedown case.
    expect(await page.locator('a[href*="example.top"]').count()).toBe(0);
    expect(await page.getByRole('link', { name: ja('triage.url.start_takedown') }).getAttribute('href')).toBe(
      `/console/takedowns?url=${urlIds.smbc}`,
    );
    await page.locator('main a[href^="/console/campaigns/"]').click();

    await page.getByRole('heading', { name: ja('campaigns.page_title'), level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/console\/campaigns\/\d+$/);
    const urlsTable = page.getByRole('table', { name: ja('campaigns.urls', { count: 1 }) });
    await urlsTable.getByText('hxxps://smbc-card[.]verify-id[.]example[.]top/login').waitFor();
    await page.getByText('【三井住友カード】ご利用確認のお願い').waitFor();
    await context.close();
  });

  it('a brand user sees only their brand: other brands are not listed and their pages are not found', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'brand@example.test');
    const nav = page.getByRole('navigation', { name: ja('console.nav.label') });
    const entries = await nav.getByRole('link').allTextContents();
    // Their brands' URLs and campaigns (other modules may add brand screens); none of the staff screens.
    expect(entries).toEqual(expect.arrayContaining([ja('triage.nav_brand'), ja('campaigns.nav')]));
    for (const staffOnly of [
      ja('triage.nav'),
      ja('triage.nav_reports'),
      ja('triage.nav_allowlist'),
      ja('accounts.nav.users'),
      ja('accounts.nav.api_keys'),
      ja('accounts.nav.audit'),
    ])
      expect(entries).not.toContain(staffOnly);
    await nav.getByRole('link', { name: ja('triage.nav_brand') }).click();
    const list = page.getByRole('table', { name: ja('triage.brand_title') });
    await list.locator(`tbody tr[data-url-id="${urlIds.smbc}"]`).waitFor();
    await list.locator(`tbody tr[data-url-id="${urlIds.xss}"]`).waitFor();
    expect(await list.locator(`tbody tr[data-url-id="${urlIds.amazon}"]`).count()).toBe(0);
    expect(await page.content()).not.toContain('amazon-co-jp');
    // Read-only: no verdict buttons, no selection.
    expect(await page.getByRole('button', { name: ja('triage.action.confirmed') }).count()).toBe(0);
    expect(await list.getByRole('checkbox').count()).toBe(0);

    // Another brand's URL, asked for directly: "not found", and nothing of it on the page.
    await page.goto(`${base}/console/urls/${urlIds.amazon}`);
    await page.getByRole('alert').getByText(ja('console.error.not_found')).waitFor();
    expect(await page.content()).not.toContain('amazon-co-jp');
    // Staff screens are not there at all.
    await page.goto(`${base}/console/triage`);
    await page.getByRole('heading', { name: ja('error.not_found') }).waitFor();
    await page.goto(`${base}/console/admin/users`);
    await page.getByRole('heading', { name: ja('error.not_found') }).waitFor();

    // Their own URL opens; the campaign list shows their brand's campaign only.
    await page.goto(`${base}/console/urls/${urlIds.smbc}`);
    await page.getByText('hxxps://smbc-card[.]verify-id[.]example[.]top/login').first().waitFor();
    await nav.getByRole('link', { name: ja('campaigns.nav') }).click();
    const campaigns = page.getByRole('table', { name: ja('campaigns.title') });
    await campaigns.locator('tbody tr').first().waitFor();
    for (const row of await campaigns.locator('tbody tr').allTextContents())
      expect(row).toContain('三井住友カード');
    await context.close();
  });

  it('shows attacker-controlled subjects, senders and URLs as text: no markup, no script, no dialog', async () => {
    const { context, page } = await newPage();
    const before = dialogs.length;
    await logIn(page, 'analyst@example.test', `/console/urls/${urlIds.xss}`);
    await page.getByRole('heading', { name: ja('triage.url.title'), level: 1 }).waitFor();
    const reports = page.getByRole('table', { name: ja('triage.url.reports_table') });
    await reports.getByText(XSS_SUBJECT, { exact: true }).waitFor();
    await reports.getByText(XSS_SENDER, { exact: true }).waitFor();
    // The URL as text (its canonical form percent-encodes the markup), never as a link.
    expect(await page.locator('main').textContent()).toContain(
      'hxxps://smbc-card[.]xss-test[.]example[.]top/',
    );
    expect(await page.locator('a[href*="xss-test"]').count()).toBe(0);
    // None of the injected elements exist; no handler ran.
    expect(await page.locator('main img, main svg, main script').count()).toBe(0);
    // The reports queue shows the same subject and sender as text.
    await page.goto(`${base}/console/triage/reports`);
    const queue = page.getByRole('table', { name: ja('triage.reports.title') });
    await queue.getByText(XSS_SUBJECT, { exact: true }).waitFor();
    await queue.getByText(XSS_SENDER, { exact: true }).waitFor();
    expect(await page.locator('main img, main svg, main script').count()).toBe(0);
    await page.goto(`${base}/console/triage?status=all&q=xss-test`);
    await page
      .getByRole('table', { name: ja('triage.title') })
      .locator('tbody tr')
      .first()
      .waitFor();
    expect(await page.locator('main img, main svg, main script').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(dialogs.slice(before)).toEqual([]);
    await context.close();
  });

  it('an analyst renames, merges, splits and closes campaigns', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'analyst@example.test', '/console/triage?q=merge-');
    const queue = page.getByRole('table', { name: ja('triage.title') });
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(2);
    // a selects the page, c confirms both.
    await page.keyboard.press('a');
    await page.getByText(ja('triage.selected', { count: 2 })).waitFor();
    await page.keyboard.press('c');
    await page.getByRole('dialog').getByLabel(ja('triage.verdict.reason')).fill('same kit, e2e');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: ja('triage.verdict.submit') })
      .click();
    await page
      .getByRole('status')
      .getByText(ja('triage.verdict.done', { count: 2, verdict: ja('triage.status.confirmed') }))
      .waitFor();

    const campaignOf = async (urlId: number) => {
      await page.goto(`${base}/console/urls/${urlId}`);
      const link = page.locator('main a[href^="/console/campaigns/"]');
      return Number((await link.getAttribute('href'))!.split('/').pop());
    };
    const second = await campaignOf(urlIds.mergeTwo);
    const first = await campaignOf(urlIds.mergeOne);
    expect(first).not.toBe(second);
    await page.locator('main a[href^="/console/campaigns/"]').click();
    await page.waitForURL(`**/console/campaigns/${first}`);

    await page.getByLabel(ja('campaigns.rename'), { exact: true }).fill('SMBC e2e merged');
    await page.getByRole('button', { name: ja('campaigns.rename_submit') }).click();
    await page.getByRole('heading', { level: 2, name: /SMBC e2e merged/ }).waitFor();

    await page.getByRole('checkbox', { name: new RegExp(`#${second}\\b`) }).check();
    await page.getByRole('button', { name: ja('campaigns.merge_submit', { count: 1 }) }).click();
    await page.getByRole('status').getByText(ja('campaigns.merged_done')).waitFor();
    const urls = page.getByRole('table', { name: ja('campaigns.urls', { count: 2 }) });
    await urls.getByText('hxxps://smbc-card[.]merge-two[.]example[.]net/beta/signin.html').waitFor();

    await urls.getByRole('checkbox', { name: /merge-two/ }).check();
    await page.getByLabel(ja('campaigns.split_name')).fill('SMBC e2e split');
    await page.getByRole('button', { name: ja('campaigns.split_submit', { count: 1 }) }).click();
    await page.getByRole('heading', { level: 2, name: /SMBC e2e split/ }).waitFor();
    const splitId = Number(new URL(page.url()).pathname.split('/').pop());
    expect([first, second]).not.toContain(splitId);
    await page
      .getByRole('table', { name: ja('campaigns.urls', { count: 1 }) })
      .getByText('hxxps://smbc-card[.]merge-two[.]example[.]net/beta/signin.html')
      .waitFor();

    await page.getByRole('button', { name: ja('campaigns.close') }).click();
    await page.getByRole('status').getByText(ja('campaigns.closed_done')).waitFor();
    await page.getByRole('heading', { level: 2 }).getByText(ja('campaigns.status.closed')).waitFor();
    expect(await page.getByRole('button', { name: ja('campaigns.reopen') }).count()).toBe(1);
    // The starting point for an alert about this campaign.
    expect(await page.getByRole('link', { name: ja('campaigns.start_alert') }).getAttribute('href')).toBe(
      `/console/alerts?campaign=${splitId}`,
    );

    // The merged-away campaign says where it went.
    await page.goto(`${base}/console/campaigns/${second}`);
    await page.getByRole('heading', { level: 2 }).getByText(ja('campaigns.status.merged')).waitFor();
    await page.getByRole('link', { name: ja('campaigns.merged_into', { id: first }) }).waitFor();
    await context.close();
  });

  it('an analyst adds a domain to the allowlist and checks a URL against it', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'analyst@example.test');
    await page
      .getByRole('navigation', { name: ja('console.nav.label') })
      .getByRole('link', { name: ja('triage.nav_allowlist') })
      .click();
    const add = page.getByRole('form', { name: ja('triage.allowlist.add') });
    await add.getByLabel(ja('triage.allowlist.value')).fill('partner-bank.example.jp');
    await add.getByLabel(ja('triage.verdict.reason')).fill('official domain of a partner bank, e2e');
    await add.getByRole('button', { name: ja('triage.allowlist.add_submit') }).click();
    await page
      .getByRole('table', { name: ja('triage.allowlist.title') })
      .getByText('partner-bank.example.jp')
      .first()
      .waitFor();
    const check = page.getByRole('form', { name: ja('triage.allowlist.check') });
    await check.getByLabel(ja('triage.allowlist.check_url')).fill('https://login.partner-bank.example.jp/x');
    await check.getByRole('button', { name: ja('triage.allowlist.check_submit') }).click();
    await check.getByRole('status').getByText(ja('triage.allowlist.check_yes')).waitFor();
    await check
      .getByLabel(ja('triage.allowlist.check_url'))
      .fill('https://partner-bank.example.jp.evil.example/x');
    await check.getByRole('button', { name: ja('triage.allowlist.check_submit') }).click();
    await check.getByRole('status').getByText(ja('triage.allowlist.check_no')).waitFor();
    await context.close();
  });

  it('an analyst corrects a brand attribution, then marks the URL benign with its host on the allowlist', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'analyst@example.test', `/console/urls/${urlIds.amazon}`);
    await page.getByRole('heading', { name: ja('triage.url.brand') }).waitFor();
    await page.getByText('アマゾン', { exact: true }).waitFor();
    await page.getByRole('button', { name: ja('triage.url.correct_brand') }).click();
    const form = page.getByRole('form', { name: ja('triage.url.correct_brand') });
    await form.getByLabel(ja('triage.filter.brand')).selectOption({ label: '佐川急便' });
    await form.getByLabel(ja('triage.verdict.reason')).fill('the kit imitates the parcel service, e2e');
    await form.getByRole('button', { name: ja('console.save') }).click();
    await page.getByText('佐川急便', { exact: true }).first().waitFor();
    const history = page.getByRole('list', { name: ja('triage.url.history') });
    await history.getByText('the kit imitates the parcel service, e2e').waitFor();
    await history.getByText(ja('triage.history.brand_correction')).waitFor();

    await page.getByRole('button', { name: ja('triage.action.benign') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(ja('triage.verdict.reason')).fill('test page of a partner, e2e');
    await dialog.getByLabel(ja('triage.verdict.allowlist')).selectOption('host');
    await dialog.getByRole('button', { name: ja('triage.verdict.submit') }).click();
    await page
      .getByRole('status')
      .getByText(ja('triage.verdict.done', { count: 1, verdict: ja('triage.status.benign') }))
      .waitFor();
    await page.getByText(ja('triage.status.benign'), { exact: true }).first().waitFor();
    await page.goto(`${base}/console/allowlist?q=amazon-co-jp`);
    await page
      .getByRole('table', { name: ja('triage.allowlist.title') })
      .getByText('amazon-co-jp.signin-verify.example.xyz')
      .waitFor();
    await context.close();
  });

  it('fits a tablet: navigation on top, nothing wider than the screen', async () => {
    for (const viewport of [
      { width: 768, height: 1024 },
      { width: 1280, height: 800 },
    ]) {
      const { context, page } = await newPage(viewport);
      await logIn(page, 'analyst@example.test', `/console/urls/${urlIds.xss}`);
      await page.getByRole('table', { name: ja('triage.url.reports_table') }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${viewport.width}px`).toBeLessThanOrEqual(0);
      const nav = await page.getByRole('navigation', { name: ja('console.nav.label') }).boundingBox();
      const main = await page.locator('main').boundingBox();
      if (viewport.width < 1024) expect(nav!.y + nav!.height).toBeLessThanOrEqual(main!.y + 1);
      else expect(nav!.x + nav!.width).toBeLessThanOrEqual(main!.x + 1);
      await context.close();
    }
  });
});

describe('accessibility', { timeout: BROWSER_TEST_MS }, () => {
  async function axeViolations(page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> {
    await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      type Result = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
      const result = await (window as unknown as { axe: { run(): Promise<Result> } }).axe.run();
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  it('console screens have no serious or critical axe violations', async () => {
    // axe is injected as a script, so this context bypasses the console's CSP.
    const { context, page } = await newPage({ width: 1280, height: 800 }, { bypassCSP: true });
    await page.goto(`${base}/console/`);
    await page.getByLabel(ja('accounts.login.email')).waitFor();
    expect(await axeViolations(page), 'login').toEqual([]);
    await logIn(page, 'admin@example.test');
    const campaignId = await page.evaluate(async () => {
      const r = await fetch('/api/v1/campaigns');
      return ((await r.json()) as { items: { id: number }[] }).items[0]?.id;
    });
    const screens: [string, string][] = [
      ['/console/', 'main h1'],
      ['/console/triage?status=all', 'main table'],
      ['/console/triage/reports', 'main table'],
      [`/console/urls/${urlIds.xss}`, 'main table'],
      ['/console/campaigns', 'main h1'],
      ['/console/allowlist', 'main table'],
      ['/console/admin/users', 'main table'],
      ['/console/admin/organisations', 'main table'],
      ['/console/admin/api-keys', 'main table'],
      ['/console/admin/audit', 'main table'],
    ];
    if (campaignId) screens.push([`/console/campaigns/${campaignId}`, 'main table']);
    for (const [path, ready] of screens) {
      await page.goto(base + path);
      await page.locator(ready).first().waitFor();
      expect(await axeViolations(page), path).toEqual([]);
    }
    await context.close();
  }, 120_000);
});
