import { parse } from 'tldts';
import { describe, expect, it } from 'vitest';
import { URL_CONFIDENCE } from './calibration.ts';
import { createBrandMatcher } from './matcher.ts';
import { BRAND_SEED } from './seed.ts';
import type { UrlMatch, UrlParts } from './url-matcher.ts';

// The real registry: these tests check the rules together with the seed they run on.
const matcher = createBrandMatcher(BRAND_SEED);

function parts(url: string): UrlParts {
  const u = new URL(url); // IDN hosts come out as punycode, as from the URL module
  return {
    host: u.hostname,
    registrableDomain: parse(u.hostname, { allowPrivateDomains: true }).domain,
    path: u.pathname + u.search,
  };
}
const match = (url: string) => matcher.matchUrl(parts(url));
const urlMatch = (url: string) => match(url) as UrlMatch | null;
const slug = (url: string) => match(url)?.slug ?? null;

describe('matchUrl: official domains', () => {
  it('flags the brand’s own hosts and their subdomains', () => {
    const m = match('https://www.amazon.co.jp/gp/your-account');
    expect(m).toMatchObject({ slug: 'amazon', official: true, confidence: 1 });
    expect(match('https://login.smbc-card.com/mem/index.jsp')).toMatchObject({
      slug: 'smbc-card',
      official: true,
    });
    expect(match('https://jp-bank.japanpost.jp/')).toMatchObject({ slug: 'yucho', official: true });
    expect(match('https://www.post.japanpost.jp/')).toMatchObject({ slug: 'japan-post', official: true });
  });

  it('never calls third-party content on a brand’s domain official', () => {
    expect(match('https://sites.google.com/view/secure-login')?.official).toBeUndefined();
    expect(slug('https://docs.google.com/forms/d/amazon-login')).toBe('amazon'); // from the path only
    expect(match('https://contoso.sharepoint.com/')).toBeNull();
    expect(match('https://www.linkedin.com/slink?code=abc')?.official).toBeUndefined();
    expect(match('https://user1.heteml.jp/login/')).toBeNull();
    expect(match('https://heteml.jp/')).toMatchObject({ slug: 'heteml', official: true });
  });
});

describe('matchUrl: keywords', () => {
  it('finds the brand in the registrable domain, more strongly than in subdomains and paths', () => {
    const reg = urlMatch('http://amazon-security-check.com/');
    const sub = urlMatch('https://amazon.secure-check.cn/');
    const path = urlMatch('https://hacked-site.example/wp/amazon/login.php');
    expect([reg?.slug, sub?.slug, path?.slug]).toEqual(['amazon', 'amazon', 'amazon']);
    expect(reg!.score).toBeGreaterThan(sub!.score);
    expect(sub!.score).toBeGreaterThan(path!.score);
    expect(reg!.evidence[0]).toBe('keyword "amazon" in registrable domain');
    // The confidence shown is how often that kind of evidence was right (calibration.ts), not the score.
    expect([reg!.kind, sub!.kind, path!.kind]).toEqual([
      'keyword-registrable',
      'keyword-subdomain',
      'keyword-path',
    ]);
    expect(path!.confidence).toBe(URL_CONFIDENCE['keyword-path']);
    expect(reg!.confidence).toBe(URL_CONFIDENCE['keyword-registrable']);
  });

  it('recognises an official domain written into the host', () => {
    const m = match('https://www.amazon.co.jp.secure-login.cn/');
    expect(m?.slug).toBe('amazon');
    expect(m?.evidence).toContain('official domain amazon.co.jp inside the host');
    expect(slug('https://nta-go-jp.xyz/')).toBe('nta');
    expect(slug('https://hacked.example/wp/wadax.ne.jp/index.html')).toBe('wadax');
  });

  it('matches short names only as whole tokens: au is not in australia, beauty or auth', () => {
    expect(slug('https://australia-travel.com/')).toBeNull();
    expect(slug('https://beauty-salon.jp/')).toBeNull();
    expect(slug('https://auth.example.com/login')).toBeNull();
    expect(slug('https://shop.example.com.au/')).toBeNull(); // the ccTLD is not a keyword
    expect(slug('https://au-id-login.com/')).toBe('au');
    expect(slug('https://connect.au.login-check.cn/')).toBe('au');
    expect(slug('https://auone-pay.top/')).toBe('au');
  });

  it('does not find jcb inside random strings', () => {
    expect(slug('https://x8jcbq2.com/')).toBeNull();
    expect(slug('https://qfjcbhz.top/')).toBeNull();
    expect(slug('https://my-jcb-login.com/')).toBe('jcb');
    expect(slug('https://myjcb.co.jp.abc123.cn/')).toBe('jcb');
  });

  it('lets a longer keyword own the shorter one inside it', () => {
    expect(slug('https://saitamaresona-login.com/')).toBe('saitama-resona');
    expect(slug('https://rakuten-login.top/')).toBe('rakuten');
  });

  it('needs a whole token for short keywords in a path', () => {
    expect(slug('https://example.com/resonant/page')).toBeNull();
    expect(slug('https://example.com/resona/login')).toBe('resona');
  });

  it('takes a short keyword glued to phishing words in a path: /webmailplala/, /amazonjp2', () => {
    expect(slug('https://shop-kobo.example/webmailplala/login.php')).toBe('plala');
    expect(slug('https://shop-kobo.example/pc/amazonjp2/')).toBe('amazon');
    expect(slug('https://shop-kobo.example/plalaresort/')).toBeNull(); // 'resort' is no phishing word
    expect(slug('https://shop-kobo.example/resonant/')).toBeNull();
  });

  it('finds a misspelt official name as a whole path token, at distance 1 only', () => {
    const m = match('https://shop-kobo.example/wp/rakutem/login.php');
    expect(m?.slug).toBe('rakuten');
    expect(m?.evidence).toEqual(['look-alike of rakuten.co.jp in the path (edit distance 1)']);
    expect(slug('https://shop-kobo.example/wp/ratukem/')).toBeNull(); // distance 2
    expect(slug('https://shop-kobo.example/wp/rakutem-shop-kobo-x/')).toBe('rakuten');
  });

  it('keeps ordinary words out: LINE has no keyword', () => {
    expect(slug('https://etc-meisai.line.pm/')).toBe('etc-meisai');
    expect(slug('https://online-line.com/')).toBeNull();
  });

  it('reads IP hosts by their path only', () => {
    expect(slug('http://128.1.90.136/amazon/')).toBe('amazon');
    expect(slug('http://128.1.90.136/')).toBeNull();
  });
});

