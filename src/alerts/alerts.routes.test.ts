import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, startWebhookReceiver } from '../../test/alert-sinks.ts';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../notify/signature.ts';
import { type Alert, formatJst } from './alert.ts';

const BASE = 'https://alerts.example.test';
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(DIALECTS)('alerts API, public pages and notifications on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let author: Awaited<ReturnType<typeof signIn>>;
  let reviewer: Awaited<ReturnType<typeof signIn>>;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let secret: string;
  let amazonId: number;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    hook = await startWebhookReceiver();
    ctx = await createTestContext(dialect, {
      MAIL_OUT_URL: smtp.url,
      PUBLIC_BASE_URL: BASE,
      OUTBOUND_ENABLED: 'true',
      FETCH_ALLOW_PRIVATE: 'true',
    });
    app = await buildServer(ctx);
    author = await signIn(app, ctx, { role: 'analyst' });
    reviewer = await signIn(app, ctx, { role: 'analyst' });
    admin = await signIn(app, ctx, { role: 'admin' });
    amazonId = ctx.brands.bySlug('amazon')!.id;
    const w = await app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: admin.headers,
      payload: { name: 'member A', url: hook.url },
    });
    expect(w.statusCode).toBe(201);
    secret = (w.json() as { secret: string }).secret;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    await smtp?.close();
    await hook?.close();
  });

  async function subscribe(email: string): Promise<void> {
    const before = smtp.mails.length;
    const res = await app.inject({
      method: 'POST',
      url: '/alerts/subscribe',
      headers: form,
      payload: `email=${encodeURIComponent(email)}&lang=ja`,
    });
    expect(res.statusCode).toBe(200);
    expect(smtp.mails.length).toBe(before + 1);
    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual([email]);
    const token = /token=([\w-]+)/.exec(mail.text)?.[1];
    expect(token).toBeTruthy();
    // GET only shows the button; the POST confirms.
    const page = await app.inject({ method: 'GET', url: `/alerts/subscribe/confirm?token=${token}` });
    expect(page.body).toContain(`value="${token}"`);
    const ok = await app.inject({
      method: 'POST',
      url: '/alerts/subscribe/confirm',
      headers: form,
      payload: `token=${token}`,
    });
    expect(ok.statusCode).toBe(200);
  }

  it('drafts, refuses a publication by the author, publishes by a second analyst, notifies', async () => {
    await subscribe('reader@example.test');
    // An address that never confirms gets nothing but its confirmation mail.
    await app.inject({
      method: 'POST',
      url: '/alerts/subscribe',
      headers: form,
      payload: 'email=lazy%40example.test',
    });

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: author.headers,
      payload: {
        brandId: amazonId,
        summaryJa: 'アマゾンをかたるメールが確認されています。',
        subjects: ['【重要】アカウントを停止しました <script>alert(1)</script>'],
        fieldsAskedJa: ['クレジットカード番号', 'セキュリティコード'],
        urls: ['https://g57.abcdef.hu/abc', 'not a url at all'],
      },
    });
    expect(created.statusCode).toBe(201);
    const draft = created.json() as Alert;
    expect(draft.titleJa).toBe('アマゾンをかたるフィッシング');
    expect(draft.titleEn).toBe('Phishing impersonating Amazon');
    expect(draft.maskedUrls).toEqual(['https://g57.●●●●.hu/a']);
    expect(draft.status).toBe('draft');

    const anonymous = await app.inject({ method: 'GET', url: `/api/v1/alerts/${draft.id}` });
    expect(anonymous.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/alerts' })).body).not.toContain('アマゾンをかたる');

    const early = await app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${draft.id}/publish`,
      headers: reviewer.headers,
    });
    expect(early.statusCode).toBe(409);
    const submitted = await app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${draft.id}/submit`,
      headers: author.headers,
    });
    expect((submitted.json() as Alert).status).toBe('in_review');
    const self = await app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${draft.id}/publish`,
      headers: author.headers,
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('alert.same_analyst');

    const published = await app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${draft.id}/publish`,
      headers: reviewer.headers,
    });
    expect(published.statusCode).toBe(200);
    const alert = published.json() as Alert;
    expect(alert.status).toBe('published');
    expect(alert.slug).toBe('amazon-20260522'); // the test clock is 2026-05-22 10:00 JST
    expect(alert.reviewerId).toBe(reviewer.userId);

    const mailsBefore = smtp.mails.length;
    await ctx.queue.drain();
    expect(hook.received).toHaveLength(1);
    const got = hook.received[0]!;
    expect(
      verifyWebhook(
        secret,
        {
          signature: got.headers[SIGNATURE_HEADER] as string,
          timestamp: got.headers[TIMESTAMP_HEADER] as string,
        },
        got.body,
        Math.floor(ctx.clock.now() / 1000),
      ),
    ).toBe(true);
    expect(
      verifyWebhook(
        'wrong secret',
        {
          signature: got.headers[SIGNATURE_HEADER] as string,
          timestamp: got.headers[TIMESTAMP_HEADER] as string,
        },
        got.body,
        Math.floor(ctx.clock.now() / 1000),
      ),
    ).toBe(false);
    const payload = JSON.parse(got.body);
    expect(payload.event).toBe('alert.published');
    expect(payload.alert.url).toBe(`${BASE}/alerts/amazon-20260522`);
    expect(got.body).not.toContain('abcdef');

    const newMails = smtp.mails.slice(mailsBefore);
    expect(newMails.map((m) => m.to[0])).toEqual(['reader@example.test']);
    expect(newMails[0]!.subject).toContain('アマゾンをかたるフィッシング');
    expect(newMails[0]!.text).toContain(`${BASE}/alerts/unsubscribe?token=`);
    expect(newMails[0]!.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toContain(
      '/alerts/unsubscribe?token=',
    );

    const log = await app.inject({
      method: 'GET',
      url: `/api/v1/alerts/${alert.id}/deliveries`,
      headers: reviewer.headers,
    });
    const deliveries = log.json().deliveries as { channel: string; status: string; attemptLog: unknown[] }[];
    expect(deliveries.map((d) => [d.channel, d.status, d.attemptLog.length]).sort()).toEqual([
      ['mail', 'delivered', 1],
      ['webhook', 'delivered', 1],
    ]);
  });

  it('shows the alert publicly, masked and escaped, with every status line, in Atom and RSS', async () => {
    const list = await app.inject({ method: 'GET', url: '/alerts' });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-security-policy']).toContain("default-src 'none'");
    expect(list.body).toContain('href="/alerts/amazon-20260522?lang=ja"');
    expect(list.body).toContain('href="/report?lang=ja"');
    expect(list.body).toContain('href="/check?lang=ja"');
    expect((await app.inject({ method: 'GET', url: '/alerts?brand=rakuten' })).body).not.toContain(
      'amazon-20260522',
    );
    expect(
      (await app.inject({ method: 'GET', url: '/alerts?brand=amazon&from=2026-05-22&to=2026-05-22' })).body,
    ).toContain('amazon-20260522');
    expect((await app.inject({ method: 'GET', url: '/alerts?from=2026-05-23' })).body).not.toContain(
      'amazon-20260522',
    );

    const id = (await ctx.alerts.publicBySlug('amazon-20260522'))!.id;
    ctx.clock.advance(600_000);
    const line = await app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${id}/status-lines`,
      headers: author.headers,
      payload: { state: 'takedown_requested' },
    });
    expect(line.statusCode).toBe(200);
    expect((line.json() as Alert).status).toBe('updated');
    ctx.clock.advance(600_000);
    await app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${id}/status-lines`,
      headers: author.headers,
      payload: { state: 'down' },
    });

    const page = await app.inject({ method: 'GET', url: '/alerts/amazon-20260522' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('アマゾンをかたるフィッシング');
    expect(page.body).toContain('2026/05/22 10:10 時点でサイトは稼働中で、閉鎖依頼を行っています');
    expect(page.body).toContain('2026/05/22 10:20 時点でサイトの停止を確認しています');
    expect(page.body).toContain('https://g57.●●●●.hu/a');
    expect(page.body).not.toContain('abcdef');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect((await app.inject({ method: 'GET', url: '/alerts/amazon-20260522?lang=en' })).body).toContain(
      'Phishing impersonating Amazon',
    );

    const atom = await app.inject({ method: 'GET', url: '/alerts/feed.atom' });
    expect(atom.headers['content-type']).toContain('application/atom+xml');
    expect(atom.body).toContain('<title type="text">アマゾンをかたるフィッシング</title>');
    expect(atom.body).toContain(
      `<link rel="alternate" type="text/html" href="${BASE}/alerts/amazon-20260522?lang=ja"/>`,
    );
    expect(atom.body).toContain('<updated>2026-05-22T01:20:00.000Z</updated>');
    const rss = await app.inject({ method: 'GET', url: '/alerts/feed.rss?lang=en' });
    expect(rss.body).toContain('<title>Phishing impersonating Amazon</title>');
    expect(rss.body).not.toContain('abcdef');

    // Two public updates, each announced to the subscriber and the webhook.
    await ctx.queue.drain();
    expect(hook.received.map((h) => JSON.parse(h.body).event)).toEqual([
      'alert.published',
      'alert.updated',
      'alert.updated',
    ]);
  });

  it('gives a second alert of the same brand and day a suffixed address; drafts stay private', async () => {
    const d = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/alerts',
        headers: reviewer.headers,
        payload: { brandId: amazonId, summaryJa: '別の手口' },
      })
    ).json() as Alert;
    await app.inject({ method: 'POST', url: `/api/v1/alerts/${d.id}/submit`, headers: reviewer.headers });
    expect(
      (await app.inject({ method: 'GET', url: `/alerts/${d.slug ?? 'amazon-20260522-2'}` })).statusCode,
    ).toBe(404);
    const p = (
      await app.inject({ method: 'POST', url: `/api/v1/alerts/${d.id}/publish`, headers: author.headers })
    ).json() as Alert;
    expect(p.slug).toBe('amazon-20260522-2');
    expect((await app.inject({ method: 'GET', url: '/alerts/amazon-20260522-2' })).statusCode).toBe(200);
    const archived = await app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${d.id}/archive`,
      headers: author.headers,
    });
    expect((archived.json() as Alert).status).toBe('archived');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/alerts/${d.id}/status-lines`,
          headers: author.headers,
          payload: { state: 'down' },
        })
      ).statusCode,
    ).toBe(409);
  });

  it('serves screenshots as images only, and only of public alerts', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const d = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/alerts',
        headers: author.headers,
        payload: { brandId: amazonId, summaryJa: '画像つき' },
      })
    ).json() as Alert;
    const html = await app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${d.id}/screenshots`,
      headers: author.headers,
      payload: { dataBase64: Buffer.from('<html><script>alert(1)</script></html>').toString('base64') },
    });
    expect(html.statusCode).toBe(415);
    const withShot = (
      await app.inject({
        method: 'POST',
        url: `/api/v1/alerts/${d.id}/screenshots`,
        headers: author.headers,
        payload: { dataBase64: png.toString('base64') },
      })
    ).json() as Alert;
    const shotId = withShot.screenshots[0]!.id;
    expect((await app.inject({ method: 'GET', url: `/alerts/screenshots/${shotId}` })).statusCode).toBe(404);
    await app.inject({ method: 'POST', url: `/api/v1/alerts/${d.id}/submit`, headers: author.headers });
    await app.inject({ method: 'POST', url: `/api/v1/alerts/${d.id}/publish`, headers: reviewer.headers });
    const img = await app.inject({ method: 'GET', url: `/alerts/screenshots/${shotId}` });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['x-content-type-options']).toBe('nosniff');
    expect(img.rawPayload.equals(png)).toBe(true);
  });

  it('stops mail after unsubscribing, and records each state change in the audit log', async () => {
    const mail = smtp.mails.find(
      (m) => m.to[0] === 'reader@example.test' && m.text.includes('unsubscribe?token='),
    )!;
    const token = /unsubscribe\?token=([\w-]+)/.exec(mail.text)![1];
    const res = await app.inject({
      method: 'POST',
      url: `/alerts/unsubscribe?token=${token}`,
      headers: form,
      payload: '',
    });
    expect(res.statusCode).toBe(200);
    await ctx.queue.drain();
    const before = smtp.mails.length;
    const id = (await ctx.alerts.publicBySlug('amazon-20260522'))!.id;
    await app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${id}/status-lines`,
      headers: author.headers,
      payload: { ja: '手動で追記した状況', en: null },
    });
    await ctx.queue.drain();
    expect(smtp.mails.length).toBe(before);
    const entries = await ctx.audit.list({ entity: 'alert', entityId: id });
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['alert.create', 'alert.submit', 'alert.publish', 'alert.status_line']),
    );
  });

  it('keeps a public edit as a dated revision, apart from the status lines, and announces it', async () => {
    const a = (await ctx.alerts.publicBySlug('amazon-20260522'))!;
    const before = hook.received.length;
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/alerts/${a.id}`,
      headers: reviewer.headers,
      payload: { summaryJa: '文面が変わりました。', summaryEn: 'The wording changed.' },
    });
    expect(res.statusCode).toBe(200);
    const after = res.json() as Alert;
    expect(after.status).toBe('updated');
    const stamp = formatJst(ctx.clock.now());
    expect(after.updates.at(-1)).toMatchObject({
      source: 'revision',
      statusLineJa: `${stamp} 内容を更新しました`,
    });
    const page = await app.inject({ method: 'GET', url: '/alerts/amazon-20260522' });
    expect(page.body).toContain(`<h2>更新履歴</h2><ul><li>${stamp} 内容を更新しました`);
    expect(page.body).toContain('文面が変わりました。');
    // The status section still shows the site's status, not the revision.
    expect(page.body).toContain('<ul class="status-lines"><li>手動で追記した状況</li>');
    await ctx.queue.drain();
    expect(hook.received.length).toBe(before + 1);
    expect(JSON.parse(hook.received.at(-1)!.body).alert.statusLine.ja).toBe('手動で追記した状況');
  });
});
