import { describe, expect, it } from 'vitest';
import { createTokenCounter, weekStart } from './emerging.ts';
import { hostTokens, isCommonToken, pathTokens, senderTokens, textTokens } from './emerging-tokens.ts';

describe('emerging-brand tokens', () => {
  it('takes host labels below the public suffix, path words, bracketed and katakana names, sender words', () => {
    expect(hostTokens('sbisec-login.secure-update.co.jp')).toEqual(['sbisec']);
    expect(hostTokens('203.0.113.9')).toEqual([]);
    expect(hostTokens('xn--80ak6aa92e.com')).toEqual([]);
    expect(pathTokens('/wp-content/monex/index.php?id=kabucom')).toEqual(['monex']);
    expect(textTokens('【SBI証券】重要なお知らせ')).toContain('sbi証券');
    expect(textTokens('松井証券からのご案内')).toContain('松井証券');
    expect(textTokens('マネックスのアカウント確認')).toEqual(['マネックス']);
    expect(textTokens('Your Zorvex account is locked')).toEqual(['zorvex']);
    expect(senderTokens('Zorvex Support <notice@zorvex-secure.com>')).toEqual(['zorvex']);
  });

  it('never offers common words, digits or random consonant runs', () => {
    for (const w of ['login', 'card', 'account', 'お知らせ', 'アカウント', 'index', 'example'])
      expect(isCommonToken(w)).toBe(true);
    expect(hostTokens('login-card.account-verify.com')).toEqual([]);
    expect(pathTokens('/2024/11/xkcdqwrt/12345abc')).toEqual([]);
  });

  it('counts a token per week from a Monday in JST, needing 3 items and 2 sites for URL evidence', () => {
    const now = Date.UTC(2026, 10, 27, 3);
    expect(new Date(weekStart(now)).toISOString()).toBe('2026-11-22T15:00:00.000Z');
    const from = weekStart(now) - 7 * 7 * 86_400_000;
    const c = createTokenCounter(from, (t) => t === 'rakuten');
    const url = (host: string, at = now) => ({
      canonical: `https://${host}/`,
      host,
      domain: host.split('.').slice(-2).join('.'),
      path: '/',
      firstSeen: at,
    });
    c.addUrl(url('zorvex-a.one.cn', now - 7 * 86_400_000));
    c.addUrl(url('zorvex-b.two.cn'));
    c.addUrl(url('zorvex-c.two.cn'));
    for (const h of ['solo1.lonely.cn', 'solo2.lonely.cn', 'solo3.lonely.cn']) c.addUrl(url(h));
    for (const h of ['rakuten1.a.cn', 'rakuten2.b.cn', 'rakuten3.c.cn']) c.addUrl(url(h.replace(/\d/, '-x')));
    const got = c.candidates();
    expect(got.map((x) => x.token)).toEqual(['zorvex']);
    expect(got[0]).toMatchObject({ urls: 3, sites: 2, kinds: ['host'] });
    expect(got[0]!.weeks.slice(-2)).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });
});
