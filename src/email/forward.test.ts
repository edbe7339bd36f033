import { describe, expect, it } from 'vitest';
import { parseLooseDate } from './forward.ts';
import { parseEmail } from './parse.ts';
import { base64Lines, CRLF, encodedWordB, message } from './test-messages.ts';

const FORWARDER = ['From: Taro Yamada <taro@victim.example>', 'To: report@phishdesk.example'];

function original(subject: string, url: string): Buffer {
  return message(
    [
      'Authentication-Results: mx.victim.example; spf=fail smtp.mailfrom=evil.example; dkim=none; dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=amazon.example',
      'Received: from evil.example (evil.example [203.0.113.9]) by mx.victim.example; Mon, 1 Jan 2024 01:00:00 +0000',
      'From: "Amazon" <no-reply@amazon.example>',
      `Subject: ${subject}`,
      'Date: Mon, 1 Jan 2024 10:00:00 +0900',
      'Message-ID: <orig-1@evil.example>',
      'Content-Type: text/html; charset=utf-8',
    ],
    `<p>Verify now: <a href="${url}">here</a></p>`,
  );
}

function attachmentForward(
  inner: Buffer,
  opts: { base64?: boolean; subject?: string; level?: number } = {},
): Buffer {
  const b = `outer-boundary-${opts.level ?? 1}`;
  const part = opts.base64
    ? `Content-Type: application/octet-stream; name="phish.eml"${CRLF}Content-Disposition: attachment; filename="phish.eml"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${base64Lines(inner)}`
    : `Content-Type: message/rfc822${CRLF}Content-Disposition: attachment; filename="phish.eml"${CRLF}${CRLF}${inner.toString('latin1')}`;
  return message(
    [
      ...FORWARDER,
      `Subject: ${opts.subject ?? 'Fwd: is this phishing?'}`,
      'Authentication-Results: mx.phishdesk.example; spf=pass; dkim=pass header.d=victim.example; dmarc=pass header.from=victim.example',
      `Content-Type: multipart/mixed; boundary="${b}"`,
    ],
    Buffer.from(
      `--${b}${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}Is this real? https://my-signature.example/${CRLF}--${b}${CRLF}${part}${CRLF}--${b}--${CRLF}`,
      'latin1',
    ),
  );
}

describe('forward as attachment', () => {
  it('reports on the attached original and keeps the forwarder apart', async () => {
    const parsed = await parseEmail(
      attachmentForward(original('Your account is locked', 'https://amaz0n.example/login')),
    );
    expect(parsed.subject).toBe('Your account is locked');
    expect(parsed.from).toEqual({ name: 'Amazon', address: 'no-reply@amazon.example' });
    expect(parsed.messageId).toBe('orig-1@evil.example');
    expect(parsed.auth).toMatchObject({
      spf: 'fail',
      dmarc: 'fail',
      fromDomain: 'amazon.example',
      dmarcPolicy: 'reject',
    });
    expect(parsed.received[0]).toMatchObject({ from: 'evil.example', ip: '203.0.113.9' });
    expect(parsed.urls).toEqual(['https://amaz0n.example/login']);
    expect(parsed.forwarded).toEqual({
      by: { name: 'Taro Yamada', address: 'taro@victim.example' },
      mode: 'attachment',
    });
  });

  it('unwraps a base64 .eml attachment', async () => {
    const parsed = await parseEmail(
      attachmentForward(original('Locked', 'https://a.example/x'), { base64: true }),
    );
    expect(parsed.subject).toBe('Locked');
    expect(parsed.forwarded?.mode).toBe('attachment');
  });

  it('follows at most 5 levels of nested forwards', async () => {
    let raw = original('level 0', 'https://level0.example/');
    for (let level = 1; level <= 7; level++)
      raw = attachmentForward(raw, { subject: `Fwd: level ${level}`, level });
    const parsed = await parseEmail(raw);
    // 7 wrappers: the top is depth 0, so the message at depth 5 is the one with subject "level 2".
    expect(parsed.subject).toBe('Fwd: level 2');
    expect(parsed.warnings.some((w) => w.startsWith('forward.too_deep'))).toBe(true);
    expect(parsed.attachments.some((a) => a.contentType === 'message/rfc822')).toBe(true);
    expect(parsed.forwarded?.by?.address).toBe('taro@victim.example');
  });
});

