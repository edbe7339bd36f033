import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, startWebhookReceiver } from '../../test/alert-sinks.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { staff } from '../triage/triage.fixtures.ts';
import { MAX_DELIVERY_ATTEMPTS } from './notify.service.ts';
import { signWebhook, verifyWebhook } from './signature.ts';

describe('webhook signatures', () => {
  it('signs "<timestamp>.<raw body>" with HMAC-SHA256 and refuses stale or altered deliveries', () => {
    // Known answer, computed with \`printf '1700000000.{}' | openssl dgst -sha256 -hmac secret\`.
    expect(signWebhook('secret', 1_700_000_000, '{}')).toBe(
      'v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163',
    );
    const sig = signWebhook('s3cret', 1000, '{"a":1}');
    expect(verifyWebhook('s3cret', { signature: sig, timestamp: '1000' }, '{"a":1}', 1100)).toBe(true);
    expect(verifyWebhook('s3cret', { signature: sig, timestamp: '1000' }, '{"a":2}', 1100)).toBe(false);
    expect(verifyWebhook('s3cret', { signature: sig, timestamp: '1001' }, '{"a":1}', 1100)).toBe(false);
    expect(verifyWebhook('s3cret', { signature: sig, timestamp: '1000' }, '{"a":1}', 2000)).toBe(false);
  });
});

/**
 * Retries run on the table queue (its backoff follows the injected clock; pg-boss uses the database's
 * clock, which a test cannot move), on both databases.
 */
describe.each(DIALECTS)('notification retries and the delivery log on %s', (dialect) => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let flaky: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let dead: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    flaky = await startWebhookReceiver((n) => (n <= 2 ? 500 : 200));
    dead = await startWebhookReceiver(() => 503);
    ctx = await createTestContext(
      dialect,
      // The webhook receiver is a loopback fake: outbound on, loopback allowed (tests only).
      { MAIL_OUT_URL: smtp.url, OUTBOUND_ENABLED: 'true', FETCH_ALLOW_PRIVATE: 'true' },
      { queue: 'table' },
    );
  }, 60_000);
  afterAll(async () => {
    await ctx?.close();
    await smtp?.close();
    await flaky?.close();
    await dead?.close();
  });

  it('retries a failing receiver with growing delays, logs every attempt, and gives up after the last', async () => {
    await ctx.notify.createWebhook({ name: 'flaky', url: flaky.url, createdBy: null });
    await ctx.notify.createWebhook({ name: 'dead', url: dead.url, createdBy: null });
    const brandId = ctx.brands.bySlug('rakuten')!.id;
    const draft = await ctx.alerts.createDraft(staff(1), { brandId, summaryJa: '楽天をかたるメール' });
    await ctx.alerts.submitForReview(staff(1), draft.id);
    await ctx.alerts.publish(staff(2), draft.id);

    await ctx.queue.drain();
    expect(flaky.received).toHaveLength(1);
    // Not due yet: nothing is retried before the backoff has passed.
    ctx.clock.advance(4_000);
    await ctx.queue.drain();
    expect(flaky.received).toHaveLength(1);
    ctx.clock.advance(1_000);
    await ctx.queue.drain();
    expect(flaky.received).toHaveLength(2);
    ctx.clock.advance(20_000);
    await ctx.queue.drain();
    expect(flaky.received).toHaveLength(3);
    // Every attempt carries a fresh timestamp and a signature over the same body.
    expect(new Set(flaky.received.map((r) => r.body)).size).toBe(1);

    for (let i = 0; i < MAX_DELIVERY_ATTEMPTS; i++) {
      ctx.clock.advance(3_600_000);
      await ctx.queue.drain();
    }
    expect(dead.received).toHaveLength(MAX_DELIVERY_ATTEMPTS);

    const log = await ctx.notify.deliveryLog({ alertId: draft.id });
    const hooks = await ctx.notify.listWebhooks();
    const byUrl = (name: string) => log.find((d) => d.webhookId === hooks.find((h) => h.name === name)!.id);
    const ok = byUrl('flaky')!;
    expect(ok.status).toBe('delivered');
    expect(ok.attemptLog.map((a) => [a.attempt, a.ok, a.statusCode])).toEqual([
      [1, false, 500],
      [2, false, 500],
      [3, true, 200],
    ]);
    const failed = byUrl('dead')!;
    expect(failed.status).toBe('failed');
    expect(failed.attemptLog).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect(failed.lastError).toContain('503');
  });
});
