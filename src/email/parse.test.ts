import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { parseEmail } from './parse.ts';
import { base64Lines, CRLF, message } from './test-messages.ts';

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a rejection');
}

describe('parseEmail basics', () => {
  it('reads headers, text, HTML URLs and attachments', async () => {
    const pdf = Buffer.from('%PDF-1.4 fake pdf bytes \u0000\u0001\u0002', 'latin1');
    const b = 'mixed-1';
    const raw = message(
      [
        'Return-Path: <bounce@mailer.example>',
        'From: "Security Team" <security@bank.example>',
        'Reply-To: collect@evil.example',
        'Subject: Unusual activity',
        'Date: Tue, 14 Feb 2023 11:22:33 -0500',
        'Message-ID: <abc.123@mailer.example>',
        `Content-Type: multipart/mixed; boundary="${b}"`,
      ],
      [
        `--${b}`,
        'Content-Type: multipart/alternative; boundary="alt-1"',
        '',
        '--alt-1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Sign in at https://bank-example.evil.example/signin now',
        '--alt-1',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<form action="https://collect.evil.example/post"><a href="https://bank-example.evil.example/signin">Sign in</a><img src="https://track.evil.example/p.gif"></form>',
        '--alt-1--',
        `--${b}`,
        'Content-Type: application/pdf; name="statement.pdf"',
        'Content-Disposition: attachment; filename="statement.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(pdf),
        `--${b}--`,
        '',
      ].join(CRLF),
    );
    const parsed = await parseEmail(raw);
    expect(parsed).toMatchObject({
      subject: 'Unusual activity',
      from: { name: 'Security Team', address: 'security@bank.example' },
      replyTo: 'collect@evil.example',
      returnPath: 'bounce@mailer.example',
      date: '2023-02-14T16:22:33.000Z',
      messageId: 'abc.123@mailer.example',
      htmlPresent: true,
      forwarded: null,
      warnings: [],
    });
    expect(parsed.text).toContain('Sign in at https://bank-example.evil.example/signin now');
    expect(parsed.urls).toEqual(
      expect.arrayContaining([
        'https://collect.evil.example/post',
        'https://bank-example.evil.example/signin',
        'https://track.evil.example/p.gif',
      ]),
    );
    expect(new Set(parsed.urls).size).toBe(parsed.urls.length);
    expect(parsed.attachments).toEqual([
      {
        filename: 'statement.pdf',
        contentType: 'application/pdf',
        size: pdf.length,
        sha256: createHash('sha256').update(pdf).digest('hex'),
      },
    ]);
  });

  it('takes URLs from an attached HTML login page', async () => {
    const page =
      '<html><form method="post" action="https://harvest.evil.example/p.php"><input name="pw"></form></html>';
    const raw = message(
      ['From: a@b.example', 'Subject: invoice', 'Content-Type: multipart/mixed; boundary="m"'],
      `--m\r\nContent-Type: text/plain\r\n\r\nSee attachment\r\n--m\r\nContent-Type: text/html; name="invoice.html"\r\nContent-Disposition: attachment; filename="invoice.html"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(Buffer.from(page))}\r\n--m--\r\n`,
    );
    const parsed = await parseEmail(raw);
    expect(parsed.urls).toContain('https://harvest.evil.example/p.php');
    expect(parsed.attachments[0]?.filename).toBe('invoice.html');
  });
  it('finds an address hidden in a comment and reads Received hops', async () => {
    const parsed = await parseEmail(
      message(
        [
          'Received: from MN2PR19MB3966.namprd19.prod.outlook.com (::1) by MN0PR19MB6312.namprd19.prod.outlook.com with HTTPS; Thu, 3 Nov 2022 04:56:17 +0000',
          'Received: from dturm.de (57.128.69.202) by VI1EUR05FT048.mail.protection.outlook.com (10.233.243.188) with Microsoft SMTP Server; Thu, 3 Nov 2022 04:56:15 +0000',
          'Received: from unknown (HELO mail) ([IPv6:2001:db8::5]) by mx.example; garbage date',
          'From: Ihre Chance!,(<service@stayfriends.example>)',
          'Subject: x',
        ],
        'x',
      ),
    );
    expect(parsed.from).toEqual({ name: 'Ihre Chance!', address: 'service@stayfriends.example' });
    expect(parsed.received).toEqual([
      {
        from: 'MN2PR19MB3966.namprd19.prod.outlook.com',
        by: 'MN0PR19MB6312.namprd19.prod.outlook.com',
        ip: '::1',
        date: '2022-11-03T04:56:17.000Z',
      },
      {
        from: 'dturm.de',
        by: 'VI1EUR05FT048.mail.protection.outlook.com',
        ip: '57.128.69.202',
        date: '2022-11-03T04:56:15.000Z',
      },
      { from: 'unknown', by: 'mx.example', ip: '2001:db8::5', date: null },
    ]);
  });
});

