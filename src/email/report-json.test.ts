import { describe, expect, it } from 'vitest';
import { parseEmail } from './parse.ts';
import { toParseEmailJson } from './report-json.ts';
import { message } from './test-messages.ts';

describe('toParseEmailJson', () => {
  it('builds the CLI shape, in key order, without forwarded for a direct mail', async () => {
    const parsed = await parseEmail(
      message(
        [
          'Authentication-Results: mx.example; spf=pass smtp.mailfrom=x.example; dkim=fail header.d=x.example; dmarc=fail (p=REJECT) header.from=bank.example',
          'From: Bank <no-reply@bank.example>',
          'Reply-To: <r@evil.example>',
          'Subject: Locked',
          'Date: Mon, 1 Jan 2024 10:00:00 +0000',
        ],
        'https://evil.example/x',
      ),
    );
    const json = toParseEmailJson(parsed, { slug: 'bank', name: 'Bank', confidence: 0.9 });
    expect(Object.keys(json)).toEqual([
      'subject',
      'from',
      'replyTo',
      'date',
      'urls',
      'auth',
      'brand',
      'warnings',
    ]);
    expect(json).toEqual({
      subject: 'Locked',
      from: { name: 'Bank', address: 'no-reply@bank.example' },
      replyTo: 'r@evil.example',
      date: '2024-01-01T10:00:00.000Z',
      urls: ['https://evil.example/x'],
      auth: { spf: 'pass', dkim: 'fail', dmarc: 'fail', fromDomain: 'bank.example' },
      brand: { slug: 'bank', name: 'Bank', confidence: 0.9 },
      warnings: [],
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('adds forwarded, and keeps from an object when the sender is unknown', async () => {
    const parsed = await parseEmail(
      message(
        ['From: Me <me@victim.example>', 'Subject: Fwd: x'],
        '---------- Forwarded message ---------\nSubject: Locked\n\nhttps://evil.example/y\n',
      ),
    );
    const json = toParseEmailJson(parsed, null);
    expect(json.brand).toBeNull();
    expect(json.from).toEqual({ name: null, address: null });
    expect(json.forwarded).toEqual({ by: { name: 'Me', address: 'me@victim.example' }, mode: 'inline' });
    expect(json.warnings).toContain('forward.inline_from_missing');
  });
});
