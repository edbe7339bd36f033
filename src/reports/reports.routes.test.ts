import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { multipartBody } from '../../test/multipart.ts';
import { buildServer } from '../http/server.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe.each(DIALECTS)('report intake over HTTP on %s', (dialect) => {
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

  it('accepts a URL report with 202, stores it, and the job links a canonical, attributed URL', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: {
        kind: 'url',
        content: 'hxxps://amazon-co-jp.account-verify[.]xyz/signin?x=1',
        consent: { police: true },
      },
    });
    expect(res.statusCode).toBe(202);
    const receipt = res.json() as { id: string; statusUrl: string };
    expect(receipt.statusUrl).toBe(`/api/v1/reports/${receipt.id}`);

    const before = await app.inject({ method: 'GET', url: receipt.statusUrl });
    expect(before.json()).toMatchObject({ status: 'received', urls: [] });

    // The report job, then the triage rules on the URL it stored (rules.evaluate).
    expect(await ctx.queue.drain()).toBe(2);
    const after = (await app.inject({ method: 'GET', url: receipt.statusUrl })).json() as {
      status: string;
      brand: string | null;
      urls: { url: string }[];
    };
    expect(after.status).toBe('processed');
    expect(after.urls).toEqual([
      { url: 'hxxps://amazon-co-jp[.]account-verify[.]xyz/signin?x=1', status: 'new' },
    ]);
    const stored = await ctx.db.kysely
      .selectFrom('reports')
      .selectAll()
      .where('external_id', '=', receipt.id)
      .executeTakeFirstOrThrow();
    expect(stored.consent_police).toBe(1);
    expect(JSON.parse(stored.payload)).toMatchObject({
      kind: 'url',
      content: 'hxxps://amazon-co-jp.account-verify[.]xyz/signin?x=1',
    });
  });

  it('finds URLs in an SMS text, full-width forms included', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: {
        kind: 'sms',
        sender: '+81 90-0000-0000',
        content:
          '【重要】お荷物のお届けにあがりましたが不在の為持ち帰りました。ｈｔｔｐｓ：／／ｙａｍａｔｏ－ｔｒａｃｋ．ｃｏｍ／ｊｐ 確認してください',
      },
    });
    expect(res.statusCode).toBe(202);
    await ctx.queue.drain();
    const status = (
      await app.inject({ method: 'GET', url: `/api/v1/reports/${(res.json() as { id: string }).id}` })
    ).json() as { urls: { url: string }[] };
    expect(status.urls.map((u) => u.url)).toEqual(['hxxps://yamato-track[.]com/jp']);
  });

  it('reads pasted e-mail text without headers as text, even when it starts with the URL', async () => {
    const cases = [
      [
        'https://smbc-card.verify-login.example/a\nカードの利用が制限されています',
        'hxxps://smbc-card[.]verify-login[.]example/a',
      ],
      [
        'Notice: your card is locked\nhttps://smbc-card.verify-login.example/b',
        'hxxps://smbc-card[.]verify-login[.]example/b',
      ],
      [
        'From: SMBC <info@smbc.example>\r\nSubject: lock\r\n\r\nhttps://smbc-card.verify-login.example/c',
        'hxxps://smbc-card[.]verify-login[.]example/c',
      ],
    ] as const;
    for (const [content, expected] of cases) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: { kind: 'email', content },
      });
      expect(res.statusCode).toBe(202);
      await ctx.queue.drain();
      const status = (
        await app.inject({ method: 'GET', url: `/api/v1/reports/${(res.json() as { id: string }).id}` })
      ).json() as { urls: { url: string }[] };
      expect(status.urls.map((u) => u.url)).toEqual([expected]);
    }
  });

  it('refuses bad input with a 4xx code and message and stores nothing', async () => {
    const count = async () =>
      Number(
        (
          await ctx.db.kysely
            .selectFrom('reports')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases = [
      { payload: { kind: 'url', content: 'mailto:someone@example.com' }, status: 422, code: 'url.invalid' },
      { payload: { kind: 'fax', content: 'x' }, status: 400, code: 'request.invalid' },
      { payload: { kind: 'sms', content: '' }, status: 422, code: 'report.invalid' },
      {
        payload: { kind: 'url', content: 'http://a.example/', extra: 1 },
        status: 400,
        code: 'request.invalid',
      },
    ];
    for (const c of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/reports', payload: c.payload });
      expect(res.statusCode, JSON.stringify(c.payload)).toBe(c.status);
      expect((res.json() as { error: { code: string; message: string } }).error).toMatchObject({
        code: c.code,
        message: expect.any(String),
      });
    }
    const wrongType = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(wrongType.statusCode).toBe(415);
    const tooBig = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { kind: 'text', content: 'x'.repeat(1_100_000) },
    });
    expect(tooBig.statusCode).toBe(413);
    expect((tooBig.json() as { error: { code: string } }).error.code).toBe('request.too_large');
    expect(await count()).toBe(before);
  });

  it('accepts multipart with a screenshot and refuses files that are not images or e-mails', async () => {
    const ok = multipartBody({ report: JSON.stringify({ kind: 'sms', content: '' }) }, [
      { field: 'attachments', filename: 'sms.png', data: PNG },
    ]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: ok.headers,
      payload: ok.body,
    });
    expect(res.statusCode).toBe(202);
    const id = (res.json() as { id: string }).id;
    const row = await ctx.db.kysely
      .selectFrom('report_attachments')
      .innerJoin('reports', 'reports.id', 'report_attachments.report_id')
      .select(['report_attachments.content_type', 'report_attachments.filename', 'report_attachments.size'])
      .where('reports.external_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ content_type: 'image/png', filename: 'sms.png', size: PNG.length });

    const bad = multipartBody({ kind: 'sms', content: 'hi' }, [
      { field: 'attachments', filename: '../../etc/x.png', data: Buffer.from('MZ\u0090\u0000binary') },
    ]);
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: bad.headers,
      payload: bad.body,
    });
    expect(refused.statusCode).toBe(415);
    expect((refused.json() as { error: { code: string } }).error.code).toBe('request.unsupported_media_type');
  });

  it('answers 404 for an unknown report id and 400 for a malformed one', async () => {
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/reports/00000000-0000-4000-8000-000000000000' }))
        .statusCode,
    ).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/reports/1%20or%201=1' })).statusCode).toBe(400);
  });
});

