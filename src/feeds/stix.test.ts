import { describe, expect, it } from 'vitest';
import { readStixBundle } from './stix.ts';
import { urlsFromPattern } from './stix-pattern.ts';
import { collectEntries, fixtureStream, textStream } from './testing/loopback.ts';

describe('urlsFromPattern', () => {
  it('takes equality comparisons on url:value, OR-ed inside and between observations', () => {
    expect(urlsFromPattern("[url:value = 'http://a.example/']")).toEqual({
      kind: 'urls',
      urls: ['http://a.example/'],
    });
    expect(
      urlsFromPattern("[url:value = 'http://a/' OR url:value = 'http://b/'] OR [url:value = 'http://c/']"),
    ).toEqual({
      kind: 'urls',
      urls: ['http://a/', 'http://b/', 'http://c/'],
    });
    expect(urlsFromPattern("([url:value IN ('http://a/', 'http://b/')]) WITHIN 300 SECONDS")).toEqual({
      kind: 'urls',
      urls: ['http://a/', 'http://b/'],
    });
  });

  it("unescapes \\' and \\\\ inside literals", () => {
    expect(urlsFromPattern("[url:value = 'http://a/it\\'s?x=\\\\y']")).toEqual({
      kind: 'urls',
      urls: ["http://a/it's?x=\\y"],
    });
  });

  it('refuses conditions and broken patterns, ignores other observables', () => {
    expect(urlsFromPattern("[url:value LIKE 'http://%.example/']").kind).toBe('refused');
    expect(urlsFromPattern("[url:value != 'http://a/']").kind).toBe('refused');
    expect(urlsFromPattern("[url:value = 'http://a/' AND ipv4-addr:value = '1.2.3.4']").kind).toBe('refused');
    expect(urlsFromPattern("[url:value = 'http://a/] ").kind).toBe('refused');
    expect(urlsFromPattern("[file:hashes.'SHA-256' = 'abc']")).toEqual({ kind: 'none' });
    expect(urlsFromPattern("[domain-name:value = 'a.example']")).toEqual({ kind: 'none' });
  });
});

describe('readStixBundle', () => {
  it('reads URL indicators and url observables with TLP, dates and object ids', async () => {
    const { items, rejected } = await collectEntries(readStixBundle(fixtureStream('stix/bundle.json')));
    const byUrl = new Map(items.map((i) => [i.url, i]));
    expect([...byUrl.keys()].sort()).toEqual(
      [
        'https://amazon-co-jp.account-verify-update.xyz/ap/signin',
        "https://paypal.com.resolution-center-secure.top/it's-you/confirm?x=\\y",
        'http://smbc-card.vpass-login.icu/vpass/',
        'http://smbc-card.vpass-login.icu/vpass/login.php',
        'https://www.apple.com-icloud-locate.support/',
        'https://apple.com-icloud-locate.support/find',
        'https://mercari-jp.payment-confirm.shop/',
        'https://mercari-jp.payment-confirm.shop/login',
        'https://docomo-point.campaign-gift.top/entry',
        'https://sagawa-exp.delivery-notice.live/?d=7731',
      ].sort(),
    );
    const amazon = byUrl.get('https://amazon-co-jp.account-verify-update.xyz/ap/signin')!;
    expect(amazon.externalId).toMatch(/^indicator--[0-9a-f-]{36}$/);
    expect(amazon.tlp).toBe('green');
    expect(amazon.reportedAt).toBe(Date.UTC(2024, 4, 20, 3, 12));
    expect(byUrl.get("https://paypal.com.resolution-center-secure.top/it's-you/confirm?x=\\y")!.tlp).toBe(
      'amber',
    );
    expect(byUrl.get('http://smbc-card.vpass-login.icu/vpass/')!.tlp).toBe('clear');
    expect(byUrl.get('https://docomo-point.campaign-gift.top/entry')).toMatchObject({
      tlp: 'red',
      externalId: expect.stringMatching(/^url--/),
    });
    // Marked only with a statement defined at the end of the bundle: no TLP, but not lost either.
    expect(byUrl.get('https://mercari-jp.payment-confirm.shop/')!.tlp).toBeUndefined();
    // OR'ed URLs of one indicator get distinct ids.
    const smbc = items.filter((i) => i.url.includes('smbc-card'));
    expect(new Set(smbc.map((i) => i.externalId)).size).toBe(2);
    // The AND pattern and the LIKE pattern are refused with the indicator id; revoked, benign, snort skipped.
    expect(rejected).toHaveLength(2);
    expect(rejected.every((r) => r.reason.startsWith('indicator--'))).toBe(true);
    expect(items.some((i) => i.url.includes('revoked') || i.url === 'https://www.amazon.co.jp/')).toBe(false);
  });

  it('gives the same ids on every read', async () => {
    const a = await collectEntries(readStixBundle(fixtureStream('stix/bundle.json')));
    const b = await collectEntries(readStixBundle(fixtureStream('stix/bundle.json')));
    expect(b.items.map((i) => i.externalId)).toEqual(a.items.map((i) => i.externalId));
  });

  it('reports a document that is not a bundle', async () => {
    const { rejected } = await collectEntries(
      readStixBundle(textStream('{"type":"bundle","id":"bundle--1"}')),
    );
    expect(rejected[0]!.reason).toMatch(/no "objects" array/);
  });
});