describe('forward attachment edge cases', () => {
  it('keeps the outer message when the attached "message" is binary', async () => {
    const b = 'bin-b';
    const raw = message(
      [...FORWARDER, 'Subject: Fwd: look', `Content-Type: multipart/mixed; boundary="${b}"`],
      Buffer.from(
        `--${b}${CRLF}Content-Type: text/plain${CRLF}${CRLF}see https://outer.example/${CRLF}--${b}${CRLF}Content-Type: message/rfc822${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${base64Lines(Buffer.from('d0cf11e0a1b11ae1000000000000000000000000', 'hex'))}${CRLF}--${b}--${CRLF}`,
        'latin1',
      ),
    );
    const parsed = await parseEmail(raw);
    expect(parsed.forwarded).toBeNull();
    expect(parsed.from?.address).toBe('taro@victim.example');
    expect(parsed.urls).toEqual(['https://outer.example/']);
    expect(parsed.warnings.some((w) => w.startsWith('forward.attachment_unreadable'))).toBe(true);
  });
});

function inline(subject: string, body: string, html?: string): Buffer {
  if (!html)
    return message([...FORWARDER, `Subject: ${subject}`, 'Content-Type: text/plain; charset=utf-8'], body);
  const b = 'alt-b';
  return message(
    [...FORWARDER, `Subject: ${subject}`, `Content-Type: multipart/alternative; boundary="${b}"`],
    `--${b}\nContent-Type: text/plain; charset=utf-8\n\n${body}\n--${b}\nContent-Type: text/html; charset=utf-8\n\n${html}\n--${b}--\n`,
  );
}

