/**
 * Issue 21: on PostgreSQL a NUL character (U+0000) in any text left a 202-accepted report unprocessed
 * forever (`invalid byte sequence for encoding "UTF8": 0x00`). Every value bound into a query now has its
 * NULs replaced by U+FFFD (nul-plugin.ts), so the report is stored and processed on both databases,
 * whichever way it arrived: the JSON API, the public form, SMTP and an import row.
 */
import type { FastifyInstance } from 'fastify';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import { createSmtpIntake } from '../reports/smtp-intake.ts';
import { NUL_REPLACEMENT, withoutNul } from './nul-plugin.ts';

const NUL = '\u0000';

describe.each(DIALECTS)('NUL characters in reports on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let smtp: ReturnType<typeof createSmtpIntake>;
  let smtpPort: number;
  beforeAll(async () => {
    ctx = await createTestContext(dialect, { RATE_LIMIT_PER_MINUTE: '1000' });
    app = await buildServer(ctx);
    smtp = createSmtpIntake({
      intake: ctx.intake,
      log: ctx.log,
      maxBytes: 2_000_000,
      clientLimits: ctx.config.smtpClients,
      clock: ctx.clock,
    });
    smtpPort = await smtp.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await smtp?.close();
    await app?.close();
    await ctx?.close();
  });

  /** Status of the report with this external id, and the host names of its URLs. */
  async function outcome(externalId: string) {
    const report = await ctx.db.kysely
      .selectFrom('reports')
      .select(['id', 'status', 'error', 'payload'])
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow();
    const urls = await ctx.db.kysely
      .selectFrom('report_urls')
      .innerJoin('urls', 'urls.id', 'report_urls.url_id')
      .select('urls.canonical')
      .where('report_urls.report_id', '=', report.id)
      .execute();
    return { ...report, urls: urls.map((u) => u.canonical) };
  }

  it('replaces NUL by U+FFFD and leaves other values alone', () => {
    expect(withoutNul(`a${NUL}b${NUL}`)).toBe(`a${NUL_REPLACEMENT}b${NUL_REPLACEMENT}`);
    expect(withoutNul(['x', `y${NUL}`])).toEqual(['x', `y${NUL_REPLACEMENT}`]);
    expect(withoutNul({ a: [`${NUL}`], b: 1 })).toEqual({ a: [NUL_REPLACEMENT], b: 1 });
    const bytes = Buffer.from([0, 1]);
    expect(withoutNul(bytes)).toBe(bytes);
    expect(withoutNul(7)).toBe(7);
  });

  it('stores and processes a JSON API report with NUL in content, sender and contact', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: {
        kind: 'sms',
        content: `荷物の配達${NUL}に失敗 https://nul-json.example-phish.xyz/track${NUL}`,
        sender: `+81${NUL}9000`,
        contact: { name: `山田${NUL}`, email: 'a@example.jp' },
      },
    });
    expect(res.statusCode).toBe(202);
    await ctx.queue.drain();
    const r = await outcome(res.json().id);
    expect(r).toMatchObject({ status: 'processed', error: null });
    expect(r.urls).toEqual([expect.stringContaining('nul-json.example-phish.xyz/track')]);
    expect(r.payload).not.toContain(NUL);
  });

  it('stores and processes a form report with NUL in its fields', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/report',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        kind: 'text',
        content: `見てください${NUL} https://nul-form.example-phish.xyz/login`,
        contact_name: `太郎${NUL}`,
      }).toString(),
    });
    expect(res.statusCode).toBe(303);
    const id = /\/report\/thanks\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
    await ctx.queue.drain();
    const r = await outcome(id);
    expect(r).toMatchObject({ status: 'processed', error: null });
    expect(r.urls).toEqual([expect.stringContaining('nul-form.example-phish.xyz/login')]);
  });

  it('stores and processes a mail with NUL in its subject, headers and body', async () => {
    const raw = [
      'From: "Fake\u0000Bank" <notice@fake-bank.example>',
      'To: report@phishdesk.test',
      `Subject: 緊急${NUL}のお知らせ`,
      `X-Mailer: kit${NUL}1.0`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Please verify${NUL} https://nul-mail.example-phish.xyz/verify`,
      '',
    ].join('\r\n');
    const info = await nodemailer
      .createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true })
      .sendMail({ envelope: { from: 'citizen@example.jp', to: 'report@phishdesk.test' }, raw });
    const id = /queued as ([0-9a-f-]{36})/.exec(info.response)![1]!;
    await ctx.queue.drain();
    const r = await outcome(id);
    expect(r).toMatchObject({ status: 'processed', error: null });
    expect(r.urls).toEqual([expect.stringContaining('nul-mail.example-phish.xyz/verify')]);
  });

  it('imports a feed row with NUL in its brand label and raw row', async () => {
    const summary = await ctx.imports.importEntries({ name: 'nul-feed', kind: 'jpcert' }, [
      {
        item: {
          externalId: `row${NUL}1`,
          url: 'https://nul-feed.example-phish.xyz/a',
          brandLabel: `Ama${NUL}zon`,
          threat: 'phishing',
          raw: { note: `x${NUL}y` },
        },
      },
    ]);
    expect(summary).toMatchObject({ rows: 1, inserted: 1, newUrls: 1 });
    const r = await outcome(`row${NUL_REPLACEMENT}1`);
    expect(r.urls).toEqual([expect.stringContaining('nul-feed.example-phish.xyz/a')]);
  });
});
