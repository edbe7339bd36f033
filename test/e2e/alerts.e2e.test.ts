import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.ts';
import { buildServer } from '../../src/http/server.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../../src/notify/signature.ts';
import { urlIdsOn } from '../../src/triage/triage.fixtures.ts';
import { translator } from '../../web/src/i18n/translate.ts';
import { startSmtpSink, startWebhookReceiver } from '../alert-sinks.ts';
import { signIn } from '../auth.ts';
import { createTestContext, type TestContext } from '../context.ts';
import { ensureConsoleBuilt } from './console-build.ts';

/**
 * Issue #6 end to end in Debian's Chromium against the real server (SQLite; the APIs are tested on both
 * dialects by their modules): an analyst drafts an alert from a campaign in the console, a second analyst
 * publishes it, the public page and the Atom feed show it, a loopback webhook receiver gets a valid
 * signature, a subscriber (double opt-in through the public pages) gets the mail in an SMTP sink, the
 * victim's flow downloads a PDF holding the submitted URL, and the public pages pass axe.
 */
const ja = translator('ja');
const PASSWORD = 'alerts e2e password 1';
const PHISH = 'https://amazon-pay-check.example.top/verify';
const SMS = `【Amazon】お支払い方法に問題があります。確認してください ${PHISH}`;
const PUBLIC_BASE = 'http://alerts.example.test';
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let ctx: TestContext;
let app: FastifyInstance;
let base: string;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let secret: string;
let campaignId: number;
let slug: string;

async function consoleLogIn(page: Page, email: string, path: string): Promise<void> {
  await page.goto(base + path);
  await page.getByLabel(ja('accounts.login.email')).fill(email);
  await page.getByLabel(ja('accounts.login.password')).fill(PASSWORD);
  await page.getByRole('button', { name: ja('accounts.login.sign_in'), exact: true }).click();
  await page.getByRole('button', { name: ja('accounts.login.sign_out') }).waitFor();
}

/** Path and query of a link in a mail (it names PUBLIC_BASE, the test server listens elsewhere). */
function localPath(text: string, pattern: RegExp): string {
  const link = pattern.exec(text)?.[0];
  if (!link) throw new Error(`no link ${pattern} in: ${text}`);
  const u = new URL(link);
  return u.pathname + u.search;
}

beforeAll(async () => {
  ensureConsoleBuilt();
  smtp = await startSmtpSink();
  hook = await startWebhookReceiver();
  ctx = await createTestContext('sqlite', {
    MAIL_OUT_URL: smtp.url,
    PUBLIC_BASE_URL: PUBLIC_BASE,
    DATA_DIR: `/tmp/phishdesk-alerts-e2e-${process.pid}`,
    OUTBOUND_ENABLED: 'true',
    FETCH_ALLOW_PRIVATE: 'true',
  });
  app = await buildServer(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium(ctx.config);
  for (const [email, name] of [
    ['author@example.test', 'Aki Author'],
    ['reviewer@example.test', 'Ren Reviewer'],
  ]) {
    await ctx.accounts.createUser({ email: email!, displayName: name!, role: 'analyst', password: PASSWORD });
  }
  secret = (await ctx.notify.createWebhook({ name: 'member', url: hook.url, createdBy: null })).secret;

  // A campaign the real way: an SMS report is analysed, an analyst confirms its URL.
  const rep = await app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    payload: { kind: 'sms', content: SMS },
  });
  expect(rep.statusCode).toBe(202);
  await ctx.queue.drain();
  const triager = await signIn(app, ctx, { role: 'analyst' });
  const [urlId] = await urlIdsOn(ctx, 'amazon-pay-check.example.top');
  const verdict = await app.inject({
    method: 'POST',
    url: '/api/v1/triage/urls/verdicts',
    headers: triager.headers,
    payload: { ids: [urlId], status: 'confirmed', reason: 'smishing kit' },
  });
  expect(verdict.statusCode).toBe(200);
  campaignId = (
    await app.inject({ method: 'GET', url: `/api/v1/urls/${urlId}`, headers: triager.headers })
  ).json().campaignId as number;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await ctx?.close();
  await smtp?.close();
  await hook?.close();
});

