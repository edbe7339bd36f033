import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staff } from '../../src/triage/triage.fixtures.ts';
import {
  BROWSER_TEST_MS,
  type ConsoleFixture,
  ja,
  REPORTS,
  startConsoleFixture,
  type UrlIds,
  XSS_SENDER,
  XSS_SUBJECT,
} from './console-fixture.ts';

/**
 * The browser checks in Debian's Chromium: an analyst triages a reported URL to confirmed and
 * sees it join a campaign; a brand user sees only their brand; attacker strings are text; campaign work.
 */
let f: ConsoleFixture;
let base: string;
let urlIds: UrlIds;
let dialogs: string[];
let newPage: ConsoleFixture['newPage'];
let logIn: ConsoleFixture['logIn'];

beforeAll(async () => {
  f = await startConsoleFixture();
  ({ base, urlIds, dialogs, newPage, logIn } = f);
}, 180_000);

afterAll(async () => {
  await f?.close();
});

describe('triage and campaigns', { timeout: BROWSER_TEST_MS }, () => {
  it('an analyst confirms a reported URL from the keyboard and sees it join a campaign', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'analyst@example.test', '/console/triage');
    const queue = page.getByRole('table', { name: ja('triage.title') });
    // Every new URL listed, by priority (the default for new URLs) with why each is high; j/k move the
    // highlighted row.
    await queue
      .locator('tbody tr')
      .nth(REPORTS.length - 1)
      .waitFor();
    expect(await queue.locator('tbody tr').count()).toBe(REPORTS.length);
    const order = page.getByLabel(ja('triage.sort'), { exact: true });
    expect(await order.inputValue()).toBe('priority');
    await queue.getByText(ja('triage.priority.brand')).first().waitFor();
    expect(await queue.getByRole('columnheader', { name: ja('triage.col.priority') }).count()).toBe(1);
    // Newest first stays a choice, kept in the address.
    const byPriority = await queue
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.dataset.urlId));
    await order.selectOption('newest');
    await page.waitForURL(/sort=newest/);
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(REPORTS.length);
    const newest = await queue.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.urlId));
    const apiOrder = async (sort: 'priority' | 'newest') =>
      (await f.ctx.triage.listUrls(staff(), { status: ['new'], sort, limit: 50 })).items.map((u) =>
        String(u.id),
      );
    expect(byPriority).toEqual(await apiOrder('priority'));
    expect(newest).toEqual(await apiOrder('newest'));
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
    // Their brand's URL that no analyst has confirmed yet stays in the house (issue 21's disclosure rule).
    expect(await list.locator(`tbody tr[data-url-id="${urlIds.xss}"]`).count()).toBe(0);
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
    // Every script the page loaded has run once the network is idle: any dialog would have opened by then.
    await page.waitForLoadState('networkidle');
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

    // Removing asks once more in place; cancel keeps the entry, the confirming button removes it.
    const row = page
      .getByRole('table', { name: ja('triage.allowlist.title') })
      .locator('tr', { hasText: 'partner-bank.example.jp' });
    await row.getByRole('button', { name: ja('triage.allowlist.remove'), exact: true }).click();
    await row.getByRole('button', { name: ja('console.cancel') }).click();
    await row.getByRole('button', { name: ja('triage.allowlist.remove'), exact: true }).click();
    await row.getByRole('button', { name: ja('triage.allowlist.remove_confirm') }).click();
    await expect.poll(() => row.count()).toBe(0);
    await page.reload();
    await page.getByRole('table', { name: ja('triage.allowlist.title') }).waitFor();
    expect(await row.count()).toBe(0);
    await context.close();
  });

  it('an analyst corrects a brand attribution, then marks the URL benign with its host on the allowlist', async () => {
    const { context, page } = await newPage();
    await logIn(page, 'analyst@example.test', `/console/urls/${urlIds.amazon}`);
    await page.getByRole('heading', { name: ja('triage.url.brand') }).waitFor();
    await page.getByText('アマゾン', { exact: true }).waitFor();
    await page.getByRole('button', { name: ja('triage.url.correct_brand') }).click();
    const form = page.getByRole('form', { name: ja('triage.url.correct_brand') });
    // The searchable brand picker: type, then choose with the keyboard.
    const brandField = form.getByRole('combobox', { name: ja('triage.filter.brand') });
    await brandField.fill('佐川');
    await form
      .getByRole('option', { name: /^佐川急便/ })
      .first()
      .waitFor();
    await brandField.press('Enter');
    expect(await brandField.inputValue()).toMatch(/^佐川急便/);
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
