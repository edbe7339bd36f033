import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import { type CapturedMail, startSmtpSink } from '../takedowns/testing/smtp-sink.ts';
import { staff } from '../triage/triage.fixtures.ts';
import { OUTCOME_SWEEP_JOB } from './outcome.service.ts';

const HOSTILE = 'https://login.card-verify.test/a"><img src=x onerror=alert(1)><script>alert(2)</script>';

describe.each(DIALECTS)('outcome back to the reporter on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let smtp: { url: string; mails: CapturedMail[]; close(): Promise<void> };
  const analyst = staff();

  beforeAll(async () => {
    smtp = await startSmtpSink();
    ctx = await createTestContext(dialect, {
      RATE_LIMIT_PER_MINUTE: '1000',
      MAIL_OUT_URL: smtp.url,
      MAIL_FROM: 'phishdesk <outcome@phishdesk.example>',
      PUBLIC_BASE_URL: 'https://desk.example.jp',
    });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    await smtp?.close();
  });

  /** Through the public form; returns the status link the thank-you page gives. */
  async function reportByForm(fields: Record<string, string>): Promise<string> {
    const res = await app.inject({
      method: 'POST',
      url: '/report',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ kind: 'url', lang: 'ja', ...fields }).toString(),
    });
    expect(res.statusCode).toBe(303);
    const thanks = await app.inject({ method: 'GET', url: res.headers.location as string });
    const link = /href="(\/report\/status\/[0-9a-f-]{36})\?lang=ja"/.exec(thanks.body)?.[1];
    expect(link).toBeDefined();
    return link!;
  }

  async function page(link: string, lang = 'ja') {
    const res = await app.inject({ method: 'GET', url: `${link}?lang=${lang}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    return res.body;
  }

  async function urlIdsOf(link: string): Promise<number[]> {
    const found = await ctx.repos.reports.findByExternalId(link.split('/').pop()!);
    return found!.urls.map((u) => Number(u.id));
  }

  async function sweep() {
    await ctx.queue.send(OUTCOME_SWEEP_JOB, {});
    await ctx.queue.drain();
  }

  it('says received, then under review, then confirmed and shared; e-mails the consenting reporter once', async () => {
    const link = await reportByForm({
      content: `${HOSTILE}\nhttps://second.card-verify.test/login`,
      contact_email: 'reporter-a@example.jp',
      consent_outcome: 'on',
    });
    expect(await page(link)).toContain('受け付けました');

    await ctx.queue.drain();
    const reviewing = await page(link);
    expect(reviewing).toContain('data-outcome="under_review"');
    expect(reviewing).toContain('確認中です');
    // One line per reported URL, defanged and never a link; the hostile text stays text.
    expect(reviewing.match(/<li data-outcome=/g)).toHaveLength(2);
    expect(reviewing).toContain('hxxps://second[.]card-verify[.]test/login');
    expect(reviewing).not.toContain('<img src=x');
    expect(reviewing).not.toContain('<script>alert');
    expect(reviewing).not.toMatch(/href="https?:\/\/[^"]*card-verify/);

    await sweep();
    expect(smtp.mails.filter((m) => m.to.includes('reporter-a@example.jp'))).toHaveLength(0);

    const ids = await urlIdsOf(link);
    await ctx.triage.setVerdicts(analyst, { ids: [ids[0]!], status: 'confirmed', reason: 'kit' });
    // One URL decided, one not: the report is not final yet.
    expect(await page(link)).toContain('id="outcome" data-outcome="under_review"');
    await sweep();
    expect(smtp.mails.filter((m) => m.to.includes('reporter-a@example.jp'))).toHaveLength(0);

    await ctx.triage.setVerdicts(analyst, { ids: [ids[1]!], status: 'confirmed', reason: 'kit' });
    const confirmed = await page(link);
    expect(confirmed).toContain('id="outcome" data-outcome="confirmed"');
    expect(confirmed).toContain('連携先に共有しました');
    const english = await page(link, 'en');
    expect(english).toContain('<html lang="en"');
    expect(english).toContain('Confirmed as phishing and shared with our partners');

    await sweep();
    await sweep();
    const mails = smtp.mails.filter((m) => m.to.includes('reporter-a@example.jp'));
    expect(mails).toHaveLength(1);
    const id = link.split('/').pop()!;
    expect(mails[0]!.subject).toContain(id);
    expect(mails[0]!.text).toContain('フィッシングサイトと判断し');
    expect(mails[0]!.text).toContain(`https://desk.example.jp/report/status/${id}?lang=ja`);
    expect(mails[0]!.text).not.toContain('card-verify');
    const found = await ctx.repos.reports.findByExternalId(id);
    expect(await ctx.outcome.notice(found!.id)).toMatchObject({ state: 'sent', outcome: 'confirmed' });
  });

  it('says benign, and sends nothing to a reporter who left an address without asking', async () => {
    const link = await reportByForm({
      content: 'https://shop.benign-store.test/',
      contact_email: 'reporter-b@example.jp',
    });
    await ctx.queue.drain();
    await ctx.triage.setVerdicts(analyst, {
      ids: await urlIdsOf(link),
      status: 'benign',
      reason: 'a real shop',
    });
    const body = await page(link);
    expect(body).toContain('id="outcome" data-outcome="benign"');
    expect(body).toContain('フィッシングサイトではないと判断しました');
    expect(await page(link, 'en')).toContain('we judged that this is not phishing');
    await sweep();
    expect(smtp.mails.filter((m) => m.to.includes('reporter-b@example.jp'))).toHaveLength(0);
    const found = await ctx.repos.reports.findByExternalId(link.split('/').pop()!);
    expect(await ctx.outcome.notice(found!.id)).toBeNull();
  });

  it('takes the consent from the JSON API (default off) and tells of a takedown in English', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: {
        kind: 'url',
        content: 'https://pay.takedown-me.test/card',
        contact: { email: 'reporter-c@example.jp' },
        consent: { outcome: true },
        lang: 'en',
      },
    });
    expect(res.statusCode).toBe(202);
    const link = (res.json() as { statusPage: string }).statusPage;
    expect(link).toMatch(/^\/report\/status\/[0-9a-f-]{36}$/);
    await ctx.queue.drain();
    const [urlId] = await urlIdsOf(link);
    await ctx.triage.setVerdicts(analyst, { ids: [urlId!], status: 'confirmed', reason: 'kit' });
    const c = await ctx.takedowns.openCase({ urlId: urlId! }, analyst);
    await ctx.takedowns.transition(c.id, 'down', { reason: 'seen down' }, analyst);
    expect(await page(link, 'en')).toContain('the site is now down');

    await sweep();
    const mails = smtp.mails.filter((m) => m.to.includes('reporter-c@example.jp'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('The outcome of your report');
    expect(mails[0]!.text).toContain('the site is now down');
  });

  it('answers 404 for an unknown report, and refuses what is not an id', async () => {
    const unknown = await app.inject({
      method: 'GET',
      url: '/report/status/00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/report/status/1' })).statusCode).toBe(400);
  });
});

describe.each(DIALECTS)('outcome notices without outgoing mail on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext(dialect, { RATE_LIMIT_PER_MINUTE: '1000' });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('keeps the consent pending (nothing tried, nothing failed) and still shows the page', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: {
        kind: 'url',
        content: 'https://pay.no-mail.test/card',
        contact: { email: 'reporter-d@example.jp' },
        consent: { outcome: true },
      },
    });
    const id = (res.json() as { id: string }).id;
    await ctx.queue.drain();
    const found = await ctx.repos.reports.findByExternalId(id);
    await ctx.triage.setVerdicts(staff(), {
      ids: found!.urls.map((u) => Number(u.id)),
      status: 'confirmed',
      reason: 'kit',
    });
    await ctx.queue.send(OUTCOME_SWEEP_JOB, {});
    await ctx.queue.drain();
    expect(await ctx.outcome.notice(found!.id)).toMatchObject({ state: 'pending', attempts: 0 });
    const page = await app.inject({ method: 'GET', url: `/report/status/${id}` });
    expect(page.body).toContain('id="outcome" data-outcome="confirmed"');
  });
});
