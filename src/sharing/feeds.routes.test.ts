import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApiKey, signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import { fullHashes } from '../urls/index.ts';
import { seedBrand, seedReportedUrl, setUrlStatus } from './testing/seed.ts';

type Who = 'anonymous' | 'green' | 'amber' | 'redKey' | 'brandA' | 'analyst';

/** Every export endpoint: each must apply the same TLP and brand scoping. */
const EXPORTS = [
  '/api/v1/feeds/urls.json',
  '/api/v1/feeds/urls.csv',
  '/api/v1/feeds/jpcert.csv',
  '/api/v1/feeds/blocklist-urls.txt',
  '/api/v1/feeds/blocklist-domains.txt',
  '/api/v1/feeds/stix.json',
  '/api/v1/feeds/misp/manifest.json',
  '/api/v1/feeds/misp/hashes.csv',
];

describe.each(DIALECTS)('partner feeds and URL check over HTTP on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const headers: Partial<Record<Who, Record<string, string>>> = {};
  const host = {
    clear: 'clear-phish.example',
    green: 'green-phish.example',
    amber: 'amber-phish.example',
    red: 'red-phish.example',
    brandA: 'brand-a-phish.example',
    brandB: 'brand-b-phish.example',
    unconfirmed: 'not-confirmed.example',
  };
  /** Which hosts each caller may see. */
  const visible: Record<Who, string[]> = {
    anonymous: [],
    green: [host.clear, host.green, host.brandA, host.brandB],
    amber: [host.clear, host.green, host.amber, host.brandA, host.brandB],
    redKey: [host.clear, host.green, host.amber, host.brandA, host.brandB],
    brandA: [host.brandA],
    analyst: [host.clear, host.green, host.amber, host.red, host.brandA, host.brandB],
  };

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = await buildServer(ctx);
    const a = await seedBrand(ctx.db, 'test-brand-a');
    const b = await seedBrand(ctx.db, 'test-brand-b');
    const at = Date.UTC(2026, 4, 1);
    await seedReportedUrl(ctx.db, { url: `https://${host.clear}/login`, confirm: true, at });
    await seedReportedUrl(ctx.db, { url: `https://${host.green}/x`, tlp: 'green', confirm: true, at });
    await seedReportedUrl(ctx.db, { url: `https://${host.amber}/x`, tlp: 'amber', confirm: true, at });
    await seedReportedUrl(ctx.db, { url: `https://${host.red}/x`, tlp: 'red', confirm: true, at });
    await seedReportedUrl(ctx.db, { url: `https://${host.brandA}/x`, brandId: a, confirm: true, at });
    await seedReportedUrl(ctx.db, { url: `https://${host.brandB}/x`, brandId: b, confirm: true, at });
    await seedReportedUrl(ctx.db, { url: `https://${host.unconfirmed}/x`, at });
    headers.anonymous = {};
    headers.green = (await createTestApiKey(ctx, { role: 'partner', tlp: 'green' })).headers;
    headers.amber = (await createTestApiKey(ctx, { role: 'partner', tlp: 'amber' })).headers;
    headers.redKey = (await createTestApiKey(ctx, { role: 'partner', tlp: 'red' })).headers;
    headers.brandA = (await createTestApiKey(ctx, { role: 'brand', tlp: 'amber', brandIds: [a] })).headers;
    headers.analyst = (await signIn(app, ctx, { role: 'analyst' })).headers;
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const get = (url: string, who: Who) => app.inject({ method: 'GET', url, headers: headers[who] });

  it('refuses anonymous callers on every export', async () => {
    for (const url of EXPORTS)
      expect({ url, status: (await get(url, 'anonymous')).statusCode }).toEqual({ url, status: 401 });
  });

  it('scopes every export by TLP and brand: RED never leaves, AMBER only to amber keys', async () => {
    const all = Object.values(host);
    for (const who of ['green', 'amber', 'redKey', 'brandA', 'analyst'] as const) {
      for (const url of EXPORTS) {
        const res = await get(url, who);
        expect({ who, url, status: res.statusCode }).toEqual({ who, url, status: 200 });
        const body = res.body;
        for (const h of all) {
          // The MISP manifest and hashes.csv name no URL (event summaries, md5 digests).
          if (visible[who].includes(h)) {
            if (!url.includes('/misp/'))
              expect({ who, url, h, has: body.includes(h) }).toEqual({ who, url, h, has: true });
          } else {
            expect({ who, url, h, leaked: body.includes(h) }).toEqual({ who, url, h, leaked: false });
          }
        }
      }
      // MISP events: each listed event is fetched and scoped too.
      const manifest = (await get('/api/v1/feeds/misp/manifest.json', who)).json() as Record<string, unknown>;
      for (const uuid of Object.keys(manifest)) {
        const ev = await get(`/api/v1/feeds/misp/${uuid}.json`, who);
        expect(ev.statusCode).toBe(200);
        for (const a of (ev.json() as { Event: { Attribute: { value: string }[] } }).Event.Attribute)
          expect(visible[who].some((h) => a.value.includes(h))).toBe(true);
        for (const h of all.filter((x) => !visible[who].includes(x))) expect(ev.body.includes(h)).toBe(false);
      }
    }
  });

  it('pages JSON with a stable cursor and filters by since/until', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/v1/feeds/urls.json?limit=2${cursor ? `&cursor=${cursor}` : ''}`, 'analyst');
      const body = res.json() as { items: { url: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.url));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(6);
    const later = await get(`/api/v1/feeds/urls.json?since=${ctx.clock.now() + 1}`, 'analyst');
    expect((later.json() as { items: unknown[] }).items).toEqual([]);
    const bad = await get('/api/v1/feeds/urls.json?cursor=zzz', 'analyst');
    expect(bad.statusCode).toBe(400);
  });

  it('serves CSV that csv-parse reads, with the next page in Link and X-Next-Cursor', async () => {
    const res = await get('/api/v1/feeds/urls.csv?limit=1', 'amber');
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['x-next-cursor']).toBeTruthy();
    expect(String(res.headers.link)).toContain('rel="next"');
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.url).toMatch(/^https:\/\//);
  });

  it('checks URLs: CLEAR for anonymous callers, more with a cleared key', async () => {
    await ctx.sharing.checker.refresh();
    const check = (url: string, who: Who) => get(`/api/v1/check?url=${encodeURIComponent(url)}`, who);
    const hit = (await check(`https://${host.clear}/login`, 'anonymous')).json();
    expect(hit).toMatchObject({ verdict: 'phishing', canonical: `https://${host.clear}/login` });
    expect(hit.matches[0]).toMatchObject({ expression: `${host.clear}/login`, tlp: 'clear' });
    // defanged input is refanged, the canonical form compared
    expect(
      (await check(`hxxps://${host.clear.replace('.', '[.]')}/login#frag`, 'anonymous')).json().verdict,
    ).toBe('phishing');
    expect((await check(`https://${host.amber}/x`, 'anonymous')).json().verdict).toBe('unknown');
    expect((await check(`https://${host.amber}/x`, 'green')).json().verdict).toBe('unknown');
    expect((await check(`https://${host.amber}/x`, 'amber')).json().verdict).toBe('phishing');
    expect((await check(`https://${host.red}/x`, 'redKey')).json().verdict).toBe('unknown');
    expect((await check(`https://${host.red}/x`, 'analyst')).json().verdict).toBe('phishing');
    expect((await check(`https://${host.unconfirmed}/x`, 'analyst')).json().verdict).toBe('unknown');
    expect((await check(`https://${host.clear}/other`, 'anonymous')).json().verdict).toBe('unknown');
    expect((await check('mailto:x@example.com', 'anonymous')).statusCode).toBe(422);
  });

  it('searches full hashes by 4-byte prefix (hex or base64) and serves the hash list, CLEAR only anonymously', async () => {
    const clear = fullHashes(`https://${host.clear}/login`)[0]!;
    const amber = fullHashes(`https://${host.amber}/x`)[0]!;
    const search = (who: Who, hashPrefixes: string[]) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/hashes:search',
        headers: headers[who],
        payload: { hashPrefixes },
      });
    const anon = await search('anonymous', [
      clear.prefix,
      Buffer.from(amber.prefix, 'hex').toString('base64'),
    ]);
    expect(anon.statusCode).toBe(200);
    expect(anon.json().fullHashes).toEqual([{ hash: clear.hash, threatType: 'phishing' }]);
    const keyed = await search('amber', [amber.prefix]);
    expect(keyed.json().fullHashes).toEqual([{ hash: amber.hash, threatType: 'phishing' }]);
    expect((await search('anonymous', ['xyz'])).statusCode).toBe(400);
    const list = (await get('/api/v1/hash-list', 'anonymous')).json();
    expect(list.full).toBe(true);
    expect(list.additions).toContain(clear.prefix);
    expect(list.additions).not.toContain(amber.prefix);
    expect(list.additions).not.toContain(fullHashes(`https://${host.red}/x`)[0]!.prefix);
  });

  it('answers the allowlisted verdict from the triage allowlist', async () => {
    await ctx.allowlist.add(null, { kind: 'domain', value: 'legit-bank.example', reason: 'test' });
    await ctx.sharing.checker.refresh();
    const res = await get(
      `/api/v1/check?url=${encodeURIComponent('https://www.legit-bank.example/')}`,
      'anonymous',
    );
    expect(res.json()).toMatchObject({ verdict: 'allowlisted', matches: [] });
  });

  it('serves the public check page without script, output defanged', async () => {
    const res = await get(
      `/check?lang=en&url=${encodeURIComponent(`https://${host.clear}/login`)}`,
      'anonymous',
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain(`hxxps://clear-phish[.]example/login`);
    expect(res.body).not.toContain(`href="https://${host.clear}`);
    expect(res.body).toContain('data-verdict="phishing"');
    expect(res.body).not.toContain('<script');
    const bad = await get('/check?url=%3Cscript%3Ealert(1)%3C/script%3E', 'anonymous');
    expect(bad.body).not.toContain('<script>alert');
  });
  it('withdraws an un-confirmed URL everywhere: feeds (unless withdrawn=true), check, hash list diff', async () => {
    const before = (await get('/api/v1/hash-list', 'anonymous')).json() as { version: number };
    const row = await ctx.db.kysely
      .selectFrom('urls')
      .select('id')
      .where('canonical', '=', `https://${host.clear}/login`)
      .executeTakeFirstOrThrow();
    ctx.clock.advance(1000);
    await setUrlStatus(ctx.db, Number(row.id), 'rejected');
    const feed = (await get('/api/v1/feeds/urls.json', 'analyst')).json() as { items: { url: string }[] };
    expect(feed.items.map((i) => i.url)).not.toContain(`https://${host.clear}/login`);
    const all = (
      await get(`/api/v1/feeds/urls.json?withdrawn=true&since=${ctx.clock.now()}`, 'analyst')
    ).json() as {
      items: { url: string; status: string }[];
    };
    expect(all.items).toEqual([
      expect.objectContaining({ url: `https://${host.clear}/login`, status: 'withdrawn' }),
    ]);
    await ctx.sharing.checker.refresh();
    const check = await get(
      `/api/v1/check?url=${encodeURIComponent(`https://${host.clear}/login`)}`,
      'anonymous',
    );
    expect(check.json().verdict).toBe('unknown');
    const diff = (await get(`/api/v1/hash-list?version=${before.version}`, 'anonymous')).json();
    expect(diff).toMatchObject({
      full: false,
      additions: [],
      removals: [fullHashes(`https://${host.clear}/login`)[0]!.prefix],
    });
  });
});
