import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { testOutbound } from '../fetch/testing/outbound.ts';
import { fixedClock } from '../lib/clock.ts';
import { type BootstrapFile, domainServer, ipServer } from './bootstrap.ts';
import { createRdapClient, RDAP_TTL_MS } from './rdap.client.ts';
import { parseDomain } from './rdap.parse.ts';
import { domainAnswer, type RdapServer, startRdapServer } from './testing/rdap-server.ts';

const T0 = Date.UTC(2026, 4, 22, 1, 0, 0);

describe('RDAP bootstrap (RFC 9224)', () => {
  const dns = {
    services: [
      [['jp'], ['http://rdap.jp.example/', 'https://rdap.jprs.example/rdap']],
      [['co.jp.example'], ['https://deep.example/']],
      [['example'], ['https://shallow.example/']],
    ] as [string[], string[]][],
  };
  it('picks the longest label match and prefers https', () => {
    expect(domainServer(dns, 'Login.Example.CO.JP')).toBe('https://rdap.jprs.example/rdap/');
    expect(domainServer(dns, 'a.co.jp.example')).toBe('https://deep.example/');
    expect(domainServer(dns, 'b.jp.example')).toBe('https://shallow.example/');
    expect(domainServer(dns, 'x.invalid')).toBeNull();
  });
  it('picks the longest CIDR prefix for IPv4 and IPv6', () => {
    const v4: BootstrapFile = {
      services: [
        [['1.0.0.0/8'], ['https://apnic/']],
        [['1.2.0.0/16'], ['https://narrow/']],
      ],
    };
    expect(ipServer(v4, '1.2.3.4')).toBe('https://narrow/');
    expect(ipServer(v4, '1.9.3.4')).toBe('https://apnic/');
    expect(ipServer(v4, '9.9.9.9')).toBeNull();
    const v6 = {
      services: [
        [['2001:200::/23'], ['https://apnic6/']],
        [['2600::/12'], ['https://arin6/']],
      ],
    } as never;
    expect(ipServer(v6, '2001:240:1::1')).toBe('https://apnic6/');
    expect(ipServer(v6, '2606:4700::1111')).toBe('https://arin6/');
  });
});

describe('RDAP answers (RFC 9083)', () => {
  it('finds the registrar and the abuse contact nested in it', () => {
    const r = parseDomain('login.phish.test', 'x', domainAnswer('phish.test'));
    expect(r.registrar).toMatchObject({ name: 'Example Registrar, Inc.', ianaId: '9999', emails: [] });
    expect(r.abuse).toEqual([
      { name: null, emails: ['abuse@registrar.example'], phones: ['+1.5555550100'], handle: null },
    ]);
  });
  it('survives hostile shapes', () => {
    const r = parseDomain('a.test', 'x', {
      entities: [{ roles: 'abuse' }, null, { roles: ['abuse'], vcardArray: 'x' }],
    });
    expect(r.abuse).toEqual([{ name: null, emails: [], phones: [], handle: null }]);
    expect(r.registrar).toBeNull();
  });
});

describe.each(DIALECTS)('RDAP client with cache on %s', (dialect) => {
  let db: TestDb;
  let server: RdapServer;
  const clock = fixedClock(T0);
  beforeAll(async () => {
    db = await createTestDb(dialect);
    server = await startRdapServer();
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('looks up through the bootstrap, caches answers for the TTL, and refetches after', async () => {
    const rdap = createRdapClient({
      outbound: testOutbound(),
      db,
      config: { bootstrapUrl: server.bootstrapUrl, baseUrl: null },
      clock,
      log: pino({ level: 'silent' }),
    });
    const domain = await rdap.domain('phish.test');
    expect(domain.cached).toBe(false);
    expect(domain.result?.registrar?.name).toBe('Example Registrar, Inc.');
    expect(domain.result?.abuse[0]?.emails).toEqual(['abuse@registrar.example']);
    const ip = await rdap.ip('127.77.1.1');
    expect(ip.result).toMatchObject({
      name: 'FAKE-HOSTING-NET',
      country: 'JP',
      registrant: 'Fake Hosting K.K.',
    });
    expect(ip.result?.abuse.map((a) => a.emails)).toEqual([['abuse@hosting.example.jp']]);
    expect(server.requests).toEqual([
      '/bootstrap/dns.json',
      '/rdap/domain/phish.test',
      '/bootstrap/ipv4.json',
      '/rdap/ip/127.77.1.1',
    ]);

    clock.advance(RDAP_TTL_MS - 1);
    expect((await rdap.domain('PHISH.test')).cached).toBe(true);
    expect(server.requests).toHaveLength(4);
    clock.advance(1);
    expect((await rdap.domain('phish.test')).cached).toBe(false);
    expect(server.requests.filter((r) => r === '/rdap/domain/phish.test')).toHaveLength(2);

    const missing = await rdap.domain('unknown.test');
    expect(missing.result).toBeNull();
    expect((await rdap.domain('unknown.test')).cached).toBe(true);
  });

  it('uses the base URL override without a bootstrap', async () => {
    const before = server.requests.length;
    const rdap = createRdapClient({
      outbound: testOutbound(),
      db,
      config: { bootstrapUrl: 'http://127.0.0.1:9/', baseUrl: server.url },
      clock,
      log: pino({ level: 'silent' }),
      ttlMs: 0,
    });
    const r = await rdap.ip('::1');
    expect(r.result?.abuse[0]?.emails).toEqual(['abuse@hosting.example.jp']);
    expect(server.requests.slice(before)).toEqual(['/rdap/ip/%3A%3A1']);
  });
});
