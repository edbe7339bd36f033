/**
 * Without Chromium, phishdesk still runs; what needs the browser (captures, PDFs) answers
 * browser.not_installed with the command that fixes it, in the CLI and over HTTP alike.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { buildServer } from '../http/server.ts';
import { createMonthlyModule } from '../monthly/monthly.module.ts';
import { principal } from '../monthly/testing.ts';
import { launchChromium } from './chromium.ts';

const MISSING = '/nonexistent/chromium';

describe('a machine without Chromium', () => {
  let ctx: TestContext;
  let app: FastifyInstance;

  beforeAll(async () => {
    ctx = await createTestContext('sqlite', { CHROMIUM_PATH: MISSING });
    const { monthly } = createMonthlyModule(ctx);
    await monthly.saveDraft(principal('analyst'), '2023-05', { summaryJa: '5月の総括です。' });
    await monthly.publish(principal('analyst'), '2023-05');
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('refuses to launch with browser.not_installed naming the path and the fix', async () => {
    await expect(launchChromium({ browser: { executablePath: MISSING } })).rejects.toMatchObject({
      code: 'browser.not_installed',
      message: expect.stringMatching(/\/nonexistent\/chromium.*apt-get install -y chromium fonts-noto-cjk/),
    });
  });

  it('answers a PDF request 503 browser.not_installed, the HTML page still served', async () => {
    const pdf = await app.inject({ url: '/reports/monthly/2023-05.pdf' });
    expect(pdf.statusCode).toBe(503);
    expect(pdf.json().error).toMatchObject({
      code: 'browser.not_installed',
      message: expect.stringContaining('CHROMIUM_PATH'),
    });
    expect((await app.inject({ url: '/reports/monthly/2023-05' })).statusCode).toBe(200);
  });
});