describe('matchUrl: group names and compounds', () => {
  it('treats a name shared by group companies as undecided on its own', () => {
    expect(slug('https://smbc-verify.com/')).toBeNull();
    expect(slug('https://aeon-login.xyz/')).toBeNull();
  });

  it('tells group companies apart by their own words', () => {
    expect(slug('https://smbc-card-verify.com/')).toBe('smbc-card');
    expect(slug('https://vpass-smbc.com/')).toBe('smbc-card');
    expect(slug('https://smbc-bank-login.com/')).toBe('smbc');
    expect(slug('https://aeoncard-info.xyz/')).toBe('aeon-card');
    expect(slug('https://aeon-bank.security.xyz/')).toBe('aeon-bank');
  });
});

describe('matchUrl: sister brands', () => {
  it('names neither when a host spells a brand plus a service word of its sister company', () => {
    // 'rakuten' + 'card' fits Rakuten Card and Rakuten (a shopper asked to update the card) alike.
    expect(match('https://rakuten-card-update.top/')).toBeNull();
    expect(match('https://secure.myrakutencard.xyz/')).toBeNull();
    expect(match('https://rakuten-card.co.jp.verify.cn/')).toBeNull();
    expect(match('https://paypay-bank-login.com/')).toBeNull();
    expect(slug('https://rakuten-update.top/')).toBe('rakuten');
  });

  it('leaves group names to the compound rule: they name no brand of their own', () => {
    expect(slug('https://aeoncard-info.xyz/')).toBe('aeon-card'); // 'aeon' is a group name, not a brand's own
    expect(slug('https://smbc-card-verify.com/')).toBe('smbc-card');
  });
});

describe('matchUrl: look-alikes', () => {
  it('sees a Cyrillic а in amazon', () => {
    const m = match('https://аmazon.com/signin'); // U+0430
    expect(m?.slug).toBe('amazon');
    expect(m?.evidence.join(' ')).toMatch(/homoglyph|look-alike spelling/);
  });

  it('folds rn → m and digits', () => {
    expect(slug('https://arnazon.co.jp.evil.cn/')).toBe('amazon');
    expect(slug('https://arnazon-login.com/')).toBe('amazon');
    expect(slug('https://paypa1-secure.com/')).toBe('paypal');
  });

  it('catches typosquats by edit distance, scaled to the name’s length', () => {
    const m = match('https://rakutem.com/');
    expect(m?.slug).toBe('rakuten');
    expect(m?.evidence[0]).toBe('look-alike of rakuten.co.jp (edit distance 1)');
    expect(slug('https://amerlcanexpres.com/')).toBe('amex'); // 15 letters: distance 2
    expect(slug('https://maison-paris.com/')).toBeNull(); // not 'saison': first letters differ
    expect(slug('https://appie.com/')).toBeNull(); // 5 letters: exact only
  });

  it('reads a subdomain label written as an official domain with a wider distance', () => {
    const m = match('https://www.amozan.co.jp.blue-river-shop.cn/');
    expect(m?.slug).toBe('amazon');
    expect(m?.evidence[0]).toBe('look-alike of amazon.co.jp written as a domain (edit distance 2)');
    expect(slug('https://www.amozan.blue-river-shop.cn/')).toBeNull(); // no suffix: distance 1 only
    expect(slug('https://login.amozan-shop.cn/')).toBeNull();
  });
});