describe('inline forwards', () => {
  it('Gmail: recovers From/Subject/Date and takes URLs only from the forwarded part', async () => {
    const text = [
      'See below, looks fake. https://my-signature.example/',
      '',
      '---------- Forwarded message ---------',
      'From: Amazon <no-reply@amazon.example>',
      'Date: Mon, Jan 1, 2024 at 10:00 AM',
      'Subject: Your account is locked',
      'To: <taro@victim.example>',
      '',
      'Please verify: https://amaz0n.example/verify',
    ].join('\n');
    const html =
      '<div>See below, looks fake. <a href="https://my-signature.example/">sig</a></div><div class="gmail_quote">---------- Forwarded message ---------<br>From: <strong>Amazon</strong> &lt;no-reply@amazon.example&gt;<br></div><a href="https://amaz0n.example/verify">verify</a>';
    const parsed = await parseEmail(inline('Fwd: Your account is locked', text, html));
    expect(parsed.forwarded).toEqual({
      by: { name: 'Taro Yamada', address: 'taro@victim.example' },
      mode: 'inline',
    });
    expect(parsed.from).toEqual({ name: 'Amazon', address: 'no-reply@amazon.example' });
    expect(parsed.subject).toBe('Your account is locked');
    expect(parsed.date).toBe('2024-01-01T10:00:00.000Z');
    expect(parsed.urls).toEqual(['https://amaz0n.example/verify']);
    expect(parsed.auth).toEqual({ spf: null, dkim: null, dmarc: null, fromDomain: null, dmarcPolicy: null });
    expect(parsed.text.startsWith('Please verify')).toBe(true);
  });

  it('Apple Mail: "Begin forwarded message:"', async () => {
    const text =
      'Begin forwarded message:\n\nFrom: "PayPal" <service@paypa1.example>\nSubject: Action required\nDate: 1 January 2024 at 10:00:00 JST\nTo: me@victim.example\n\nLog in at https://paypa1.example/x\n';
    const parsed = await parseEmail(inline('Fwd: Action required', text));
    expect(parsed.from).toEqual({ name: 'PayPal', address: 'service@paypa1.example' });
    expect(parsed.date).toBe('2024-01-01T01:00:00.000Z');
    expect(parsed.urls).toEqual(['https://paypa1.example/x']);
  });

  it('Outlook: "-----Original Message-----" with [mailto:] under a FW: subject', async () => {
    const text =
      '\n\n-----Original Message-----\nFrom: Bank Support [mailto:support@bank-secure.example]\nSent: Monday, January 1, 2024 10:00 AM\nTo: Taro\nSubject: Unusual sign-in\n\nConfirm: http://bank-secure.example/c\n';
    const parsed = await parseEmail(inline('FW: Unusual sign-in', text));
    expect(parsed.forwarded?.mode).toBe('inline');
    expect(parsed.from).toEqual({ name: 'Bank Support', address: 'support@bank-secure.example' });
    expect(parsed.subject).toBe('Unusual sign-in');
    expect(parsed.date).toBe('2024-01-01T10:00:00.000Z');
    expect(parsed.urls).toEqual(['http://bank-secure.example/c']);
  });

  it('Outlook (Japanese): a rule line and 差出人/送信日時/件名', async () => {
    const text =
      '確認お願いします。\n\n________________________________\n差出人: 三井住友カード <info@smbc-card.example>\n送信日時: 2024年1月1日 10:00\n宛先: taro@victim.example\n件名: 【重要】ご利用確認\n\n以下よりログインしてください https://smbc-card.example/login\n';
    const parsed = await parseEmail(inline('FW: 【重要】ご利用確認', text));
    expect(parsed.from).toEqual({ name: '三井住友カード', address: 'info@smbc-card.example' });
    expect(parsed.subject).toBe('【重要】ご利用確認');
    expect(parsed.date).toBe('2024-01-01T01:00:00.000Z');
    expect(parsed.urls).toEqual(['https://smbc-card.example/login']);
  });

  it('Thunderbird (Japanese): 転送メッセージ with tab-separated headers', async () => {
    const text =
      '\n\n-------- 転送メッセージ --------\n件名: \tAmazonプライム会費のお支払い方法に問題があります\n日付: \tMon, 1 Jan 2024 10:00:00 +0900\n差出人: \tAmazon.co.jp <account@amazon-jp.example>\n宛先: \ttaro@victim.example\n\nhttps://amazon-jp.example/pay\n';
    const parsed = await parseEmail(inline(`${encodedWordB('転送: Amazon', 'UTF-8')}`, text));
    expect(parsed.subject).toBe('Amazonプライム会費のお支払い方法に問題があります');
    expect(parsed.from?.address).toBe('account@amazon-jp.example');
    expect(parsed.date).toBe('2024-01-01T01:00:00.000Z');
    expect(parsed.urls).toEqual(['https://amazon-jp.example/pay']);
  });

  it('元のメッセージ under a 転送 subject, and the innermost of nested forwards', async () => {
    const text = [
      '-----元のメッセージ-----',
      '差出人: 同僚 <colleague@victim.example>',
      '件名: 転送: 楽天 ログイン',
      '',
      '---------- Forwarded message ---------',
      'From: 楽天 <info@rakuten-login.example>',
      'Subject: ログインの確認',
      '',
      'https://rakuten-login.example/',
    ].join('\n');
    const parsed = await parseEmail(inline('転送: 楽天 ログイン', text));
    expect(parsed.from).toEqual({ name: '楽天', address: 'info@rakuten-login.example' });
    expect(parsed.subject).toBe('ログインの確認');
    expect(parsed.forwarded?.by?.address).toBe('taro@victim.example');
  });

  it('does not mistake a fake reply thread in a phishing mail for a forward', async () => {
    const text =
      'Please pay the attached invoice today: https://pay-invoice.example/\n\n-----Original Message-----\nFrom: CEO <ceo@company.example>\nSubject: invoice\n\nok\n';
    const parsed = await parseEmail(inline('RE: invoice', text));
    expect(parsed.forwarded).toBeNull();
    expect(parsed.from?.address).toBe('taro@victim.example');
    expect(parsed.urls).toContain('https://pay-invoice.example/');
  });

  it('ignores a forward marker far below a long body', async () => {
    const text = `${'lorem ipsum '.repeat(500)}\n---------- Forwarded message ---------\nFrom: a <a@b.example>\nSubject: s\n\nx`;
    expect((await parseEmail(inline('Hello', text))).forwarded).toBeNull();
  });
});

describe('parseLooseDate', () => {
  it('reads the date formats of forward header blocks', () => {
    expect(parseLooseDate('2024年1月2日(火) 9:05')).toBe('2024-01-02T00:05:00.000Z');
    expect(parseLooseDate('Tuesday, January 2, 2024 9:05 AM')).toBe('2024-01-02T09:05:00.000Z');
    expect(parseLooseDate('Tue, 2 Jan 2024 09:05:00 +0100')).toBe('2024-01-02T08:05:00.000Z');
    expect(parseLooseDate('yesterday')).toBeNull();
  });
});
