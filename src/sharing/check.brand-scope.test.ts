import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApiKey, signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import { fullHashes } from '../urls/index.ts';
import { seedBrand, seedReportedUrl } from './testing/seed.ts';

/**
 * The check API, the hash search and the hash list for brand users (disclosure.ts viewsOf): of their own
 * brands they get what their clearance allows; of every other URL exactly what an anonymous caller
 * gets, never more (another brand's AMBER URL) and never less (a public URL of another brand).
 */
type Who = 'anonymous' | 'brandKeyAmber' | 'brandKeyGreen' | 'brandSession';

describe.each(DIALECTS)('check API and hash list for brand users on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const headers: Partial<Record<Who, Record<string, string>>> = {};
  const url = {
    aAmber: 'https://own-amber.example/x',
    aClear: 'https://own-clear.example/x',
    aRed: 'https://own-red.example/x',
    bAmber: 'https://other-amber.example/x',
    bGreen: 'https://other-green.example/x',
    bClear: 'https://other-clear.example/x',
    noneAmber: 'https://nobrand-amber.example/x',
    noneClear: 'https://nobrand-clear.example/x',
  };
  const ownUrls = [url.aAmber, url.aClear, url.aRed];
  const ownHashes = new Set(ownUrls.flatMap((u) => fullHashes(u).map((h) => h.hash)));
  const ownPrefixes = new Set(ownUrls.flatMap((u) => fullHashes(u).map((h) => h.prefix)));
  const allHashes = Object.values(url).flatMap((u) => fullHashes(u));

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = await buildServer(ctx);
    const a = await seedBrand(ctx.db, 'scope-brand-a');
    const b = await seedBrand(ctx.db, 'scope-brand-b');
    const seed = (u: string, tlp: string, brandId: number | null) =>
      seedReportedUrl(ctx.db, { url: u, tlp, brandId, confirm: true });
    await seed(url.aAmber, 'amber', a);
    await seed(url.aClear, 'clear', a);
    await seed(url.aRed, 'red', a);
    await seed(url.bAmber, 'amber', b);
    await seed(url.bGreen, 'green', b);
    await seed(url.bClear, 'clear', b);
    await seed(url.noneAmber, 'amber', null);
    await seed(url.noneClear, 'clear', null);
    await ctx.sharing.sync();
    await ctx.sharing.checker.refresh();
    headers.anonymous = {};
    headers.brandKeyAmber = (
      await createTestApiKey(ctx, { role: 'brand', tlp: 'amber', brandIds: [a] })
    ).headers;
    headers.brandKeyGreen = (
      await createTestApiKey(ctx, { role: 'brand', tlp: 'green', brandIds: [a] })
    ).headers;
    headers.brandSession = (await signIn(app, ctx, { role: 'brand', brandIds: [a] })).headers;
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const check = async (u: string, who: Who) => {
    const res = await app.inject({
      url: `/api/v1/check?url=${encodeURIComponent(u)}`,
      headers: headers[who],
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { verdict: string; matches: { url: string; tlp: string }[] };
  };
  const search = async (who: Who) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/hashes:search',
      headers: headers[who],
      payload: { hashPrefixes: [...new Set(allHashes.map((h) => h.prefix))] },
    });
    expect(res.statusCode, res.body).toBe(200);
    return new Set((res.json() as { fullHashes: { hash: string }[] }).fullHashes.map((h) => h.hash));
  };
  const hashList = async (who: Who) => {
    const res = await app.inject({ url: '/api/v1/hash-list', headers: headers[who] });
    expect(res.statusCode, res.body).toBe(200);
    return new Set((res.json() as { additions: string[] }).additions);
  };
  const brandUsers = ['brandKeyAmber', 'brandKeyGreen', 'brandSession'] as const;

  it('checks another brand’s (or no brand’s) URL exactly as for an anonymous caller', async () => {
    expect((await check(url.bClear, 'anonymous')).verdict).toBe('phishing');
    expect((await check(url.bAmber, 'anonymous')).verdict).toBe('unknown');
    for (const who of brandUsers) {
      for (const u of [url.bAmber, url.bGreen, url.bClear, url.noneAmber, url.noneClear]) {
        expect({ who, u, answer: await check(u, who) }).toEqual({
          who,
          u,
          answer: await check(u, 'anonymous'),
        });
      }
    }
  });

  it('checks the brand’s own URLs up to its clearance, never RED', async () => {
    expect((await check(url.aAmber, 'brandKeyAmber')).matches.map((m) => m.tlp)).toEqual(['amber']);
    expect((await check(url.aAmber, 'brandKeyGreen')).verdict).toBe('unknown');
    expect((await check(url.aAmber, 'anonymous')).verdict).toBe('unknown');
    expect((await check(url.aClear, 'brandKeyGreen')).verdict).toBe('phishing');
    for (const who of brandUsers) expect((await check(url.aRed, who)).verdict).toBe('unknown');
  });

  it('searches hashes and lists prefixes: the public entries, plus only the brand’s own', async () => {
    const anonHashes = await search('anonymous');
    const anonPrefixes = await hashList('anonymous');
    expect(anonHashes.size).toBeGreaterThan(0);
    for (const who of brandUsers) {
      const hashes = await search(who);
      const prefixes = await hashList(who);
      expect({ who, missing: [...anonHashes].filter((h) => !hashes.has(h)) }).toEqual({ who, missing: [] });
      expect({ who, missing: [...anonPrefixes].filter((p) => !prefixes.has(p)) }).toEqual({
        who,
        missing: [],
      });
      const extraHashes = [...hashes].filter((h) => !anonHashes.has(h));
      const extraPrefixes = [...prefixes].filter((p) => !anonPrefixes.has(p));
      expect({ who, foreign: extraHashes.filter((h) => !ownHashes.has(h)) }).toEqual({ who, foreign: [] });
      expect({ who, foreign: extraPrefixes.filter((p) => !ownPrefixes.has(p)) }).toEqual({
        who,
        foreign: [],
      });
    }
    const amberOwn = fullHashes(url.aAmber)[0]!;
    expect((await search('brandKeyAmber')).has(amberOwn.hash)).toBe(true);
    expect((await hashList('brandKeyAmber')).has(amberOwn.prefix)).toBe(true);
    expect((await search('brandKeyGreen')).has(amberOwn.hash)).toBe(false);
  });
});
