import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { createSafeFetcher, type SafeFetcher } from './safe-fetcher.ts';
import { type FakeSite, fakeHosts, LOGIN_PAGE, startFakeSite, tableResolver } from './testing/fake-site.ts';

const config = (allowPrivate: boolean) => ({
  enabled: true,
  proxy: null,
  allowPrivate,
  timeoutMs: 2_000,
  maxBytes: 1_048_576,
});

async function refusal(fetcher: SafeFetcher, url: string): Promise<AppError> {
  const err = await fetcher.fetch(url).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, url).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('safe fetcher: SSRF guard with loopback closed (production setting)', () => {
  let site: FakeSite;
  const fetcher = createSafeFetcher({ config: config(false), resolve: tableResolver(fakeHosts()) });
  beforeAll(async () => {
    site = await startFakeSite();
  });
  afterAll(() => site.close());

  it.each([
    'http://127.0.0.1:PORT/login',
    'http://2130706433:PORT/login',
    'http://017700000001:PORT/login',
    'http://0177.0.0.1:PORT/login',
    'http://0x7f.1:PORT/login',
    'http://0x7f000001:PORT/login',
    'http://127.1:PORT/login',
    'http://[::1]:PORT/login',
    'http://[::ffff:127.0.0.1]:PORT/login',
    'http://[::ffff:7f00:1]:PORT/login',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://10.0.0.1/',
    'http://192.168.0.1/',
    'http://100.64.0.1/',
    'http://[fe80::1]/',
    'http://login.phish.test:PORT/login',
    'http://internal.evil.test/',
    'http://mixed.evil.test/',
    'http://v6.evil.test/',
    'http://mapped.evil.test/',
  ])('refuses %s before connecting', async (template) => {
    const before = site.requests.length;
    const err = await refusal(fetcher, template.replace('PORT', String(site.port)));
    expect(err.code).toBe('fetch.blocked');
    expect(site.requests.length).toBe(before);
  });

  it('refuses schemes other than http and https', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/', 'gopher://127.0.0.1:70/']) {
      expect((await refusal(fetcher, url)).code).toBe('fetch.blocked');
    }
  });

  it('vets legacy IPv4 forms the resolver would accept even when URL parsing did not normalise them', async () => {
    // vet() takes a URL object: a custom scheme keeps its host verbatim, so give the guard the raw form.
    const raw = new URL('http://example.invalid/');
    Object.defineProperty(raw, 'hostname', { value: '0x7f.1' });
    const err = await fetcher.vet(raw).catch((e: AppError) => e);
    expect((err as AppError).code).toBe('fetch.blocked');
  });

  it('reports a name that does not resolve as a DNS failure, not a refusal', async () => {
    const err = await refusal(fetcher, 'http://gone.phish.test/');
    expect(err.code).toBe('fetch.failed');
    expect(err.details).toMatchObject({ reason: 'dns', code: 'ENOTFOUND' });
  });
});

