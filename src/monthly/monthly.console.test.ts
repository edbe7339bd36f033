/**
 * The console screens of the monthly module in Debian's Chromium against the real server (SQLite): an
 * analyst writes and publishes April's report, the public page then shows it; the dashboard draws its
 * charts and filters by brand.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { ensureConsoleBuilt } from '../../test/e2e/console-build.ts';
import { translator } from '../../web/src/i18n/translate.ts';
import { launchChromium } from '../browser/chromium.ts';
import { buildServer } from '../http/server.ts';
import { importRows } from './testing.ts';

const ja = translator('ja');
const PASSWORD = 'monthly console password';

describe('monthly console screens (sqlite, Chromium)', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let amazonId: number;

  beforeAll(async () => {
    ensureConsoleBuilt();
    ctx = await createTestContext('sqlite');
    await importRows(ctx, [
      ['2026/03/15 10:00:00', 'https://amaz0n.evil-a.test/login', 'Amazon'],
      ['2026/04/01 00:10:00', 'https://a.evil-b.test/signin', 'Amazon'],
      ['2026/04/30 23:50:00', 'https://smbc-card.evil-c.xyz/', '三井住友カード'],
      ['2026/05/21 12:00:00', 'https://c.evil-b.test/signin', 'Amazon'],
      ['2026/05/20 12:00:00', 'https://d.evil-c.xyz/', '三井住友カード'],
    ]);
    amazonId = (
      await ctx.db.kysely
        .selectFrom('brands')
        .select('id')
        .where('slug', '=', 'amazon')
        .executeTakeFirstOrThrow()
    ).id;
    await ctx.accounts.createUser({
      email: 'analyst@example.test',
      displayName: 'Aoi Analyst',
      role: 'analyst',
      password: PASSWORD,
    });
    app = await buildServer(ctx);
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchChromium(ctx.config);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await ctx?.close();
  });

  it('writes, publishes and shows a monthly report; draws and filters the dashboard', async () => {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/console/monthly/2026-04`);
    await page.getByLabel(ja('accounts.login.email')).fill('analyst@example.test');
    await page.getByLabel(ja('accounts.login.password')).fill(PASSWORD);
    await page.getByRole('button', { name: ja('accounts.login.sign_in'), exact: true }).click();
    await page.getByRole('heading', { name: ja('monthly.editor.title'), level: 1 }).waitFor();

    await page.getByLabel(ja('monthly.editor.summary_ja')).fill('4月の総括: アマゾンをかたる報告が最多。');
    await page.getByLabel(ja('monthly.editor.summary_en')).fill('April: Amazon led.');
    await page.getByRole('button', { name: ja('monthly.editor.save') }).click();
    await page.getByRole('status').getByText(ja('monthly.editor.saved')).waitFor();
    expect((await fetch(`${base}/reports/monthly/2026-04`)).status).toBe(404);

    await page.getByRole('button', { name: ja('monthly.editor.publish') }).click();
    await page.getByRole('button', { name: ja('monthly.editor.unpublish') }).waitFor();
    const published = await fetch(`${base}/reports/monthly/2026-04`);
    expect(published.status).toBe(200);
    expect(await published.text()).toContain('4月の総括: アマゾンをかたる報告が最多。');

    await page.getByRole('link', { name: ja('monthly.dashboard.nav') }).click();
    await page.getByRole('heading', { name: ja('monthly.dashboard.title'), level: 1 }).waitFor();
    await page.getByText(ja('monthly.dashboard.total', { n: '3' })).waitFor();
    expect(await page.locator('svg[role="img"] title').allTextContents()).toEqual(
      expect.arrayContaining([ja('monthly.dashboard.days'), ja('monthly.dashboard.months')]),
    );
    const brandField = page.getByRole('combobox', { name: ja('monthly.dashboard.brand') });
    await brandField.fill('amazon');
    await page
      .getByRole('option', { name: /^アマゾン/ })
      .first()
      .waitFor();
    await brandField.press('Enter');
    await page.getByText(ja('monthly.dashboard.total', { n: '1' })).waitFor();
    expect(new URL(page.url()).searchParams.get('brand')).toBe(String(amazonId));
    await context.close();
  }, 120_000);
});
