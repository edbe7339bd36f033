/**
 * Issue 21 (High 3): the police package PDF used to start a Chromium per request (24 concurrent requests:
 * 2.1 → 6.9 GB). Now every PDF is printed on one shared document browser, at most BROWSER_CONCURRENCY
 * pages at once, BROWSER_QUEUE_MAX more waiting, beyond that 503 browser.busy with Retry-After; a PDF
 * already printed is served from the cache keyed by its document.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { buildServer } from '../http/server.ts';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('police package PDFs on the shared document browser', () => {
  let ctx: TestContext | undefined;
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    await ctx?.close();
  });

  async function start(env: Record<string, string>) {
    ctx = await createTestContext('sqlite', { RATE_LIMIT_PER_MINUTE: '1000', ...env });
    app = await buildServer(ctx);
    return { ctx, app };
  }

  async function packages(server: FastifyInstance, n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await server.inject({
        method: 'POST',
        url: '/victim',
        headers: form,
        payload: new URLSearchParams({
          prefecture: '13',
          kind: 'consultation',
          what: `被害の説明 ${i}`,
        }).toString(),
      });
      expect(res.statusCode).toBe(303);
      ids.push(/\/victim\/package\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!);
    }
    return ids;
  }

  const pdfOf = (server: FastifyInstance, id: string) =>
    server.inject({ method: 'GET', url: `/victim/package/${id}.pdf` });

  it('prints concurrent requests on one browser, at most K at once, and never prints a package twice', async () => {
    const { ctx, app } = await start({ BROWSER_CONCURRENCY: '2', BROWSER_QUEUE_MAX: '50' });
    const ids = await packages(app, 4);
    const first = await Promise.all(ids.map((id) => pdfOf(app, id)));
    expect(first.map((r) => r.statusCode)).toEqual(ids.map(() => 200));
    expect(first.every((r) => r.rawPayload.subarray(0, 5).toString() === '%PDF-')).toBe(true);
    const pool = ctx.browsers.documents.stats();
    expect(pool.launches).toBe(1);
    expect(pool.peakActive).toBeLessThanOrEqual(2);
    expect(pool.runs).toBe(4);
    expect(ctx.pdf.stats().renders).toBe(4);

    // Eight more requests for the same four packages: served from the cache, nothing printed.
    const again = await Promise.all([...ids, ...ids].map((id) => pdfOf(app, id)));
    expect(again.map((r) => r.statusCode)).toEqual([...ids, ...ids].map(() => 200));
    expect(again[0]!.rawPayload.equals(first[0]!.rawPayload)).toBe(true);
    expect(ctx.pdf.stats()).toMatchObject({ renders: 4, cacheHits: 8 });
    expect(ctx.browsers.documents.stats()).toMatchObject({ launches: 1, runs: 4 });
  }, 120_000);

  it('answers 503 browser.busy with Retry-After once the queue is full, and recovers', async () => {
    const { ctx, app } = await start({ BROWSER_CONCURRENCY: '1', BROWSER_QUEUE_MAX: '1' });
    const ids = await packages(app, 4);
    const res = await Promise.all(ids.map((id) => pdfOf(app, id)));
    const ok = res.filter((r) => r.statusCode === 200);
    const busy = res.filter((r) => r.statusCode === 503);
    // One printing, one waiting, the other two refused at once.
    expect(ok.length).toBe(2);
    expect(busy.length).toBe(2);
    for (const r of busy) {
      expect(r.json().error.code).toBe('browser.busy');
      expect(r.headers['retry-after']).toBe('5');
    }
    expect(ctx.browsers.documents.stats()).toMatchObject({ launches: 1, peakActive: 1, rejected: 2 });
    // Refused requests come back later and are served.
    const refusedIds = ids.filter((_, i) => res[i]!.statusCode === 503);
    for (const id of refusedIds) expect((await pdfOf(app, id)).statusCode).toBe(200);
  }, 120_000);
});