describe('public report form', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext('sqlite', { RATE_LIMIT_PER_MINUTE: '3' });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('shows a form that works without JavaScript and redirects to a thank-you page with the number', async () => {
    const form = await app.inject({ method: 'GET', url: '/report' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/enctype="multipart\/form-data"/i);
    expect(form.body).not.toContain('<script');
    const post = multipartBody({ kind: 'url', content: 'http://phish.example.test/login', lang: 'en' }, []);
    const res = await app.inject({
      method: 'POST',
      url: '/report',
      headers: post.headers,
      payload: post.body,
    });
    expect(res.statusCode).toBe(303);
    const thanks = await app.inject({ method: 'GET', url: res.headers.location as string });
    expect(thanks.body).toContain('Thank you for your report');
    const id = /id="report-number">([0-9a-f-]{36})</.exec(thanks.body)?.[1];
    expect(id).toBeDefined();
  });

  it('shows the error on the form, escaped, keeping what was typed', async () => {
    const post = multipartBody({ kind: 'url', content: '<script>alert(1)</script>' }, []);
    const res = await app.inject({
      method: 'POST',
      url: '/report',
      headers: post.headers,
      payload: post.body,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('role="alert"');
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('rate-limits submissions per client with 429', async () => {
    let last = 0;
    for (let i = 0; i < 4; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: { kind: 'text', content: `x ${i}` },
      });
      last = res.statusCode;
    }
    expect(last).toBe(429);
  });
});
