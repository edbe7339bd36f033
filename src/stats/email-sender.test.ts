import { describe, expect, it } from 'vitest';
import { extractSenderDomain, isOfficialSender, senderDomain } from './email-sender.ts';

const eml = (from: string) =>
  Buffer.from(`From: ${from}\r\nTo: a@example.org\r\nSubject: x\r\n\r\nbody https://evil.test/\r\n`, 'utf8');

describe('sender domain of an e-mail report', () => {
  it('reads the domain of the first address, lowercase ASCII', () => {
    expect(senderDomain('Amazon <Info@Amazon.CO.JP>')).toBe('amazon.co.jp');
    expect(senderDomain('x@例え.jp')).toBe('xn--r8jz45g.jp');
    expect(senderDomain('no address here')).toBeNull();
    expect(senderDomain('root@localhost')).toBeNull();
  });

  it('uses the typed sender, except the envelope sender of an SMTP forward', async () => {
    const payload = JSON.stringify({ kind: 'email', content: '', sender: 'me@forwarder.example' });
    expect(await extractSenderDomain({ payload, sourceKind: 'web', emails: [] })).toBe('forwarder.example');
    expect(await extractSenderDomain({ payload, sourceKind: 'smtp', emails: [] })).toBeNull();
    expect(
      await extractSenderDomain({
        payload,
        sourceKind: 'smtp',
        emails: [eml('"Bank" <no-reply@bank.example>')],
      }),
    ).toBe('bank.example');
  });

  it('falls back to the message pasted in content, and survives junk', async () => {
    const content = eml('support@shop.example').toString('utf8');
    expect(
      await extractSenderDomain({
        payload: JSON.stringify({ kind: 'email', content }),
        sourceKind: 'api',
        emails: [],
      }),
    ).toBe('shop.example');
    expect(
      await extractSenderDomain({ payload: 'not json', sourceKind: 'web', emails: [Buffer.from([0, 1, 2])] }),
    ).toBeNull();
  });

  it('accepts an official domain or a subdomain of one, nothing else', () => {
    expect(isOfficialSender('amazon.co.jp', ['amazon.co.jp'])).toBe(true);
    expect(isOfficialSender('mail.amazon.co.jp', ['Amazon.co.jp'])).toBe(true);
    expect(isOfficialSender('amazon.co.jp.evil.test', ['amazon.co.jp'])).toBe(false);
    expect(isOfficialSender('xamazon.co.jp', ['amazon.co.jp'])).toBe(false);
  });
});
