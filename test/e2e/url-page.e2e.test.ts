import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/accounts/principal.ts';
import { launchChromium } from '../../src/browser/chromium.ts';
import { buildServer } from '../../src/http/server.ts';
import { createLivenessRepository } from '../../src/liveness/liveness.repository.ts';
import { importJpcert, jpcertRows, rawEmail, urlIdsOn } from '../../src/triage/triage.fixtures.ts';
import { createTestContext, type TestContext } from '../context.ts';
import { multipartBody } from '../multipart.ts';
import { ensureConsoleBuilt } from './console-build.ts';
import { BROWSER_TEST_MS, ja, PASSWORD } from './console-fixture.ts';

/**
 * The URL page as an analyst works it (issue 18 step 3), in Debian's Chromium on JPCERT/CC's published
 * rows: the latest capture's screenshot as an image (captured here in Chromium from a loopback stand-in
 * of the kit, never the live site), liveness, addresses, RDAP, TLS, redirects, related URLs as links,
 * report attachments, the actions, and the brand picker. Screenshots go to test-output/ (not committed).
 */
const OUT = path.resolve(import.meta.dirname, '../../test-output/url-page');
const KIT = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>楽天会員ログイン</title>
<style>body{font-family:sans-serif;background:#f5f5f5}form{width:320px;margin:60px auto;background:#fff;padding:24px;border-top:6px solid #bf0000}
h1{color:#bf0000;font-size:22px}label{display:block;margin-top:12px}input{width:100%;padding:6px}</style></head>
<body><form><h1>Rakuten 楽天会員ログイン</h1><p>セキュリティ確認のため、ユーザIDとパスワードを入力してください。</p>
<label>ユーザID<input name="u"></label><label>パスワード<input type="password" name="p"></label>
<label>カード番号<input name="cc" autocomplete="cc-number"></label><button>ログイン</button></form></body></html>`;

let ctx: TestContext;
let app: FastifyInstance;
let browser: Browser;
let kit: http.Server;
let base: string;
let ids: number[];

beforeAll(async () => {
  ensureConsoleBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  ctx = await createTestContext('sqlite', { OUTBOUND_ENABLED: 'true', FETCH_ALLOW_PRIVATE: 'true' });
  app = await buildServer(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  kit = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(KIT);
  });
  await new Promise<void>((resolve) => kit.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium(ctx.config);

  // JPCERT/CC's rows of one 楽天 campaign: seven hosts on one throwaway domain, confirmed by an analyst.
  await importJpcert(ctx, jpcertRows(['rakutensybqxabsa71.net']));
  ids = await urlIdsOn(ctx, 'rakutensybqxabsa71.net');
  const analyst = await ctx.accounts.createUser({
    email: 'analyst@example.test',
    displayName: 'Aoi Analyst',
    role: 'analyst',
    password: PASSWORD,
  });
  const principal: Principal = {
    kind: 'session',
    userId: analyst.id,
    apiKeyId: null,
    role: 'analyst',
    displayName: 'Aoi Analyst',
    organisationId: null,
    brandIds: [],
    tlpClearance: 'red',
  };
  await ctx.triage.setVerdicts(principal, { ids, status: 'confirmed', reason: 'JPCERT/CC の公開リスト' });

  // What the liveness and RDAP modules would have stored (nothing here may resolve the real names).
  const id = ids[0]!;
  const t0 = ctx.clock.now();
  const live = createLivenessRepository(ctx.db);
  const hop = {
    url: 'http://rakuten.co.jp.example.test/',
    status: 302,
    location: '/login',
    address: '203.0.113.7',
  };
  for (const [i, result] of (['live', 'live', 'down'] as const).entries())
    await live.insertCheck({
      url_id: id,
      checked_at: t0 - (3 - i) * 3_600_000,
      result,
      http_status: result === 'live' ? 200 : 404,
      final_url: result === 'live' ? 'https://login.rakutensybqxabsa71.net/login' : null,
      content_hash: null,
      address: '203.0.113.7',
      redirects: JSON.stringify(result === 'live' ? [hop] : []),
      tls:
        result === 'live'
          ? JSON.stringify({
              protocol: 'TLSv1.3',
              cipher: 'TLS_AES_128_GCM_SHA256',
              authorized: true,
              authorizationError: null,
              subject: 'CN=*.rakutensybqxabsa71.net',
              issuer: "C=US, O=Let's Encrypt, CN=R3",
              subjectAltName: 'DNS:*.rakutensybqxabsa71.net',
              validFrom: 'Jan 10 00:00:00 2020 GMT',
              validTo: 'Apr  9 23:59:59 2020 GMT',
              fingerprint256: '3F:1A:…',
            })
          : null,
      error: null,
      duration_ms: 240,
    });
  await ctx.db.kysely
    .insertInto('rdap_cache')
    .values({
      key: 'ip:203.0.113.7',
      fetched_at: t0 - 3_600_000,
      expires_at: t0 + 3_600_000,
      found: 1,
      result: JSON.stringify({
        kind: 'ip',
        query: '203.0.113.7',
        server: 'https://rdap.apnic.example.test/',
        handle: 'EXAMPLE-NET-JP',
        name: 'EXAMPLE-HOSTING-NET',
        country: 'JP',
        startAddress: '203.0.113.0',
        endAddress: '203.0.113.255',
        registrant: 'Example Hosting K.K.',
        abuse: [{ name: 'Abuse', emails: ['abuse@hosting.example.test'], phones: [], handle: null }],
      }),
    })
    .execute();
  // A real capture in Chromium, of a loopback stand-in of the kit, stored as this URL's evidence.
  const { port } = kit.address() as AddressInfo;
  const shot = await ctx.capture.capture(`http://127.0.0.1:${port}/login`, { urlId: id, mobile: false });
  expect(shot.desktop.status).toBe('ok');

  // A public report of the URL with the SMS screenshot and the forwarded e-mail attached.
  const png = (await ctx.capture.evidence.read(shot.desktop.screenshot_sha256!))!.bytes;
  const url = (
    await ctx.db.kysely.selectFrom('urls').select('canonical').where('id', '=', id).executeTakeFirstOrThrow()
  ).canonical;
  const eml = rawEmail({
    from: '"楽天カード" <info@rakuten-card.example.test>',
    subject: '【楽天】ご本人様確認のお願い',
    url,
  });
  const upload = multipartBody({ report: JSON.stringify({ kind: 'email', content: eml }) }, [
    { field: 'attachments', filename: 'sms-screenshot.png', data: png },
    { field: 'attachments', filename: 'forwarded.eml', data: Buffer.from(eml) },
  ]);
  const sent = await fetch(`${base}/api/v1/reports`, {
    method: 'POST',
    headers: upload.headers,
    body: new Uint8Array(upload.body),
  });
  expect(sent.status).toBe(202);
  await ctx.queue.drain();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => kit?.close(resolve));
  await app?.close();
  await ctx?.close();
});