describe('matchUrl: several brands', () => {
  it('returns null when two brands are named in the host', () => {
    expect(match('https://amazon-rakuten.com/')).toBeNull();
    expect(match('https://rakuten.co.jp.amazon-login.com/')).toBeNull();
  });

  it('lets host evidence outweigh a brand named only in the path', () => {
    const m = match('https://amazon-login.com/rakuten/');
    expect(m?.slug).toBe('amazon');
  });

  it('adds corroboration when host and path agree', () => {
    const both = match('https://amazon-login.com/amazon/signin')!;
    const host = match('https://amazon-login.com/signin')!;
    expect(both.confidence).toBeGreaterThan(host.confidence);
    expect(both.confidence).toBeLessThanOrEqual(1);
  });
});

describe('matchText', () => {
  it('flags mail from an official domain', () => {
    const m = matcher.matchText({
      fromAddress: 'Amazon.co.jp <no-reply@amazon.co.jp>',
      subject: 'ご注文の確認',
    });
    expect(m).toMatchObject({ slug: 'amazon', official: true });
  });

  it('attributes spoofed senders by display name, subject and sender domain', () => {
    const m = matcher.matchText({
      fromAddress: 'info@secure-amazon-jp.com',
      fromName: 'Amazon.co.jp',
      subject: 'アカウントを更新してください',
    });
    expect(m?.slug).toBe('amazon');
    expect(m?.official).toBeUndefined();
    expect(matcher.matchText({ fromName: '三井住友カード', subject: '【重要】ご利用確認' })?.slug).toBe(
      'smbc-card',
    );
    expect(matcher.matchText({ subject: '【楽天カード】ご利用確認のお願い' })?.slug).toBe('rakuten-card');
  });

  it('weighs the body less and lets the subject outweigh it', () => {
    const body = matcher.matchText({ body: 'Please verify your PayPal account today.' });
    expect(body?.slug).toBe('paypal');
    expect(body!.confidence).toBeLessThan(0.6);
    const m = matcher.matchText({
      subject: 'au PAY 残高のお知らせ',
      body: 'Apple Pay でもご利用いただけます',
    });
    expect(m?.slug).toBe('au');
  });

  it('returns null when the subject names two brands', () => {
    expect(matcher.matchText({ subject: 'Amazon と 楽天 のポイント' })).toBeNull();
  });

  it('matches short names as written and ordinary words only as a whole display name', () => {
    expect(matcher.matchText({ subject: 'Your AU order has shipped' })).toBeNull();
    expect(matcher.matchText({ body: 'your ID has expired' })).toBeNull();
    expect(matcher.matchText({ body: 'please click the line below' })).toBeNull();
    expect(matcher.matchText({ fromName: 'LINE' })?.slug).toBe('line');
    expect(matcher.matchText({ body: 'because the beauty salon' })).toBeNull();
  });

  it('ignores mailbox providers and addresses as brand evidence', () => {
    // Anyone can send from gmail.com or a docomo.ne.jp phone address: neither official nor a claim.
    expect(matcher.matchText({ fromAddress: 'someone@gmail.com', subject: 'Hello' })).toBeNull();
    expect(matcher.matchText({ fromAddress: 'user@docomo.ne.jp', subject: 'こんにちは' })).toBeNull();
    expect(matcher.matchText({ body: 'Write back to claims.office@hotmail.com today' })).toBeNull();
    const spoof = matcher.matchText({ fromAddress: 'x@gmail.com', fromName: 'Amazon.co.jp' });
    expect(spoof).toMatchObject({ slug: 'amazon' });
    expect(spoof?.official).toBeUndefined();
    // A Microsoft 365 tenant name is the sender's choice, not Microsoft's.
    expect(matcher.matchText({ fromAddress: 'a@kxq.onmicrosoft.com', subject: 'Airdrop' })).toBeNull();
  });

  it('reads lowercase short names like au only next to Japanese text', () => {
    expect(matcher.matchText({ body: 'Confirmez votre adresse au plus vite' })).toBeNull();
    expect(matcher.matchText({ subject: '【au】ご利用料金のお知らせ' })?.slug).toBe('au');
    expect(matcher.matchText({ subject: 'auからのお知らせ' })?.slug).toBe('au');
  });

  it('returns null for text that names no brand', () => {
    expect(matcher.matchText({ subject: 'Meeting tomorrow', body: 'See you at 10.' })).toBeNull();
    expect(matcher.matchText({})).toBeNull();
  });
});

describe('official names are not typos of each other', () => {
  it('attributes paypal to PayPal, not as a look-alike of PayPay', async () => {
    const { createBrandMatcher } = await import('./matcher.ts');
    const { BRAND_SEED } = await import('./seed.ts');
    const m = createBrandMatcher(BRAND_SEED);
    const hit = m.matchUrl({ host: 'paypal-login.top', registrableDomain: 'paypal-login.top', path: '/' });
    expect(hit?.slug).toBe('paypal');
    const pay = m.matchUrl({
      host: 'paypay-campaign.top',
      registrableDomain: 'paypay-campaign.top',
      path: '/',
    });
    expect(pay?.slug).toBe('paypay');
  });
});
