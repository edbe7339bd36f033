import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_MS, type ConsoleFixture, ja, startConsoleFixture } from './console-fixture.ts';

/**
 * The brand portal's time to takedown: a brand user reaches it from the navigation and reads the figures of
 * its own brand's cases (the public page's table; here one case of the brand is not enough for a row).
 */
let f: ConsoleFixture;

beforeAll(async () => {
  f = await startConsoleFixture();
}, 180_000);

afterAll(async () => {
  await f?.close();
});

describe('brand portal: time to takedown', { timeout: BROWSER_TEST_MS }, () => {
  it("shows a brand user its own brand's figures in Japanese, with the minimum case count", async () => {
    const { context, page } = await f.newPage();
    await f.logIn(page, 'brand@example.test', '/console/portal');
    await page
      .getByRole('navigation', { name: ja('console.nav.label') })
      .getByRole('link', { name: ja('sharing.nav.time_to_takedown') })
      .click();
    await page.getByRole('heading', { name: ja('sharing.portal.time_to_takedown'), level: 1 }).waitFor();
    const figures = await page.evaluate(async () => (await fetch('/api/v1/stats/time-to-takedown')).json());
    await page.getByText(ja('survival.none', { min: figures.minCases })).waitFor();
    expect(await page.getByText(ja('survival.method', { min: figures.minCases })).count()).toBe(1);
    expect(await page.locator('body').textContent()).toContain('JST');
    expect(f.dialogs).toEqual([]);
    await context.close();
  });
});
