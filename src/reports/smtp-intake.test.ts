import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { createSmtpIntake } from './smtp-intake.ts';

const ORIGINAL = fs.readFileSync(path.resolve('../shared/data/phishing-pot/sample-1020.eml'));

describe('SMTP intake', () => {
  let ctx: TestContext;
  let smtp: ReturnType<typeof createSmtpIntake>;
  let port: number;
  beforeAll(async () => {
    ctx = await createTestContext('sqlite');
    smtp = createSmtpIntake({
      intake: ctx.intake,
      log: ctx.log,
      maxBytes: 2_000_000,
      clientLimits: ctx.config.smtpClients,
      clock: ctx.clock,
    });
    port = await smtp.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await smtp?.close();
    await ctx?.close();
  });

  const transport = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });

  async function reportsByChannel() {
    return ctx.db.kysely
      .selectFrom('reports')
      .innerJoin('sources', 'sources.id', 'reports.source_id')
      .select(['reports.id', 'reports.status', 'reports.kind'])
      .where('sources.name', '=', 'smtp-forward')
      .orderBy('reports.id')
      .execute();
  }

  it('stores a forward with the original attached as message/rfc822, then extracts its URLs', async () => {
    const info = await transport().sendMail({
      from: 'citizen@example.jp',
      to: 'report@phishdesk.test',
      subject: 'Fwd: suspicious mail',
      text: 'Please look at the attached message.',
      attachments: [{ filename: 'original.eml', content: ORIGINAL, contentType: 'message/rfc822' }],
    });
    expect(info.response).toMatch(/^250 .*queued as [0-9a-f-]{36}/);
    const stored = await reportsByChannel();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'email', status: 'received' });
    // The forwarder is the reporter (contact), never taken for the phishing sender.
    const row = await ctx.db.kysely
      .selectFrom('reports')
      .select(['payload', 'reporter_contact'])
      .where('id', '=', stored[0]!.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.reporter_contact!)).toEqual({ email: 'citizen@example.jp' });
    expect(JSON.parse(row.payload).sender).toBeUndefined();
    await ctx.queue.drain();
    const urls = await ctx.db.kysely
      .selectFrom('report_urls')
      .innerJoin('urls', 'urls.id', 'report_urls.url_id')
      .select('urls.canonical')
      .where('report_urls.report_id', '=', stored[0]!.id)
      .execute();
    expect(urls.length).toBeGreaterThan(0);
    // The forwarder's own words contain no URL: every URL found comes from the recovered original.
    const raw = ORIGINAL.toString('latin1').toLowerCase();
    for (const u of urls) expect(raw).toContain(new URL(u.canonical).hostname.split('.').slice(-2).join('.'));
  });

  it('stores an inline forward and finds the URL in the quoted body', async () => {
    await transport().sendMail({
      from: 'citizen@example.jp',
      to: 'report@phishdesk.test',
      subject: 'Fwd: 【重要】アカウント確認',
      text: [
        '---------- Forwarded message ---------',
        'From: Amazon <no-reply@amaz0n-security.example>',
        'Date: Mon, 1 Jun 2026 10:00:00 +0900',
        'Subject: 【重要】アカウント確認',
        '',
        'お客様のアカウントを確認してください https://amaz0n-security.example/verify?id=123',
      ].join('\n'),
    });
    await ctx.queue.drain();
    const canonicals = (await ctx.db.kysely.selectFrom('urls').select('canonical').execute()).map(
      (r) => r.canonical,
    );
    expect(canonicals).toContain('https://amaz0n-security.example/verify?id=123');
  });

  it('refuses a message over the size limit with 552 and stores nothing', async () => {
    const before = (await reportsByChannel()).length;
    await expect(
      transport().sendMail({
        from: 'a@example.jp',
        to: 'r@phishdesk.test',
        subject: 'big',
        text: 'x'.repeat(2_500_000),
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect((await reportsByChannel()).length).toBe(before);
  });
});
