import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_MS, type ConsoleFixture, ja, REPORTS, startConsoleFixture } from './console-fixture.ts';

/** Keyset paging in the console: next follows the server's cursor, previous goes back page by page. */
let f: ConsoleFixture;
// Three pages of 50.
const EXTRA = 103;

beforeAll(async () => {
  f = await startConsoleFixture();
  for (let i = 0; i < EXTRA; i++) {
    await f.ctx.intake.submit(
      {
        kind: 'url',
        content: `https://paging-${i}.example.org/login`,
        consent: { police: false, brand: false },
      },
      [],
      'api',
    );
  }
  await f.ctx.queue.drain();
}, 180_000);

afterAll(async () => {
  await f?.close();
});

describe('paged lists', { timeout: BROWSER_TEST_MS }, () => {
  it('the triage queue pages forward and back page by page to the same rows, previous off on the first page', async () => {
    const { context, page } = await f.newPage();
    await f.logIn(page, 'analyst@example.test', '/console/triage');
    const rows = page.getByRole('table', { name: ja('triage.title') }).locator('tbody tr');
    const previous = page.getByRole('button', { name: ja('console.pager.prev'), exact: true });
    const next = page.getByRole('button', { name: ja('console.pager.next'), exact: true });
    await expect.poll(() => rows.count()).toBe(50);
    const firstRow = await rows.first().getAttribute('data-url-id');
    expect(await previous.isDisabled()).toBe(true);

    await next.click();
    await page.waitForURL(/cursor=/);
    await expect.poll(async () => rows.first().getAttribute('data-url-id')).not.toBe(firstRow);
    const secondRow = await rows.first().getAttribute('data-url-id');
    expect(await previous.isDisabled()).toBe(false);

    await next.click();
    await expect.poll(() => rows.count()).toBe(REPORTS.length + EXTRA - 100);
    expect(await next.isDisabled()).toBe(true);

    // Back to the second page (not the first): the trail remembers each cursor.
    await previous.click();
    await expect.poll(async () => rows.first().getAttribute('data-url-id')).toBe(secondRow);
    await expect.poll(() => rows.count()).toBe(50);
    await previous.click();
    await expect.poll(async () => rows.first().getAttribute('data-url-id')).toBe(firstRow);
    expect(await previous.isDisabled()).toBe(true);
    await context.close();
  });
});
