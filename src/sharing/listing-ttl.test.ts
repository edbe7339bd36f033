import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { canonicalizeUrl, sha256Hex } from '../urls/index.ts';
import { listedExpression } from './sync.ts';
import { seedReportedUrl, setUrlStatus } from './testing/seed.ts';

const DAY = 86_400_000;
const prefixOf = (url: string) => sha256Hex(listedExpression(canonicalizeUrl(url))).slice(0, 8);

/**
 * LISTING_TTL_DAYS: a listing no live check has verified for that long leaves the feeds and the hash list
 * (the diff says removed); a live check keeps it, or brings an expired one back; a new report does not.
 * The live site is a loopback fake checked by the real liveness service.
 */
describe.each(DIALECTS)('listing expiry unless re-verified on %s', (dialect) => {
  let ctx: TestContext;
  let server: http.Server;
  let liveUrl: string;
  let liveId: number;
  let goneId: number;
  const goneUrl = 'https://gone-since-long.example/login';

  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('<title>login</title>'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    ctx = await createTestContext(dialect, {
      LISTING_TTL_DAYS: '30',
      OUTBOUND_ENABLED: 'true',
      FETCH_ALLOW_PRIVATE: 'true',
    });
    await ctx.intake.submit(
      { kind: 'url', content: `http://127.0.0.1:${port}/live`, consent: { police: false, brand: false } },
      [],
      'api',
    );
    const report = await ctx.db.kysely.selectFrom('reports').select('id').executeTakeFirstOrThrow();
    await ctx.processReport(Number(report.id));
    const row = await ctx.db.kysely.selectFrom('urls').select(['id', 'canonical']).executeTakeFirstOrThrow();
    liveId = Number(row.id);
    liveUrl = row.canonical;
    await setUrlStatus(ctx.db, liveId, 'confirmed');
    goneId = await seedReportedUrl(ctx.db, { url: goneUrl, confirm: true });
  });
  afterAll(async () => {
    await ctx?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const listedIds = async () =>
    (await ctx.sharing.all({ clearance: 'red', brandIds: null })).map((u) => u.urlId).sort();
  const full = async () => (await ctx.sharing.hashList.update(null, 3)).additions;

  it('a live check keeps a listing; one never re-verified expires and the diff says removed', async () => {
    await ctx.sharing.sync();
    expect(await listedIds()).toEqual([liveId, goneId].sort());
    const v0 = await ctx.sharing.repo.version();

    ctx.clock.advance(20 * DAY);
    const { check } = await ctx.liveness.checkNow(liveId);
    expect(check.result).toBe('live');
    ctx.clock.advance(15 * DAY);
    await ctx.sharing.expireListings();

    expect(await listedIds()).toEqual([liveId]);
    const diff = await ctx.sharing.hashList.update(v0, 3);
    expect(diff).toMatchObject({ full: false, additions: [], removals: [prefixOf(goneUrl)] });
    expect(await full()).toEqual([prefixOf(liveUrl)]);
  });

  it('a new report does not bring an expired listing back; a re-confirmation does', async () => {
    await seedReportedUrl(ctx.db, { url: goneUrl, at: ctx.clock.now() });
    await ctx.sharing.sync();
    expect(await listedIds()).toEqual([liveId]);

    await setUrlStatus(ctx.db, goneId, 'benign');
    await ctx.sharing.sync();
    await setUrlStatus(ctx.db, goneId, 'confirmed');
    await ctx.sharing.sync();
    expect(await listedIds()).toEqual([liveId, goneId].sort());
    expect(await full()).toContain(prefixOf(goneUrl));
  });

  it('a live check brings an expired listing back at once', async () => {
    ctx.clock.advance(31 * DAY);
    await ctx.sharing.expireListings();
    expect(await listedIds()).toEqual([]);
    const v = await ctx.sharing.repo.version();

    await ctx.liveness.checkNow(liveId);
    await ctx.sharing.sync();
    expect(await listedIds()).toEqual([liveId]);
    expect(await ctx.sharing.hashList.update(v, 3)).toMatchObject({
      additions: [prefixOf(liveUrl)],
      removals: [],
    });
  });
});
