import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApiKey } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { pollTaxiiCollection } from '../feeds/taxii.ts';
import { collectEntries } from '../feeds/testing/loopback.ts';
import { testOutbound } from '../fetch/testing/outbound.ts';
import { buildServer } from '../http/server.ts';
import { seedBrand, seedReportedUrl } from './testing/seed.ts';
import { createStixValidator } from './testing/stix-validator.ts';

const TAXII = 'application/taxii+json;version=2.1';
const check = createStixValidator();

/**
 * A TAXII 2.1 client session over real HTTP. The independent client is src/feeds/taxii.ts (the feed
 * collector's poller, which shares no code with the server); discovery and the error cases use fetch.
 */
describe.each(DIALECTS)('TAXII 2.1 server on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let base: string;
  const keys: Record<string, string> = {};
  const basic = (key: string) => `Basic ${Buffer.from(`any-user:${key}`).toString('base64')}`;
  const taxiiGet = (path: string, key: string | null, accept = TAXII) =>
    fetch(`${base}${path}`, { headers: { accept, ...(key ? { authorization: basic(key) } : {}) } });

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = await buildServer(ctx);
    const brand = await seedBrand(ctx.db, 'taxii-brand');
    const at = Date.UTC(2026, 4, 1);
    for (const i of [1, 2, 3])
      await seedReportedUrl(ctx.db, { url: `https://clear-${i}.example/it's\\x`, confirm: true, at });
    await seedReportedUrl(ctx.db, { url: 'https://green-1.example/', tlp: 'green', confirm: true, at });
    await seedReportedUrl(ctx.db, { url: 'https://amber-1.example/', tlp: 'amber', confirm: true, at });
    await seedReportedUrl(ctx.db, { url: 'https://red-1.example/', tlp: 'red', confirm: true, at });
    await seedReportedUrl(ctx.db, { url: 'https://brand-1.example/', brandId: brand, confirm: true, at });
    keys.green = (await createTestApiKey(ctx, { role: 'partner', tlp: 'green' })).key;
    keys.amber = (await createTestApiKey(ctx, { role: 'partner', tlp: 'amber' })).key;
    keys.red = (await createTestApiKey(ctx, { role: 'partner', tlp: 'red' })).key;
    keys.brand = (await createTestApiKey(ctx, { role: 'brand', tlp: 'green', brandIds: [brand] })).key;
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  async function collections(key: string) {
    const res = await taxiiGet('/taxii2/api/collections/', key);
    expect(res.headers.get('content-type')).toBe(TAXII);
    return ((await res.json()) as { collections?: { id: string; title: string }[] }).collections ?? [];
  }

  it('discovery, API root and collections visible by clearance and brand', async () => {
    const disc = await taxiiGet('/taxii2/', keys.green!);
    expect(disc.status).toBe(200);
    expect(disc.headers.get('content-type')).toBe(TAXII);
    const d = (await disc.json()) as { api_roots: string[]; default: string };
    expect(d.api_roots).toHaveLength(1);
    const root = await taxiiGet(new URL(d.api_roots[0]!).pathname, keys.green!);
    expect(await root.json()).toMatchObject({ versions: [TAXII] });

    const titles = async (k: string) => (await collections(k)).map((c) => c.title);
    expect(await titles(keys.green!)).toEqual([
      'Phishing URLs, TLP:CLEAR',
      'Phishing URLs, TLP:GREEN',
      'Phishing URLs imitating TAXII-BRAND',
    ]);
    expect(await titles(keys.amber!)).toContain('Phishing URLs, TLP:AMBER');
    expect((await titles(keys.red!)).some((t) => t.includes('RED'))).toBe(false);
    expect(await titles(keys.brand!)).toEqual(['Phishing URLs imitating TAXII-BRAND']);
  });

  it('a TAXII client session pages a collection with limit/next, objects are valid STIX, added_after resumes', async () => {
    const clear = (await collections(keys.green!)).find((c) => c.title.endsWith('CLEAR'))!;
    const collectionUrl = `${base}/taxii2/api/collections/${clear.id}/`;
    const credentials = { type: 'basic' as const, username: 'partner', password: keys.green! };
    const poll = pollTaxiiCollection({ outbound: testOutbound(), collectionUrl, limit: 2, credentials });
    const { items, rejected } = await collectEntries(poll.entries);
    expect(rejected).toEqual([]);
    expect(items.map((i) => i.url).sort()).toEqual(
      [1, 2, 3]
        .map((i) => `https://clear-${i}.example/it's\\x`)
        .concat('https://brand-1.example/')
        .sort(),
    );
    expect(items.every((i) => i.tlp === 'clear')).toBe(true);
    const result = poll.result();
    expect(result.pages).toBeGreaterThanOrEqual(3);

    // every object served is valid STIX 2.1
    const raw = (await (
      await taxiiGet(`/taxii2/api/collections/${clear.id}/objects/?limit=1000`, keys.green!)
    ).json()) as {
      objects: { type: string; id: string }[];
    };
    for (const o of raw.objects) expect({ id: o.id, errors: check(o) }).toEqual({ id: o.id, errors: [] });
    expect(raw.objects.map((o) => o.type)).toEqual([
      'identity',
      'marking-definition',
      'indicator',
      'indicator',
      'indicator',
      'indicator',
    ]);

    // resume from the last date added: nothing new, then one new URL
    const again = pollTaxiiCollection({
      outbound: testOutbound(),
      collectionUrl,
      addedAfter: result.addedAfter,
      credentials,
    });
    expect((await collectEntries(again.entries)).items).toEqual([]);
    ctx.clock.advance(60_000);
    await seedReportedUrl(ctx.db, { url: 'https://clear-new.example/', confirm: true });
    const third = pollTaxiiCollection({
      outbound: testOutbound(),
      collectionUrl,
      addedAfter: result.addedAfter,
      credentials,
    });
    expect((await collectEntries(third.entries)).items.map((i) => i.url)).toEqual([
      'https://clear-new.example/',
    ]);
  });

  it('manifest, one object, its versions and match filters', async () => {
    const clear = (await collections(keys.green!)).find((c) => c.title.endsWith('CLEAR'))!;
    const path = `/taxii2/api/collections/${clear.id}`;
    const manifest = (await (await taxiiGet(`${path}/manifest/`, keys.green!)).json()) as {
      objects: { id: string; version: string; media_type: string; date_added: string }[];
    };
    const indicator = manifest.objects.find((o) => o.id.startsWith('indicator--'))!;
    expect(indicator.media_type).toBe('application/stix+json;version=2.1');
    const one = (await (await taxiiGet(`${path}/objects/${indicator.id}/`, keys.green!)).json()) as {
      objects: { id: string; modified: string }[];
    };
    expect(one.objects.map((o) => o.id)).toEqual([indicator.id]);
    const versions = await (await taxiiGet(`${path}/objects/${indicator.id}/versions/`, keys.green!)).json();
    expect(versions).toEqual({ more: false, versions: [one.objects[0]!.modified] });
    const identities = (await (
      await taxiiGet(`${path}/objects/?match[type]=identity`, keys.green!)
    ).json()) as {
      objects: { type: string }[];
    };
    expect(identities.objects.map((o) => o.type)).toEqual(['identity']);
    const byId = (await (
      await taxiiGet(`${path}/objects/?match[id]=${indicator.id}`, keys.green!)
    ).json()) as {
      objects: { id: string }[];
    };
    expect(byId.objects.map((o) => o.id)).toEqual([indicator.id]);

    // match[version]: the current version, first/last/all name it; a past timestamp names nothing.
    const current = one.objects[0]!.modified;
    const past = new Date(Date.parse(current) - 60_000).toISOString();
    const objectsAt = async (version: string) => {
      const res = await taxiiGet(`${path}/objects/${indicator.id}/?match[version]=${version}`, keys.green!);
      return {
        status: res.status,
        ids: (((await res.json()) as { objects?: { id: string }[] }).objects ?? []).map((o) => o.id),
      };
    };
    for (const v of [current, 'last', 'first', 'all', `${past},${current}`])
      expect(await objectsAt(v)).toEqual({ status: 200, ids: [indicator.id] });
    expect((await objectsAt(past)).status).toBe(404);
    const listedAtPast = (await (
      await taxiiGet(`${path}/objects/?match[version]=${past}`, keys.green!)
    ).json()) as { objects?: unknown[] };
    expect(listedAtPast.objects ?? []).toEqual([]);
    expect((await taxiiGet(`${path}/objects/?match[version]=yesterday`, keys.green!)).status).toBe(400);
  });

  it('answers errors as TAXII error messages with the spec statuses', async () => {
    const noAuth = await taxiiGet('/taxii2/api/collections/', null);
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toContain('Basic');
    expect(noAuth.headers.get('content-type')).toBe(TAXII);
    expect(await noAuth.json()).toMatchObject({ http_status: '401' });

    const badKey = await taxiiGet('/taxii2/', 'pdk_not-a-key');
    expect(badKey.status).toBe(401);
    expect(await badKey.json()).toMatchObject({ http_status: '401', title: 'auth.invalid_key' });

    expect((await taxiiGet('/taxii2/', keys.green!, 'application/json')).status).toBe(406);
    expect((await taxiiGet('/taxii2/', keys.green!, 'application/taxii+json;version=2.0')).status).toBe(406);
    expect((await taxiiGet('/taxii2/', keys.green!, 'application/taxii+json')).status).toBe(200);

    const amber = (await collections(keys.amber!)).find((c) => c.title.endsWith('AMBER'))!;
    const hidden = await taxiiGet(`/taxii2/api/collections/${amber.id}/objects/`, keys.green!);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ http_status: '404' });
    const visibleToAmber = await taxiiGet(`/taxii2/api/collections/${amber.id}/objects/`, keys.amber!);
    expect(JSON.stringify(await visibleToAmber.json())).toContain('amber-1.example');
    expect((await taxiiGet('/taxii2/api/collections/nope/', keys.green!)).status).toBe(404);
    expect((await taxiiGet('/taxii2/no-such-thing/', keys.green!)).status).toBe(404);
    const bad = await taxiiGet(`/taxii2/api/collections/${amber.id}/objects/?next=%%%`, keys.amber!);
    expect(bad.status).toBe(400);
    const post = await fetch(`${base}/taxii2/api/collections/${amber.id}/objects/`, {
      method: 'POST',
      headers: { accept: TAXII, authorization: basic(keys.amber!), 'content-type': TAXII },
      body: '{}',
    });
    expect(post.status).toBe(403);
  });

  it('never serves RED or another brand over TAXII', async () => {
    for (const key of [keys.green!, keys.amber!, keys.red!, keys.brand!]) {
      for (const c of await collections(key)) {
        const body = await (
          await taxiiGet(`/taxii2/api/collections/${c.id}/objects/?limit=1000`, key)
        ).text();
        expect(body).not.toContain('red-1.example');
        if (key === keys.brand) expect(body).not.toContain('clear-1.example');
        if (key === keys.green) expect(body).not.toContain('amber-1.example');
      }
    }
  });
});
