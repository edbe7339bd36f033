import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from './charset.ts';
import { decodeWords } from './headers.ts';
import { parseEmail } from './parse.ts';
import {
  base64Lines,
  encode,
  encodedWordB,
  encodedWordQ,
  message,
  quotedPrintable,
  rawHeader,
  toIso2022Jp,
} from './test-messages.ts';

const SUBJECT = '【重要】アカウントの確認のお願い';
const BODY =
  'お客様のアカウントを一時停止しました。下記より確認してください。\nhttps://amaz0n-verify.example/login?id=1\n';
const NAME = 'アマゾン カスタマーサービス';

function jaMessage(opts: {
  charset: string | null;
  cte: '7bit' | '8bit' | 'base64' | 'quoted-printable';
  bytes?: Buffer;
}) {
  const bytes = opts.bytes ?? encode(BODY, opts.charset ?? 'utf-8');
  const body =
    opts.cte === 'base64'
      ? base64Lines(bytes)
      : opts.cte === 'quoted-printable'
        ? quotedPrintable(bytes)
        : bytes.toString('latin1');
  const type = opts.charset ? `text/plain; charset="${opts.charset}"` : 'text/plain';
  return message(
    [
      `From: ${encodedWordB(NAME, 'ISO-2022-JP')} <info@amaz0n-verify.example>`,
      `Subject: ${encodedWordB(SUBJECT, 'ISO-2022-JP')}`,
      'Date: Mon, 1 Jan 2024 10:00:00 +0900',
      'MIME-Version: 1.0',
      `Content-Type: ${type}`,
      `Content-Transfer-Encoding: ${opts.cte}`,
    ],
    Buffer.from(body, 'latin1'),
  );
}

describe('decodeBytes', () => {
  it('decodes each Japanese charset when declared', () => {
    for (const charset of ['shift_jis', 'euc-jp', 'utf-8']) {
      expect(decodeBytes(iconv.encode(BODY, charset), charset).text).toBe(BODY);
    }
    expect(decodeBytes(toIso2022Jp(BODY), 'iso-2022-jp').text).toBe(BODY);
  });

  it('sniffs Japanese when the label is missing', () => {
    for (const charset of ['shift_jis', 'euc-jp', 'utf-8']) {
      const result = decodeBytes(iconv.encode(BODY, charset), null);
      expect(result.text).toBe(BODY);
      expect(result.charset).toBe(charset);
    }
    expect(decodeBytes(toIso2022Jp(BODY), null).text).toBe(BODY);
  });

  it('overrides a wrong label', () => {
    expect(decodeBytes(iconv.encode(BODY, 'shift_jis'), 'utf-8')).toMatchObject({
      text: BODY,
      guessed: true,
    });
    expect(decodeBytes(iconv.encode(BODY, 'shift_jis'), 'iso-2022-jp').text).toBe(BODY);
    expect(decodeBytes(iconv.encode(BODY, 'euc-jp'), 'shift_jis').text).toBe(BODY);
    expect(decodeBytes(iconv.encode(BODY, 'utf-8'), 'shift_jis').text).toBe(BODY);
    expect(decodeBytes(iconv.encode(BODY, 'utf-8'), 'iso-8859-1').text).toBe(BODY);
    expect(decodeBytes(iconv.encode(BODY, 'shift_jis'), 'iso-8859-1').text).toBe(BODY);
    expect(decodeBytes(toIso2022Jp(BODY), 'us-ascii').text).toBe(BODY);
  });

  it('reads CP932 extensions labelled Shift_JIS and aliases WHATWG does not know', () => {
    const text = '①お支払い㈱テスト～髙橋';
    expect(decodeBytes(iconv.encode(text, 'cp932'), 'Shift_JIS').text).toBe(text);
    expect(decodeBytes(iconv.encode(text, 'cp932'), 'cp932').text).toBe(text);
    expect(decodeBytes(iconv.encode(text, 'cp932'), 'x-sjis').text).toBe(text);
  });

  it('keeps a Latin-1 text Latin-1 (no false Japanese)', () => {
    const text = 'Notificação ao cliente: você está recebendo uma Autorização';
    expect(decodeBytes(iconv.encode(text, 'latin1'), 'iso-8859-1').text).toBe(text);
    expect(decodeBytes(iconv.encode(text, 'latin1'), null).text).toBe(text);
  });

  it('decodes labels only iconv-lite knows', () => {
    expect(decodeBytes(iconv.encode('Grüße', 'cp850'), 'cp850').text).toBe('Grüße');
  });
});

describe('decodeWords', () => {
  it('joins a multibyte character split across two encoded words', () => {
    const bytes = iconv.encode(SUBJECT, 'utf-8');
    const header = `${encodedWordB('', 'UTF-8').slice(0, 0)}=?UTF-8?B?${bytes.subarray(0, 4).toString('base64')}?= =?UTF-8?B?${bytes.subarray(4).toString('base64')}?=`;
    expect(decodeWords(header)).toBe(SUBJECT);
  });

  it('decodes Q words and a Shift_JIS word mislabelled ISO-2022-JP', () => {
    expect(decodeWords(encodedWordQ(iconv.encode(SUBJECT, 'shift_jis'), 'Shift_JIS'))).toBe(SUBJECT);
    expect(decodeWords(`=?ISO-2022-JP?B?${iconv.encode(SUBJECT, 'shift_jis').toString('base64')}?=`)).toBe(
      SUBJECT,
    );
    expect(decodeWords(`Re: ${encodedWordB(SUBJECT, 'EUC-JP')} (x)`)).toBe(`Re: ${SUBJECT} (x)`);
    expect(decodeWords(`=?UTF-8?B?${iconv.encode(SUBJECT, 'euc-jp').toString('base64')}?=`)).toBe(SUBJECT);
  });
});