describe('parseEmail on broken input', () => {
  it('recovers a multipart body whose boundary parameter is missing', async () => {
    const raw = message(
      ['From: a@b.example', 'Subject: no boundary', 'Content-Type: multipart/alternative'],
      '--XyZ123\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nClick https://evil.example/very/long/path/that/goes/on=\r\n/and/on?x=3D1\r\n--XyZ123--\r\n',
    );
    const parsed = await parseEmail(raw);
    expect(parsed.warnings).toContain('mime.boundary_missing');
    expect(parsed.urls).toContain('https://evil.example/very/long/path/that/goes/on/and/on?x=1');
  });

  it('keeps what a truncated base64 body had', async () => {
    const body = Buffer.from(
      'Hello, visit https://evil.example/start and more text that is cut off later on',
    );
    const b64 = body.toString('base64');
    const raw = message(
      [
        'From: a@b.example',
        'Subject: truncated',
        'Content-Type: text/plain',
        'Content-Transfer-Encoding: base64',
      ],
      b64.slice(0, b64.length - 13),
    );
    const parsed = await parseEmail(raw);
    expect(parsed.text.startsWith('Hello, visit https://evil.example/start')).toBe(true);
    expect(parsed.urls).toContain('https://evil.example/start');
  });

  it('survives NUL bytes in headers and body', async () => {
    const raw = message(
      ['From: a@b.example', 'Subject: nul\u0000byte', 'Content-Type: text/plain'],
      'a\u0000b https://evil.example/nul \u0000\r\n',
    );
    const parsed = await parseEmail(raw);
    expect(parsed.subject).toContain('byte');
    expect(parsed.urls).toContain('https://evil.example/nul');
  });

  it('handles 10,000 headers quickly', async () => {
    const headers = Array.from({ length: 10_000 }, (_, i) => `X-Filler-${i}: value ${i}`);
    const started = performance.now();
    const parsed = await parseEmail(
      message(['From: a@b.example', 'Subject: many headers', ...headers], 'https://evil.example/'),
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(parsed.subject).toBe('many headers');
    expect(parsed.urls).toEqual(['https://evil.example/']);
  });

  it('falls back to a raw reading when mailparser gives up (header block over 1 MB)', async () => {
    const headers = Array.from({ length: 30_000 }, (_, i) => `X-Filler-${i}: ${'v'.repeat(40)}`);
    const parsed = await parseEmail(
      message(
        [
          'From: a@b.example',
          'Subject: huge head',
          ...headers,
          'Content-Transfer-Encoding: quoted-printable',
        ],
        'go https://evil.example/a=\r\nb',
      ),
    );
    expect(parsed.subject).toBe('huge head');
    expect(parsed.warnings.some((w) => w.startsWith('mime.unparsed'))).toBe(true);
    expect(parsed.urls).toContain('https://evil.example/ab');
  });

  it('reads a headerless paste, leading blank lines, "From :" and a bad Date', async () => {
    const paste = await parseEmail(Buffer.from('just some text https://evil.example/p\r\n'));
    expect(paste.urls).toContain('https://evil.example/p');
    expect(paste.warnings).toContain('headers.from_missing');
    const odd = await parseEmail(
      Buffer.from('\r\n\r\nFrom : x@evil.example\r\nSubject: hi\r\nDate: _smtpDate . 1\r\n\r\nbody'),
    );
    expect(odd.from?.address).toBe('x@evil.example');
    expect(odd.subject).toBe('hi');
    expect(odd.date).toBeNull();
    expect(odd.warnings).toEqual(expect.arrayContaining(['date.invalid', 'headers.leading_blank_lines']));
  });

  it('transcodes a UTF-16 file', async () => {
    const text = '\ufeffFrom: a@b.example\r\nSubject: utf16 テスト\r\n\r\nhttps://evil.example/u\r\n';
    const parsed = await parseEmail(Buffer.from(text, 'utf16le'));
    expect(parsed.subject).toBe('utf16 テスト');
    expect(parsed.urls).toContain('https://evil.example/u');
  });

  it('caps the text and stays fast on hostile HTML', async () => {
    const big = `https://first.example/ ${'a'.repeat(1_500_000)}`;
    const parsed = await parseEmail(
      message(['From: a@b.example', 'Subject: big', 'Content-Type: text/plain'], big),
    );
    expect(parsed.text.length).toBe(1_000_000);
    expect(parsed.warnings.some((w) => w.startsWith('text.truncated'))).toBe(true);
    expect(parsed.urls).toContain('https://first.example/');

    const started = performance.now();
    const hostile = `<a href="https://x.example/">x</a>${'<'.repeat(300_000)}${'<div>'.repeat(50_000)}<script>`;
    const html = await parseEmail(message(['From: a@b.example', 'Content-Type: text/html'], hostile));
    expect(html.urls).toContain('https://x.example/');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('rejects what is no e-mail at all, or too big', async () => {
    for (const input of [
      Buffer.alloc(0),
      Buffer.from('  \r\n\t'),
      Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      Buffer.from('504b030414000000', 'hex'),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 32)),
    ]) {
      const err = await rejection(parseEmail(input));
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('email.unreadable');
    }
    const tooBig = await rejection(parseEmail(message(['Subject: x'], 'y'.repeat(200)), { maxBytes: 100 }));
    expect(tooBig.code).toBe('email.unreadable');
    expect(tooBig.details).toMatchObject({ maxBytes: 100 });
  });
});
