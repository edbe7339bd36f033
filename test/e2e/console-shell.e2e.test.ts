import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AXE,
  BROWSER_TEST_MS,
  type ConsoleFixture,
  en,
  ja,
  PASSWORD,
  startConsoleFixture,
  type UrlIds,
} from './console-fixture.ts';

/**
 * The console's shell in Debian's Chromium: serving under /console/, sign-in and sign-out, language,
 * session end, administration screens, and axe on every screen.
 */
let f: ConsoleFixture;
let base: string;
let urlIds: UrlIds;
let newPage: ConsoleFixture['newPage'];
let logIn: ConsoleFixture['logIn'];

beforeAll(async () => {
  f = await startConsoleFixture();
  ({ base, urlIds, newPage, logIn } = f);
}, 180_000);

afterAll(async () => {
  await f?.close();
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
    // The table can be in the DOM before the screen has sent its requests; a cookie cleared before those
    // leaves on their 401 already, and the link below would never come back. Wait until they are answered.
    await page.waitForLoadState('networkidle');
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

  it('the home page says outbound visits are off until an operator turns them on (ja and en)', async () => {
    const { context, page } = await newPage({ width: 1280, height: 800 });
    await page.goto(`${base}/console/`);
    await logIn(page, 'admin@example.test');
    await page.getByTestId('outbound-status').getByText(ja('console.outbound.off')).waitFor();
    await page.goto(`${base}/console/?lang=en`);
    await page.getByTestId('outbound-status').waitFor();
    const text = await page.getByTestId('outbound-status').textContent();
    expect([ja('console.outbound.off'), en('console.outbound.off')]).toContain(text);
    await context.close();
  });

  it('console screens have no serious or critical axe violations', async () => {
    // axe is injected as a script, so this context bypasses the console's CSP.
    const { context, page } = await newPage({ width: 1280, height: 800 }, { bypassCSP: true });
    await page.goto(`${base}/console/`);
    await page.getByLabel(ja('accounts.login.email')).waitFor();
    expect(await axeViolations(page), 'login').toEqual([]);
    await logIn(page, 'admin@example.test');
    // A confirmed URL, so there is a campaign page to check (through the API, as the console does).
    const campaignId = await page.evaluate(async (urlId) => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const r = await fetch(`/api/v1/urls/${urlId}/verdict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ status: 'confirmed', reason: 'axe check' }),
      });
      return ((await r.json()) as { campaignId: number | null }).campaignId;
    }, urlIds.mergeOne);
    expect(campaignId).toBeGreaterThan(0);
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
    screens.push([`/console/campaigns/${campaignId}`, 'main table']);
    for (const [path, ready] of screens) {
      await page.goto(base + path);
      await page.locator(ready).first().waitFor();
      expect(await axeViolations(page), path).toEqual([]);
    }
    await context.close();
  }, 120_000);
});