async function logIn(page: Page, to: string) {
  await page.goto(base + to);
  await page.getByLabel(ja('accounts.login.email')).fill('analyst@example.test');
  await page.getByLabel(ja('accounts.login.password')).fill(PASSWORD);
  await page.getByRole('button', { name: ja('accounts.login.sign_in'), exact: true }).click();
  await page.getByRole('button', { name: ja('accounts.login.sign_out') }).waitFor();
}

describe('the URL page with its evidence', { timeout: BROWSER_TEST_MS }, () => {
  it('shows the screenshot as an image, the stored facts, related URLs as links and the actions', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const id = ids[0]!;
    await logIn(page, `/console/urls/${id}`);
    await page.getByRole('heading', { name: ja('triage.url.title'), level: 1 }).waitFor();

    // The screenshot: an <img> from the staff-only evidence route, loaded, not a frame of the live page.
    const evidence = page.locator('section[aria-labelledby="evidence-heading"]');
    const img = evidence.locator('figure.screenshot img');
    await img.waitFor();
    expect(await img.evaluate((e) => e.tagName)).toBe('IMG');
    expect(await img.getAttribute('src')).toMatch(/^\/api\/v1\/evidence\/[0-9a-f]{64}$/);
    await expect.poll(() => img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    expect(await page.locator('iframe, object, embed').count()).toBe(0);
    await evidence.getByText('楽天会員ログイン').first().waitFor();

    // Liveness, addresses, RDAP, TLS and the redirect chain, in Japanese, times in JST.
    await evidence.getByText(ja('urlpage.liveness.down'), { exact: true }).first().waitFor();
    expect(
      await evidence
        .getByRole('table', { name: ja('urlpage.liveness.history') })
        .locator('tbody tr')
        .count(),
    ).toBe(3);
    await evidence.getByText('203.0.113.7').first().waitFor();
    await evidence.getByText('Example Hosting K.K.').waitFor();
    await evidence.getByText("C=US, O=Let's Encrypt, CN=R3").waitFor();
    await evidence
      .getByRole('list', { name: ja('urlpage.redirects.title') })
      .getByText('hxxp://rakuten[.]co[.]jp[.]example[.]test/')
      .waitFor();
    expect(await evidence.textContent()).toMatch(/\d{1,2}:\d{2} JST/);

    // Related URLs: the other six hosts of the domain, each a link to its own page, never to the site.
    const domainGroup = page.locator('section[aria-labelledby="related-domain"]');
    await domainGroup.getByRole('link').first().waitFor();
    const related = page.locator('section[aria-labelledby="related-heading"]').getByRole('link');
    const hrefs = await related.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThanOrEqual(ids.length - 1);
    for (const href of hrefs) expect(href).toMatch(/^\/console\/(urls|campaigns)\/\d+$/);
    expect(await page.locator('a[href*="rakutensybqxabsa71"]').count()).toBe(0);

    // The report's attachments: the screenshot as an image, the e-mail as headers and escaped text.
    const attachments = page.locator('section[aria-labelledby="attachments-heading"]');
    const attached = attachments.locator('figure.screenshot img');
    await attached.waitFor();
    // Loaded lazily: scrolled to, as an analyst would.
    await attached.scrollIntoViewIfNeeded();
    await expect
      .poll(() => attached.evaluate((e) => (e as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(100);
    await attachments.getByText('【楽天】ご本人様確認のお願い').first().waitFor();
    await attachments.getByText('info@rakuten-card.example.test', { exact: false }).first().waitFor();

    // The actions: capture now, open a takedown for this URL (no id to type), draft an alert for 楽天.
    await page.getByRole('button', { name: ja('urlpage.capture.now') }).waitFor();
    const takedown = page.getByRole('link', { name: ja('triage.url.start_takedown') });
    expect(await takedown.getAttribute('href')).toBe(`/console/takedowns?url=${id}`);
    const brand = ctx.brands.bySlug('rakuten')!;
    const draft = page.getByRole('button', { name: ja('urlpage.draft_alert', { brand: brand.nameJa }) });
    await draft.waitFor();
    await page.screenshot({ path: path.join(OUT, 'url-page.png'), fullPage: true });
    await page.screenshot({ path: path.join(OUT, 'url-page-top.png') });

    await takedown.click();
    await page.getByRole('heading', { name: ja('takedowns.console.title'), level: 1 }).waitFor();
    await page
      .locator('form code.url')
      .getByText(/^hxxps?:\/\//)
      .first()
      .waitFor();
    expect(await page.getByLabel(ja('takedowns.console.url_id')).count()).toBe(0);
    await page.screenshot({ path: path.join(OUT, 'takedown-prefilled.png') });
    await page.goBack();
    await draft.click();
    await page.waitForURL(/\/console\/alerts\/\d+$/);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('picks a brand by typing its Japanese name, alias or English name, from the keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, '/console/alerts');
    const picker = page.getByRole('combobox', { name: ja('alerts.console.brand') });
    await picker.click();
    const list = page.getByRole('listbox', { name: ja('alerts.console.brand') });
    await list.waitFor();
    await picker.fill('らくてん');
    await picker.fill('楽天カ');
    await list.getByRole('option').first().waitFor();
    const first = await list.getByRole('option').first().textContent();
    expect(first).toContain('楽天カード');
    await page.screenshot({ path: path.join(OUT, 'brand-picker.png') });
    await picker.press('ArrowDown');
    await picker.press('ArrowUp');
    await picker.press('Enter');
    expect(await list.count()).toBe(0);
    expect(await picker.inputValue()).toContain('楽天カード');
    // English names and slugs find the same brands.
    await picker.fill('amazon');
    expect(await list.getByRole('option').first().textContent()).toMatch(/Amazon|アマゾン/);
    await picker.press('Escape');
    expect(await picker.inputValue()).toContain('楽天カード');
    await page
      .getByRole('button', { name: ja('alerts.console.create') })
      .nth(1)
      .click();
    await page.waitForURL(/\/console\/alerts\/\d+$/);
    await context.close();
  });
});
