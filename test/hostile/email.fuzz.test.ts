import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/email/parse.ts';
import { underBudget } from './budget.ts';

const headerName = fc.constantFrom(
  'From',
  'To',
  'Subject',
  'Date',
  'Received',
  'Message-ID',
  'Reply-To',
  'Return-Path',
  'Content-Type',
  'Content-Transfer-Encoding',
  'Authentication-Results',
  'DKIM-Signature',
  'X-Junk',
  'MIME-Version',
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    'multipart/mixed; boundary="b"',
    'multipart/alternative; boundary=b',
    'text/html; charset=shift_jis',
    'text/plain; charset=iso-2022-jp',
    'message/rfc822',
    'base64',
    'quoted-printable',
    '=?UTF-8?B?44GC?=',
    '=?ISO-2022-JP?B?GyRCJCIbKEI=?=',
    '=?x?Q?=ZZ?=',
    '"a" <a@b.c>',
    '<>',
    'spf=pass smtp.mailfrom=x.jp; dkim=fail (((',
    'Thu, 31 Feb 2024 25:61:61 +9999',
    'charset="',
    'boundary=',
  ),
);
const bodyPiece = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.webUrl(),
  fc.constantFrom(
    '--b\r\n',
    '--b--\r\n',
    '\r\n\r\n',
    'Content-Type: text/html\r\n\r\n',
    '<a href="http://x.jp/a">',
    '=\r\n',
    '=E3=81',
    'PGEgaHJlZj0i',
    '-----Original Message-----\r\nFrom: x@y.z\r\nSubject: s\r\n\r\n',
    '&#x68;ttp://',
    '<!--',
    '<script>',
    '\u0000',
    '\ufffd',
  ),
);
const message = fc
  .tuple(
    fc.array(fc.tuple(headerName, headerValue), { maxLength: 20 }),
    fc.array(bodyPiece, { maxLength: 40 }),
    fc.constantFrom('\r\n', '\n'),
  )
  .map(
    ([headers, body, nl]) => `${headers.map(([n, v]) => `${n}: ${v}`).join(nl)}${nl}${nl}${body.join('')}`,
  );

function checkParsed(p: Awaited<ReturnType<typeof parseEmail>>) {
  expect(Array.isArray(p.urls)).toBe(true);
  expect(Array.isArray(p.warnings)).toBe(true);
  expect(typeof p.text).toBe('string');
  for (const u of p.urls) expect(typeof u).toBe('string');
}

describe('e-mail parser under hostile input', () => {
  it('structured hostile messages: parsed or AppError, within budget', async () => {
    await fc.assert(
      fc.asyncProperty(message, async (text) => {
        const r = await underBudget(() => parseEmail(Buffer.from(text, 'utf8')), 'parseEmail');
        if (r.ok) checkParsed(r.value);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary bytes: parsed or AppError, within budget', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
        const r = await underBudget(() => parseEmail(Buffer.from(bytes)), 'parseEmail(bytes)');
        if (r.ok) checkParsed(r.value);
        else expect((r.error as { code: string }).code).toBe('email.unreadable');
      }),
      { numRuns: 300 },
    );
  });

  it('mail bombs: deep nesting, many parts, many headers, endless lines, oversize', async () => {
    const nested = (depth: number) => {
      let body = 'Content-Type: text/plain\r\n\r\nhttps://deep.example.com/x\r\n';
      for (let i = depth; i > 0; i--)
        body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
      return `From: a@b.c\r\nSubject: nest\r\n${body}`;
    };
    const rfc822 = (depth: number) => {
      let msg = 'From: inner@x.jp\r\nSubject: inner\r\n\r\nhttps://inner.example.com/\r\n';
      for (let i = 0; i < depth; i++) msg = `From: f${i}@x.jp\r\nContent-Type: message/rfc822\r\n\r\n${msg}`;
      return msg;
    };
    const manyParts = `From: a@b.c\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${'--b\r\nContent-Type: text/plain\r\n\r\nhttp://p.example.com/\r\n'.repeat(20_000)}--b--\r\n`;
    const cases: [string, Buffer][] = [
      ['nested multipart ×500', Buffer.from(nested(500))],
      ['nested message/rfc822 ×200', Buffer.from(rfc822(200))],
      ['20,000 parts', Buffer.from(manyParts)],
      ['50,000 headers', Buffer.from(`${'X-A: b\r\n'.repeat(50_000)}From: a@b.c\r\n\r\nbody`)],
      [
        '5,000 Received',
        Buffer.from(`${'Received: from a by b; Mon, 1 Jan 2024 00:00:00 +0000\r\n'.repeat(5000)}\r\nbody`),
      ],
      ['10 MB header line', Buffer.from(`Subject: ${'a'.repeat(10 * 1024 * 1024)}\r\n\r\nbody`)],
      [
        '10 MB body line of URLs',
        Buffer.from(`From: a@b.c\r\n\r\n${'http://u.example.com/a '.repeat(450_000)}`),
      ],
      [
        'HTML of 200,000 anchors',
        Buffer.from(
          `Content-Type: text/html\r\n\r\n${'<a href="http://h.example.com/x">y</a>'.repeat(200_000)}`,
        ),
      ],
    ];
    for (const [label, raw] of cases) {
      const r = await underBudget(() => parseEmail(raw), label);
      if (r.ok) {
        checkParsed(r.value);
        expect(r.value.urls.length, label).toBeLessThanOrEqual(5000);
      }
    }
    // Over the size limit: refused before any parsing.
    const big = await underBudget(() => parseEmail(Buffer.alloc(26 * 1024 * 1024, 0x61)), 'oversize');
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error).toMatchObject({ code: 'email.unreadable' });
  }, 120_000);
});