describe('safe fetcher against a loopback fake (FETCH_ALLOW_PRIVATE, tests only)', () => {
  let site: FakeSite;
  let tlsSite: FakeSite;
  const fetcher = createSafeFetcher({ config: config(true), resolve: tableResolver(fakeHosts()) });
  beforeAll(async () => {
    site = await startFakeSite();
    tlsSite = await startFakeSite({ tls: true });
  });
  afterAll(async () => {
    await site.close();
    await tlsSite.close();
  });

  it('follows and records the redirect chain, status, headers, final URL and body hash', async () => {
    const res = await fetcher.fetch(site.url('bit.ly', '/s/abc'));
    expect(res.redirects.map((r) => [r.url, r.status])).toEqual([
      [site.url('bit.ly', '/s/abc'), 301],
      [site.url('login.phish.test', '/start'), 302],
    ]);
    expect(res.finalUrl).toBe(site.url('login.phish.test', '/login?session=1'));
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('text/html; charset=utf-8');
    expect(res.body.toString('utf8')).toBe(LOGIN_PAGE);
    expect(res.sha256).toBe(createHash('sha256').update(LOGIN_PAGE).digest('hex'));
    expect(res.address).toBe('127.0.0.1');
    expect(res.tls).toBeNull();
    // The Host header carried the name although the socket went to the vetted address.
    expect(site.requests.slice(-3).map((r) => r.host)).toEqual([
      'bit.ly',
      'login.phish.test',
      'login.phish.test',
    ]);
  });

  it('records TLS facts for https', async () => {
    const res = await fetcher.fetch(tlsSite.url('login.phish.test', '/login'));
    expect(res.status).toBe(200);
    expect(res.tls).toMatchObject({
      authorized: false,
      subjectAltName: expect.stringContaining('login.phish.test'),
    });
    expect(res.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(res.tls?.cipher).toBeTruthy();
    expect(res.tls?.subject).toContain('CN=login.phish.test');
    expect(res.tls?.issuer).toContain('O=Fake Phish Test');
    expect(res.tls?.validTo).toMatch(/GMT$/);
    expect(res.tls?.authorizationError).toBeTruthy();
  });

  it.each([
    ['/to-metadata', '169.254.169.254'],
    ['/to-private?target=10.0.0.1', '10.0.0.1'],
    ['/to-private?target=192.168.1.20:8080', '192.168.1.20'],
    ['/to-private?target=[fd00:ec2::254]', 'fd00:ec2::254'],
    ['/to-private?target=0xa9fea9fe', '169.254.169.254'],
    ['/to-private?target=internal.evil.test', '10.1.2.3'],
  ])('refuses a redirect into private space (%s) and keeps the chain', async (pathname, address) => {
    const err = await refusal(fetcher, site.url('login.phish.test', pathname));
    expect(err.code).toBe('fetch.blocked');
    expect(err.details?.address).toBe(address);
    expect(err.details).toMatchObject({ redirects: [{ status: 302 }] });
  });

  it('caps redirects', async () => {
    const err = await refusal(fetcher, site.url('login.phish.test', '/loop'));
    expect(err.details).toMatchObject({ reason: 'too_many_redirects' });
  });

  it('returns a redirect as it is when asked not to follow', async () => {
    const res = await fetcher.fetch(site.url('bit.ly', '/s/abc'), { maxRedirects: 0 });
    expect(res.status).toBe(301);
    expect(res.headers).toContainEqual(['location', site.url('login.phish.test', '/start')]);
  });

  it('caps the body size and the time', async () => {
    const big = await fetcher.fetch(site.url('login.phish.test', '/big'), { maxBytes: 100_000 });
    expect(big.body.length).toBe(100_000);
    expect(big.truncated).toBe(true);
    const started = Date.now();
    const err = await fetcher
      .fetch(site.url('login.phish.test', '/slow'), { timeoutMs: 300 })
      .catch((e) => e);
    expect(err.details).toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('resolves once per hop and connects to the vetted address (no DNS rebinding)', async () => {
    // A rebinding name: public-looking first answer is loopback here (allowed by the test switch), every
    // later answer is the metadata address. The socket must use the first, vetted answer.
    let calls = 0;
    const rebinding = createSafeFetcher({
      config: config(true),
      resolve: async () => {
        calls++;
        return [{ address: calls === 1 ? '127.0.0.1' : '169.254.169.254', family: 4 }];
      },
    });
    const before = site.requests.length;
    const res = await rebinding.fetch(site.url('rebind.phish.test', '/login'));
    expect(res.status).toBe(200);
    expect(res.address).toBe('127.0.0.1');
    expect(calls).toBe(1);
    expect(site.requests.slice(before).map((r) => r.host)).toEqual(['rebind.phish.test']);
  });

  it('still refuses every private range other than loopback', async () => {
    for (const url of ['http://10.0.0.1/', 'http://169.254.169.254/', 'http://internal.evil.test/']) {
      expect((await refusal(fetcher, url)).code).toBe('fetch.blocked');
    }
  });
});
