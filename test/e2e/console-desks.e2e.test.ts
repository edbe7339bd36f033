import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AXE, BROWSER_TEST_MS, type ConsoleFixture, ja, startConsoleFixture } from './console-fixture.ts';

/** The abuse-desk screens: adding a web-form desk, editing it, every save audited; axe on both screens. */
let f: ConsoleFixture;

beforeAll(async () => {
  f = await startConsoleFixture();
}, 180_000);

afterAll(async () => {
  await f?.close();
});

async function seriousViolations(page: Page) {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string }[] };
    return (await (window as unknown as { axe: { run(): Promise<Result> } }).axe.run()).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

describe('abuse desks in the console', { timeout: BROWSER_TEST_MS }, () => {
  it('adds a web-form desk from the navigation and edits what it needs, in Japanese', async () => {
    const { context, page } = await f.newPage(undefined, { bypassCSP: true });
    await f.logIn(page, 'analyst@example.test');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: ja('takedowns.desks.nav') })
      .click();
    await page.getByRole('heading', { name: ja('takedowns.desks.title') }).waitFor();
    await page.getByText(ja('takedowns.desks.empty')).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel(ja('takedowns.desks.key'), { exact: true }).fill('FormHost.test');
    await page.getByLabel(ja('takedowns.desks.name')).fill('FormHost 株式会社');
    await page.getByLabel(ja('takedowns.desks.channel')).selectOption('web_form');
    await page.getByLabel(ja('takedowns.desks.form_url')).fill('https://abuse.formhost.example/report');
    await page.getByRole('button', { name: ja('takedowns.desks.add') }).click();
    const table = page.getByRole('table', { name: ja('takedowns.desks.title') });
    await table.getByRole('link', { name: 'formhost.test' }).click();

    await page.getByRole('heading', { name: ja('takedowns.desks.edit') }).waitFor();
    expect(await page.getByLabel(ja('takedowns.desks.form_url')).inputValue()).toBe(
      'https://abuse.formhost.example/report',
    );
    await page.getByLabel(ja('takedowns.desks.needs')).fill('スクリーンショットを添付');
    await page.getByRole('button', { name: ja('takedowns.desks.save') }).click();
    await page.getByRole('status').getByText(ja('takedowns.desks.saved')).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const [desk] = (await f.ctx.takedownDesks.list()).filter((d) => d.key === 'formhost.test');
    expect(desk).toMatchObject({ channel: 'web_form', needs: 'スクリーンショットを添付', source: 'manual' });
    const audit = await f.ctx.audit.list({ entity: 'abuse_desk', entityId: desk!.id });
    expect(audit.map((a) => a.action).sort()).toEqual(['takedown_desk.create', 'takedown_desk.update']);
    expect(f.dialogs).toEqual([]);
    await context.close();
  });

  it("shows a case's web-form desk (its URL as text, a link that opens apart) and records the filing", async () => {
    const analyst = (await f.ctx.accounts.listUsers()).find((u) => u.email === 'analyst@example.test');
    // A desk for the phishing site's own domain: known from the case's target without any visit.
    await f.ctx.takedownDesks.create(
      {
        keyKind: 'domain',
        key: 'verify-id.example.top',
        name: 'Example Top Hosting',
        channel: 'web_form',
        email: null,
        formUrl: 'https://forms.example-top.example/abuse',
        apiUrl: null,
        lang: 'ja',
        needs: '案件番号を書いてください',
      },
      null,
    );
    const c = await f.ctx.takedowns.openCase({ urlId: f.urlIds.smbc }, null);
    const { context, page } = await f.newPage(undefined, { bypassCSP: true });
    await f.logIn(page, 'analyst@example.test', `/console/takedowns/${c.id}`);
    await page.getByText(ja('takedowns.console.file_form')).waitFor();
    await page.getByText('https://forms.example-top.example/abuse', { exact: true }).waitFor();
    const link = page.getByRole('link', { name: ja('takedowns.desks.form_url') });
    expect(await link.getAttribute('rel')).toBe('noreferrer noopener');
    expect(await link.getAttribute('target')).toBe('_blank');
    await page.getByText('案件番号を書いてください').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel(ja('takedowns.console.reference')).fill('ET-7');
    await page.getByRole('button', { name: ja('takedowns.console.action_filed'), exact: true }).click();
    await page.getByText(ja('takedowns.event.channel_web_form'), { exact: false }).waitFor();
    const after = await f.ctx.takedowns.get(c.id);
    expect(after.state).toBe('requested');
    expect(after.events.at(-1)).toMatchObject({
      kind: 'request_sent',
      actorUserId: analyst!.id,
      detail: { channel: 'web_form', reference: 'ET-7' },
    });
    await context.close();
  });
});
