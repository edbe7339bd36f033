import { describe, expect, it } from 'vitest';
import { canonicalizeUrlParts } from './canonicalize.ts';
import { parseHost } from './domain.ts';
import { looksRandomLabel, urlFeatures } from './features.ts';

function features(url: string) {
  const parts = canonicalizeUrlParts(url);
  return urlFeatures(parts.canonical, parseHost(parts.host), parts.port);
}

describe('urlFeatures: hosting and services', () => {
  it.each([
    ['https://bit.ly/3abcDEF', 'short_url'],
    ['https://t.co/abc', 'short_url'],
    ['https://qr.paps.jp/AbCd', 'short_url'],
    ['https://amazjpzon.page.link/x', 'short_url'],
    ['http://sxcxws.duckdns.org/', 'dynamic_dns'],
    ['http://a.b.ddns.net/', 'dynamic_dns'],
    ['http://anazonm.giize.com:62551/', 'dynamic_dns'],
    ['http://login.onedumb.com/', 'dynamic_dns'],
    ['https://rakuten-mobile.blogspot.com/', 'free_hosting'],
    ['https://gentle-north-yacht.glitch.me/', 'free_hosting'],
    ['https://x.000webhostapp.com/a', 'free_hosting'],
    ['https://restless-dawn-a21f.saxmdonuv.workers.dev/', 'cloud_hosting'],
    ['https://d-validate.web.app/connecting.html', 'cloud_hosting'],
    ['https://storage.googleapis.com/go0315/a/go.html?id=1', 'cloud_hosting'],
    ['https://pub-0123.r2.dev/index.html', 'cloud_hosting'],
    ['https://bucket.s3.ap-northeast-1.amazonaws.com/index.html', 'cloud_hosting'],
    ['https://s3.amazonaws.com/bucket/index.html', 'cloud_hosting'],
    ['https://bafybeif2tp4pw6i6pivtm5j45fuffutnor7beblztfnozbau3fv64lanuq.ipfs.dweb.link/', 'cloud_hosting'],
    ['https://gw.example.net/ipfs/QmXoypizjW3WknFiJnKLwHCnL72vedxjQkDDP1mXWo6uco/wiki/', 'cloud_hosting'],
  ])('%s → %s', (url, feature) => {
    expect(features(url)).toContain(feature);
  });

  it('does not flag the lookalike or the bare cloud brand', () => {
    expect(features('https://notbit.ly.example.com/x')).toEqual([]);
    expect(features('https://www.example.com/')).toEqual([]);
    expect(features('https://amazonaws.com.evil.example/')).toEqual([]);
    expect(features('https://duckdns.org.example.jp/')).toEqual([]);
  });
});

describe('urlFeatures: open redirects', () => {
  it.each([
    'https://www-amazon-co-jp.translate.goog/?_x_tr_sl=auto&_x_tr_tl=ja',
    'https://www.google.com/url?q=https://evil.example/&sa=D',
    'https://www.google.co.jp/url?sa=t&url=https%3A%2F%2Fevil.example%2F',
    'https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fevil%2Eexample',
    'https://slack-redir.net/link?url=https://evil.example',
    'https://vk.com/away.php?to=https%3A%2F%2Fevil.example%2F%3FBoloIo&post=1',
    'http://disq.us/url?url=http%3A%2F%2Fx.co%2F6ndL8%3ACh7&cuid=japan',
    'http://u.riju.com/goto.php?url=http%3A%2F%2Fmjk.ac%2Fcheck%2Fjump.php%3FvpkVpR',
    'https://newsformat.jp/ohmygod/?u=http://evil.example/',
    'https://kr3qkq45.r.us-east-1.awstrack.me/L0/https:%2F%2Fevil.example%2Fcvs/2/',
  ])('%s', (url) => {
    expect(features(url)).toContain('open_redirect');
  });

  it('ignores same-site redirects, relative targets and non-URL values', () => {
    for (const url of [
      'https://shop.example.com/login?next=/account',
      'https://shop.example.com/login?redirect=https://www.example.com/home',
      'https://www.google.com/search?q=how+to+spot+phishing',
      'https://www.example.com/?url=notaurl',
      'https://example.com/docs/https-setup',
    ]) {
      expect(features(url), url).not.toContain('open_redirect');
    }
  });
});

describe('urlFeatures: host signals', () => {
  it('flags IP hosts, punycode and non-standard ports', () => {
    expect(features('http://3279880203/blah')).toEqual(['ip_host']);
    expect(features('http://[2001:db8::1]/')).toEqual(['ip_host']);
    expect(features('https://xn--80ak6aa92e.com/')).toEqual(['punycode']);
    expect(features('https://www.аррӏе.com/')).toEqual(['punycode']);
    expect(features('http://account-update-amazon.work:8080/website/')).toEqual(['non_standard_port']);
    expect(features('http://example.com:80/')).toEqual([]);
    expect(features('https://example.com:443/')).toEqual([]);
  });

  it('needs the raw port to report a non-standard one', () => {
    const parts = canonicalizeUrlParts('http://example.com:8080/');
    expect(urlFeatures(parts.canonical, parseHost(parts.host))).toEqual([]);
    expect(urlFeatures(parts.canonical, parseHost(parts.host), 8080)).toEqual(['non_standard_port']);
  });

  it('flags random subdomains below the registrable domain', () => {
    expect(features('https://a686d7f83a222b0dfec648bff48b1cbd.dsmart365.com/')).toEqual(['random_subdomain']);
    expect(features('https://www.amazon.co.jp.lgaawsvkfavzfxcts.example.com/')).toEqual(['random_subdomain']);
    expect(features('https://secure-amazon.example.com/')).toEqual([]);
    // the random part is the registrable label itself here, which is not a subdomain
    expect(features('https://sxdsqqjy.com/')).toEqual([]);
  });
});

describe('looksRandomLabel', () => {
  it.each([
    'a686d7f83a222b0dfec648bff48b1cbd',
    '7822649fde59fea00592ab06d7f1f2f4',
    'dri1biyx5i7ydliz7dba29l7s',
    'ytg43r43',
    'lrnbkbqdzwmjskewerwf',
    'cmwgsmzmsfhnjrujpntjbktzztvftjkwwhusbsed',
    'oaotnwrkmqzjiufv',
    'bvdcdrtrt454',
    'upstrackingid50766898320844729v2enus',
    'damp-forest-6f42',
    'hidden-queen-dae1',
    'cabbage-0pu1-1iq9',
    'rakuten-wzpofueuozghnlhl',
  ])('%s is random', (label) => {
    expect(looksRandomLabel(label)).toBe(true);
  });

  it.each([
    'www',
    'www2',
    'mail',
    'login',
    'secure-amazon',
    'jp',
    'shop',
    'cdn-01',
    'mta-sts',
    'secure05',
    'microsoftonline',
    'userinformation',
    'customers-preferences-ja',
    'restricted-jpsuppremindbillupdate',
    'connecct-login',
    'smbc-card',
    'jjjj9988',
    'wcewex32',
    'sale-shop-2024',
    'strengths',
    'xn--id-zb4axila5esc1e1f9bvhzd4a6fe',
    'tk2-204-11579',
  ])('%s is not random', (label) => {
    expect(looksRandomLabel(label)).toBe(false);
  });
});