describe('parseEmail Japanese bodies', () => {
  const cases: {
    name: string;
    charset: string | null;
    bytesCharset: string;
    cte: '7bit' | '8bit' | 'base64' | 'quoted-printable';
  }[] = [
    { name: 'ISO-2022-JP 7bit', charset: 'ISO-2022-JP', bytesCharset: 'iso-2022-jp', cte: '7bit' },
    {
      name: 'Shift_JIS quoted-printable',
      charset: 'Shift_JIS',
      bytesCharset: 'shift_jis',
      cte: 'quoted-printable',
    },
    { name: 'EUC-JP base64', charset: 'EUC-JP', bytesCharset: 'euc-jp', cte: 'base64' },
    { name: 'UTF-8 8bit', charset: 'UTF-8', bytesCharset: 'utf-8', cte: '8bit' },
    { name: 'UTF-8 base64', charset: 'utf-8', bytesCharset: 'utf-8', cte: 'base64' },
    { name: 'Shift_JIS without charset label', charset: null, bytesCharset: 'shift_jis', cte: '8bit' },
    { name: 'EUC-JP without charset label (base64)', charset: null, bytesCharset: 'euc-jp', cte: 'base64' },
    { name: 'ISO-2022-JP without charset label', charset: null, bytesCharset: 'iso-2022-jp', cte: '7bit' },
    {
      name: 'Shift_JIS labelled UTF-8',
      charset: 'utf-8',
      bytesCharset: 'shift_jis',
      cte: 'quoted-printable',
    },
    {
      name: 'Shift_JIS labelled ISO-2022-JP',
      charset: 'iso-2022-jp',
      bytesCharset: 'shift_jis',
      cte: 'base64',
    },
    { name: 'UTF-8 labelled Shift_JIS', charset: 'shift_jis', bytesCharset: 'utf-8', cte: '8bit' },
    { name: 'ISO-2022-JP labelled us-ascii', charset: 'us-ascii', bytesCharset: 'iso-2022-jp', cte: '7bit' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const parsed = await parseEmail(
        jaMessage({ charset: c.charset, cte: c.cte, bytes: encode(BODY, c.bytesCharset) }),
      );
      expect(parsed.subject).toBe(SUBJECT);
      expect(parsed.from).toEqual({ name: NAME, address: 'info@amaz0n-verify.example' });
      expect(parsed.text.trim()).toBe(BODY.trim());
      expect(parsed.urls).toContain('https://amaz0n-verify.example/login?id=1');
    });
  }

  it('reads raw (unencoded) Japanese header bytes in every charset', async () => {
    for (const charset of ['shift_jis', 'euc-jp', 'utf-8', 'iso-2022-jp']) {
      const raw = message(
        [
          rawHeader('Subject', encode(SUBJECT, charset)),
          rawHeader('From', Buffer.concat([encode(NAME, charset), Buffer.from(' <a@example.jp>')])),
          'Content-Type: text/plain; charset=utf-8',
        ],
        'body',
      );
      const parsed = await parseEmail(raw);
      expect(parsed.subject, charset).toBe(SUBJECT);
      expect(parsed.from, charset).toEqual({ name: NAME, address: 'a@example.jp' });
    }
  });

  it('decodes an HTML-only Shift_JIS message and reduces it to text', async () => {
    const html = `<html><head><style>p{}</style></head><body><p>${BODY.replace(/\n/g, '<br>')}</p><a href="https://amaz0n-verify.example/a">ログイン</a></body></html>`;
    const raw = message(
      [
        'From: a@example.jp',
        'Subject: x',
        'Content-Type: text/html; charset=Shift_JIS',
        'Content-Transfer-Encoding: base64',
      ],
      base64Lines(iconv.encode(html, 'shift_jis')),
    );
    const parsed = await parseEmail(raw);
    expect(parsed.htmlPresent).toBe(true);
    expect(parsed.text).toContain('お客様のアカウントを一時停止しました。');
    expect(parsed.text).toContain('ログイン');
    expect(parsed.text).not.toContain('p{}');
    expect(parsed.urls).toContain('https://amaz0n-verify.example/a');
  });
});

describe('refused charsets', () => {
  it('never decodes UTF-7 (markup smuggling)', () => {
    for (const label of ['utf-7', 'UTF7', 'unicode-1-1-utf-7']) {
      // A non-ASCII byte keeps the input off the pure-ASCII fast path.
      const bytes = Buffer.concat([Buffer.from('+ADw-script+AD4- caf'), Buffer.from([0xe9])]);
      expect(decodeBytes(bytes, label).text).toMatch(/^\+ADw-script\+AD4- caf/);
    }
  });
});