describe('emergency alerts in Chromium', () => {
  it('a reader subscribes with double opt-in on the public pages, JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'ja-JP' });
    const page = await context.newPage();
    await page.goto(`${base}/alerts`);
    await page.getByLabel(ja('alerts.subscribe.email')).fill('reader@example.test');
    await page.getByRole('button', { name: ja('alerts.subscribe.submit') }).click();
    await page.getByText(ja('alerts.subscribe.check_mail')).waitFor();
    const confirm = smtp.mails.find((m) => m.to[0] === 'reader@example.test')!;
    expect(confirm.subject).toBe(ja('alerts.mail.confirm_subject'));
    await page.goto(base + localPath(confirm.text, /http\S+\/alerts\/subscribe\/confirm\?token=[\w-]+/));
    await page.getByRole('button', { name: ja('alerts.confirm.button') }).click();
    await page.getByText(ja('alerts.confirm.done')).waitFor();
    await context.close();
  });

  it('an analyst drafts from the campaign, a second analyst publishes; page, feed, webhook and mail follow', async () => {
    const authorCtx = await browser.newContext({ locale: 'ja-JP' });
    const author = await authorCtx.newPage();
    await consoleLogIn(author, 'author@example.test', `/console/alerts?campaign=${campaignId}`);
    await author.getByRole('heading', { name: ja('alerts.console.title'), level: 1 }).waitFor();
    await author
      .getByRole('button', { name: ja('alerts.console.create') })
      .first()
      .click();
    await author.getByRole('button', { name: ja('alerts.console.submit') }).waitFor();
    const alertPath = new URL(author.url()).pathname;
    expect(alertPath).toMatch(/^\/console\/alerts\/\d+$/);
    expect(await author.getByLabel(ja('alerts.console.title_ja')).inputValue()).toBe(
      'アマゾンをかたるフィッシング',
    );
    await author
      .getByLabel(ja('alerts.console.summary_ja'))
      .fill('アマゾンをかたるSMSで偽サイトに誘導する手口が確認されています。');
    await author.getByRole('button', { name: ja('alerts.console.save') }).click();
    await author.getByText(ja('alerts.console.saved')).waitFor();
    await author.getByRole('button', { name: ja('alerts.console.submit') }).click();
    await author.getByText(ja('alerts.status.in_review')).waitFor();
    // The author cannot publish their own alert.
    expect(await author.getByRole('button', { name: ja('alerts.console.publish') }).isDisabled()).toBe(true);
    await authorCtx.close();

    const reviewerCtx = await browser.newContext({ locale: 'ja-JP' });
    const reviewer = await reviewerCtx.newPage();
    await consoleLogIn(reviewer, 'reviewer@example.test', alertPath);
    await reviewer.getByRole('button', { name: ja('alerts.console.publish') }).click();
    await reviewer.getByText(ja('alerts.status.published')).first().waitFor();
    const publicLink = reviewer.getByRole('link', { name: ja('alerts.console.public_page') });
    slug = new URL((await publicLink.getAttribute('href'))!, base).pathname.split('/').pop()!;
    expect(slug).toBe('amazon-20260522');
    await reviewerCtx.close();

    // Public page, JavaScript off.
    const pub = await browser.newContext({ javaScriptEnabled: false, locale: 'ja-JP' });
    const page = await pub.newPage();
    const res = await page.goto(`${base}/alerts/${slug}`);
    expect(res?.status()).toBe(200);
    const h1 = await page.locator('h1').allTextContents();
    expect(h1).toEqual(['アマゾンをかたるフィッシング']);
    await page.getByText('https://ama●●●●.top/v').first().waitFor();
    const html = await page.content();
    expect(html).not.toContain('amazon-pay-check');
    expect(await page.getByRole('link', { name: ja('nav.report') }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: ja('nav.check') }).count()).toBe(1);

    // The Atom feed is well-formed XML (the browser's own parser) and lists the alert.
    const feed = await (await page.request.get(`${base}/alerts/feed.atom`)).text();
    const js = await browser.newContext();
    const parsePage = await js.newPage();
    const parsed = await parsePage.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      return {
        error: doc.getElementsByTagName('parsererror').length,
        titles: [...doc.getElementsByTagName('entry')].map(
          (e) => e.getElementsByTagName('title')[0]?.textContent,
        ),
        links: [...doc.getElementsByTagName('entry')].map((e) =>
          e.getElementsByTagName('link')[0]?.getAttribute('href'),
        ),
      };
    }, feed);
    expect(parsed.error).toBe(0);
    expect(parsed.titles).toEqual(['アマゾンをかたるフィッシング']);
    expect(parsed.links).toEqual([`${PUBLIC_BASE}/alerts/${slug}?lang=ja`]);
    expect(feed).not.toContain('amazon-pay-check');
    await js.close();
    await pub.close();

    // Notifications go out through the queue.
    await ctx.queue.drain();
    expect(hook.received).toHaveLength(1);
    const got = hook.received[0]!;
    expect(
      verifyWebhook(
        secret,
        {
          signature: got.headers[SIGNATURE_HEADER] as string,
          timestamp: got.headers[TIMESTAMP_HEADER] as string,
        },
        got.body,
        Math.floor(ctx.clock.now() / 1000),
      ),
    ).toBe(true);
    expect(JSON.parse(got.body)).toMatchObject({ event: 'alert.published', alert: { slug } });
    const mail = smtp.mails.find(
      (m) => m.to[0] === 'reader@example.test' && m.subject.includes('アマゾンをかたる'),
    );
    expect(mail?.text).toContain(`${PUBLIC_BASE}/alerts/${slug}`);
    expect(mail?.text).toContain('/alerts/unsubscribe?token=');
    expect(mail?.text).not.toContain('amazon-pay-check');
  }, 120_000);

  it("the victim's flow downloads a PDF that holds the submitted URL", async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      acceptDownloads: true,
      locale: 'ja-JP',
    });
    const page = await context.newPage();
    await page.goto(`${base}/victim`);
    await page.getByLabel(ja('victim.field.prefecture')).selectOption('13');
    await page.getByRole('radio', { name: new RegExp(ja('victim.kind.report')) }).check();
    await page.getByLabel(ja('victim.field.when')).fill('2026年5月21日 20時ごろ');
    await page.getByLabel(ja('victim.field.what')).fill('SMSのリンクからカード番号を入力し、不正利用された');
    await page.getByLabel(ja('victim.field.urls')).fill(PHISH);
    await page.getByLabel(ja('victim.field.messages')).fill(SMS);
    await page.getByLabel(ja('victim.field.damage')).fill('38,000円');
    await page.getByLabel(ja('victim.field.consent_police')).check();
    await page.getByRole('button', { name: ja('victim.form.submit') }).click();
    await page.getByRole('heading', { name: ja('victim.ready.title') }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: ja('victim.ready.pdf') }).click(),
    ]);
    const bytes = fs.readFileSync((await download.path())!);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    const normal = text.normalize('NFKC');
    expect(normal).toContain(PHISH);
    expect(normal).toContain('被害届');
    expect(normal).toContain('110');
    expect(normal).toContain('東京都');
    await context.close();
  }, 60_000);

  it('an analyst edits an awareness page in the console; the public page shows it escaped', async () => {
    const context = await browser.newContext({ locale: 'ja-JP' });
    const page = await context.newPage();
    await consoleLogIn(page, 'author@example.test', '/console/awareness?page=faq');
    await page.getByRole('heading', { name: ja('alerts.awareness.index'), level: 1 }).waitFor();
    await page.getByLabel(ja('alerts.awareness.title')).fill('よくある質問（改訂）');
    await page
      .getByLabel(ja('alerts.awareness.body'))
      .fill('# 新しい質問\n\n<img src=x onerror=alert(1)> は文字のまま');
    await page.getByRole('button', { name: ja('alerts.console.save') }).click();
    await page.getByText(ja('alerts.console.saved')).waitFor();
    await context.close();
    const pub = await browser.newContext({ javaScriptEnabled: false, locale: 'ja-JP' });
    const view = await pub.newPage();
    await view.goto(`${base}/guide/faq`);
    expect(await view.locator('h1').allTextContents()).toEqual(['よくある質問（改訂）']);
    await view.getByRole('heading', { name: '新しい質問', level: 2 }).waitFor();
    await view.getByText('<img src=x onerror=alert(1)> は文字のまま').waitFor();
    expect(await view.locator('main img').count()).toBe(0);
    await pub.close();
  }, 60_000);

  it('public pages pass axe with no serious or critical violations and show no live phishing URL', async () => {
    // axe is injected, so this context bypasses the pages' CSP (the pages themselves run no script).
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    for (const path of [
      '/alerts',
      `/alerts/${slug}`,
      `/alerts/${slug}?lang=en`,
      '/guide',
      '/guide/faq',
      '/victim',
      '/victim?lang=en',
    ]) {
      await page.goto(base + path);
      expect(await page.content(), path).not.toContain('amazon-pay-check');
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }
        ).axe.run();
        return result.violations.map((v) => ({ id: v.id, impact: v.impact }));
      });
      expect(
        violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
        path,
      ).toEqual([]);
    }
    await context.close();
  }, 120_000);
});
