import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { createCaptureRepository } from '../capture/capture.repository.ts';
import { buildServer } from '../http/server.ts';
import { urlIdsOn } from '../triage/triage.fixtures.ts';
import type { Alert } from './alert.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const SMS =
  '【Amazon】お支払い方法に問題があります。確認してください https://amazon-pay-check.example.top/verify';

/**
 * Drafting from a campaign through the real modules: an SMS report is processed, its URL confirmed by an
 * analyst (which groups it into a campaign), captured (screenshot, form fields) and put in a takedown case.
 */
describe.each(DIALECTS)('an alert drafted from a campaign on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let author: Awaited<ReturnType<typeof signIn>>;
  let reviewer: Awaited<ReturnType<typeof signIn>>;
  let campaignId: number;
  let caseId: number;

  beforeAll(async () => {
    ctx = await createTestContext(dialect, {
      DATA_DIR: `/tmp/phishdesk-alert-sources-${dialect}-${process.pid}`,
    });
    app = await buildServer(ctx);
    author = await signIn(app, ctx, { role: 'analyst' });
    reviewer = await signIn(app, ctx, { role: 'analyst' });
    const rep = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { kind: 'sms', content: SMS, sender: '+819012345678' },
    });
    expect(rep.statusCode).toBe(202);
    await ctx.queue.drain();
    const [urlId] = await urlIdsOn(ctx, 'amazon-pay-check.example.top');
    const verdict = await app.inject({
      method: 'POST',
      url: '/api/v1/triage/urls/verdicts',
      headers: author.headers,
      payload: { ids: [urlId], status: 'confirmed', reason: 'kit seen' },
    });
    expect(verdict.statusCode).toBe(200);
    campaignId = (
      await app.inject({ method: 'GET', url: `/api/v1/urls/${urlId}`, headers: author.headers })
    ).json().campaignId as number;
    expect(campaignId).toBeGreaterThan(0);

    const shot = await ctx.capture.evidence.put('screenshot', 'image/png', PNG);
    await createCaptureRepository(ctx.db).insert({
      url_id: urlId!,
      batch: 'b1',
      variant: 'mobile',
      user_agent: 'test',
      requested_url: 'https://amazon-pay-check.example.top/verify',
      final_url: 'https://amazon-pay-check.example.top/verify',
      http_status: 200,
      redirects: '[]',
      title: 'Amazon',
      form_fields: JSON.stringify([
        {
          tag: 'input',
          type: 'text',
          name: 'cc',
          id: null,
          label: 'カード番号',
          placeholder: null,
          autocomplete: null,
        },
        {
          tag: 'input',
          type: 'password',
          name: 'cvv',
          id: null,
          label: null,
          placeholder: 'セキュリティコード',
          autocomplete: null,
        },
        {
          tag: 'input',
          type: 'hidden',
          name: 'token',
          id: null,
          label: null,
          placeholder: null,
          autocomplete: null,
        },
      ]),
      screenshot_sha256: shot.sha256,
      dom_sha256: null,
      har_sha256: null,
      status: 'ok',
      error: null,
      differences: null,
      captured_at: ctx.clock.now(),
    });
    // A case in the 'requested' state (reaching it through the service means mailing a request).
    const opened = ctx.clock.now() - 3600_000;
    caseId = (
      await ctx.db.kysely
        .insertInto('takedown_cases')
        .values({
          url_id: urlId!,
          scope: 'url',
          target_url: 'https://amazon-pay-check.example.top/verify',
          target_host: 'amazon-pay-check.example.top',
          target_domain: 'example.top',
          brand_id: null,
          state: 'requested',
          contacts: '[]',
          first_reported_at: opened,
          opened_at: opened,
          requested_at: opened + 1800_000,
          acknowledged_at: null,
          escalated_at: null,
          down_at: null,
          closed_at: null,
          close_reason: null,
          last_capture_id: null,
          opened_by: null,
          updated_at: opened + 1800_000,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('fills brand, SMS text, masked URL, fields asked, screenshot and the stamped takedown status', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/alerts/from-campaign',
      headers: author.headers,
      payload: { campaignId },
    });
    expect(res.statusCode).toBe(201);
    const a = res.json() as Alert;
    expect(a.brand.slug).toBe('amazon');
    expect(a.titleJa).toBe('アマゾンをかたるフィッシング');
    expect(a.campaignId).toBe(campaignId);
    expect(a.takedownCaseId).toBe(caseId);
    expect(a.smsTexts.join('\n')).toContain('お支払い方法に問題があります');
    expect(a.maskedUrls).toEqual(['https://ama●●●●.top/v']);
    expect(a.fieldsAskedJa).toEqual(['カード番号', 'セキュリティコード']);
    expect(a.screenshots).toHaveLength(1);
    expect(a.updates.map((u) => u.statusLineJa)).toEqual([
      '2026/05/22 09:30 時点でサイトは稼働中で、閉鎖依頼を行っています',
    ]);
    expect(JSON.stringify(a)).not.toContain('amazon-pay-check');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/alerts/from-campaign',
          headers: author.headers,
          payload: { campaignId: 999999 },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('adds a line when the case moves, once, and announces it once the alert is public', async () => {
    const a = (await ctx.alerts.list({ limit: 1 }))[0]!;
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/alerts/${a.id}`,
      headers: author.headers,
      payload: { summaryJa: 'SMSで偽サイトに誘導されます。' },
    });
    await app.inject({ method: 'POST', url: `/api/v1/alerts/${a.id}/submit`, headers: author.headers });
    expect(
      (await app.inject({ method: 'POST', url: `/api/v1/alerts/${a.id}/publish`, headers: reviewer.headers }))
        .statusCode,
    ).toBe(200);
    expect(await ctx.alerts.syncFromTakedown(a.id)).toBe(false);
    await ctx.db.kysely
      .updateTable('takedown_cases')
      .set({ state: 'down', down_at: ctx.clock.now() })
      .where('id', '=', caseId)
      .execute();
    expect(await ctx.alerts.syncAllFromTakedowns()).toBe(1);
    expect(await ctx.alerts.syncAllFromTakedowns()).toBe(0);
    const after = await ctx.alerts.get(a.id);
    expect(after.status).toBe('updated');
    expect(after.updates.map((u) => u.statusLineJa).at(-1)).toBe(
      '2026/05/22 10:00 時点でサイトの停止を確認しています',
    );
    const page = await app.inject({ method: 'GET', url: `/alerts/${after.slug}` });
    expect(page.body).toContain('09:30 時点でサイトは稼働中で、閉鎖依頼を行っています');
    expect(page.body).toContain('10:00 時点でサイトの停止を確認しています');
    const img = await app.inject({ method: 'GET', url: `/alerts/screenshots/${after.screenshots[0]!.id}` });
    expect(img.headers['content-type']).toBe('image/png');
  });
});
