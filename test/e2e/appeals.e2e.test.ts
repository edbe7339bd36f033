import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUrlStatus } from '../../src/sharing/testing/seed.ts';
import { AXE, BROWSER_TEST_MS, type ConsoleFixture, ja, startConsoleFixture } from './console-fixture.ts';

/** The appeals screens: an analyst finds an open appeal by its deadline and upholds it with a reason. */
let f: ConsoleFixture;
const HOSTILE = '<img src=x onerror=alert("appeal")> this is my shop';

beforeAll(async () => {
  f = await startConsoleFixture();
  await setUrlStatus(f.ctx.db, f.urlIds.amazon, 'confirmed');
  await f.ctx.sharing.sync();
}, 180_000);

afterAll(async () => {
  await f?.close();
});

describe('appeals in the console', { timeout: BROWSER_TEST_MS }, () => {
  it('lists the open appeal, shows what it names and the appellant text as text, and upholds it', async () => {
    const receipt = await f.ctx.appeals.submit({
      target: 'example.xyz',
      contactEmail: 'owner@example.xyz',
      statement: HOSTILE,
      lang: 'ja',
    });
    const { context, page } = await f.newPage();
    await f.logIn(page, 'analyst@example.test', '/console/appeals');
    const rows = page.getByRole('table', { name: ja('appeals.console.title') }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByRole('link', { name: `#${receipt.id}` }).click();
    await page.waitForURL(new RegExp(`/console/appeals/${receipt.id}$`));
    await expect.poll(() => page.getByText(HOSTILE, { exact: true }).count()).toBe(1);
    const listed = page.getByRole('table', { name: ja('appeals.console.listed', { count: 1 }) });
    await expect.poll(() => listed.locator('tbody tr').count()).toBe(1);

    const uphold = page.getByRole('button', { name: ja('appeals.console.uphold') });
    expect(await uphold.isDisabled()).toBe(true);
    await page.getByLabel(ja('appeals.console.reason')).fill('owner verified');
    await uphold.click();
    await expect.poll(() => page.getByText(ja('appeals.console.removed', { count: 1 })).count()).toBe(1);
    expect(f.dialogs).toEqual([]);
    expect((await f.ctx.sharing.listedMatching({ kind: 'domain', value: 'example.xyz' })).length).toBe(0);
    await context.close();
  });

  it('the appeals screens have no serious or critical axe violations', async () => {
    const { id } = await f.ctx.appeals.submit({
      target: 'https://never-listed.example/x',
      contactEmail: 'x@never-listed.example',
      statement: 'why?',
      lang: 'ja',
    });
    // axe is injected as a script, so this context bypasses the console's CSP.
    const { context, page } = await f.newPage({ width: 1280, height: 800 }, { bypassCSP: true });
    await f.logIn(page, 'analyst@example.test', '/console/appeals?status=all');
    await page.locator('main table').waitFor();
    expect(await axeViolations(page), 'list').toEqual([]);
    await page.goto(`${f.base}/console/appeals/${id}`);
    await page.getByLabel(ja('appeals.console.reason')).waitFor();
    expect(await axeViolations(page), 'appeal').toEqual([]);
    await context.close();
  });
});

async function axeViolations(page: Page): Promise<{ id: string; targets: string[] }[]> {
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
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(({ id, targets }) => ({ id, targets }));
}
