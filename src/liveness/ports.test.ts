import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { visitUrl } from '../urls/analyze.ts';

describe('visitUrl', () => {
  it('puts the reported port back into the canonical URL; default ports stay out', () => {
    expect(visitUrl('https://a.example/x?y', 8443)).toBe('https://a.example:8443/x?y');
    expect(visitUrl('http://[2001:db8::1]/', 2096)).toBe('http://[2001:db8::1]:2096/');
    expect(visitUrl('https://a.example/', null)).toBe('https://a.example/');
  });
});

describe.each(DIALECTS)('a site on a non-default port is checked on that port (%s)', (dialect) => {
  let ctx: TestContext;
  let server: http.Server;
  let port: number;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.headers.host}${req.url}`);
      res.end('<title>login</title>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    // Outbound on, to loopback fakes only (tests).
    ctx = await createTestContext(dialect, { OUTBOUND_ENABLED: 'true', FETCH_ALLOW_PRIVATE: 'true' });
  });
  afterAll(async () => {
    await ctx?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('stores the port beside the canonical form (hash unchanged) and visits it', async () => {
    await ctx.intake.submit(
      { kind: 'url', content: `http://127.0.0.1:${port}/login`, consent: { police: false, brand: false } },
      [],
      'api',
    );
    const report = await ctx.db.kysely.selectFrom('reports').select('id').executeTakeFirstOrThrow();
    await ctx.processReport(Number(report.id));
    const url = await ctx.db.kysely
      .selectFrom('urls')
      .select(['id', 'canonical', 'port'])
      .executeTakeFirstOrThrow();
    expect(url.canonical).toBe('http://127.0.0.1/login');
    expect(url.port).toBe(port);
    const { status } = await ctx.liveness.checkNow(Number(url.id));
    expect(seen).toEqual([`127.0.0.1:${port}/login`]);
    expect(status.state ?? status).not.toBe('down');
  });
});
