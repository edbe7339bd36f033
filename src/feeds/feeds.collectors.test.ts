import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { readMispManifest } from './misp.ts';
import { createFeedHarness, type FeedHarness } from './testing/harness.ts';
import { fixturePath } from './testing/loopback.ts';
import { mountTaxii, type TaxiiRecord } from './testing/taxii-server.ts';

const TAXII = JSON.parse(fs.readFileSync(fixturePath('taxii/collection.json'), 'utf8')) as {
  collection: { id: string };
  objects: TaxiiRecord[];
};
const MANIFEST_TEXT = fs.readFileSync(fixturePath('misp/manifest.json'), 'utf8');
const EVENTS = readMispManifest(JSON.parse(MANIFEST_TEXT));

describe.each(DIALECTS)('TAXII and MISP collectors end to end on %s', (dialect) => {
  let h: FeedHarness;
  beforeEach(async () => {
    h = await createFeedHarness(dialect);
  });
  afterEach(async () => {
    await h?.close();
  });

  it('TAXII 2.1: pages with next, polls again from X-TAXII-Date-Added-Last, picks up only what is new', async () => {
    const taxii = mountTaxii(h, TAXII.objects, {
      collectionId: TAXII.collection.id,
      user: 'jp-cert-member',
      password: 'taxii-pass-9876',
      maxPage: 3,
    });
    const src = await h.feeds.create({
      name: 'partner-taxii',
      kind: 'taxii',
      url: taxii.collectionUrl,
      scheduleMinutes: 10,
      credentials: { type: 'basic', username: 'jp-cert-member', password: 'taxii-pass-9876' },
      config: { limit: 100, addedAfter: '2024-05-01T00:00:00Z' },
    });
    const first = (await h.feeds.runSource(src.id))!;
    // 7 objects visible: 5 URL indicators, 1 url observable, 1 marking definition.
    expect(first).toMatchObject({ status: 'ok', fetched: 6, new: 6, rejected: 0 });
    const pages = h.server.requests.filter((r) => r.url.includes('/objects/'));
    expect(pages).toHaveLength(3); // 3 + 3 + 1 with the server's page cap
    const q = (i: number) => new URL(pages[i]!.url, 'http://x').searchParams;
    expect(q(0).get('added_after')).toBe('2024-05-01T00:00:00Z');
    expect(q(0).get('next')).toBeNull();
    expect(q(1).get('next')).not.toBeNull();
    expect(q(2).get('added_after')).toBe('2024-05-01T00:00:00Z');
    expect(pages[0]!.headers.accept).toBe('application/taxii+json;version=2.1');
    const stored = await h.storedUrls('partner-taxii');
    expect(stored).toHaveLength(6);
    expect(stored.find((s) => s.canonical.includes('jcb-card'))?.brand).toBe('jcb');

    const second = (await h.feeds.runSource(src.id))!;
    expect(second).toMatchObject({ status: 'ok', fetched: 0, new: 0 });
    const lastVisible = TAXII.objects.filter((r) => !r.late).at(-1)!.date_added;
    expect(new URL(h.server.requests.at(-1)!.url, 'http://x').searchParams.get('added_after')).toBe(
      lastVisible,
    );

    taxii.release();
    const third = (await h.feeds.runSource(src.id))!;
    expect(third).toMatchObject({ status: 'ok', fetched: 2, new: 2 });
    expect(await h.storedUrls('partner-taxii')).toHaveLength(8);
    const view = (await h.feeds.listSources()).find((s) => s.name === 'partner-taxii')!;
    expect(JSON.stringify(view)).not.toContain('taxii-pass-9876');
    expect(view.credentials).toBe('basic');
  });

  it('TAXII with wrong credentials fails and says so, without the password', async () => {
    const taxii = mountTaxii(h, TAXII.objects, {
      collectionId: TAXII.collection.id,
      user: 'a',
      password: 'right-one',
      maxPage: 3,
    });
    const src = await h.feeds.create({
      name: 'bad-taxii',
      kind: 'taxii',
      url: taxii.collectionUrl,
      scheduleMinutes: 10,
      credentials: { type: 'basic', username: 'a', password: 'wrong-one' },
    });
    const run = (await h.feeds.runSource(src.id))!;
    expect(run.status).toBe('failed');
    expect(run.errors[0]).toMatch(/HTTP 401/);
    expect(JSON.stringify(run)).not.toContain('wrong-one');
  });

  it('MISP feed: manifest then events; a 304 manifest reads nothing; a changed event is read alone', async () => {
    let manifest = MANIFEST_TEXT;
    h.route('/misp-feed/manifest.json', (req, res) => {
      const etag = `"m-${manifest.length}"`;
      res.setHeader('etag', etag);
      if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
      res.setHeader('content-type', 'application/json');
      res.end(manifest);
    });
    for (const ev of EVENTS) h.file(`/misp-feed/${ev.uuid}.json`, `misp/${ev.uuid}.json`);
    h.file('/misp-feed/hashes.csv', 'misp/hashes.csv');
    const src = await h.feeds.create({
      name: 'misp-osint',
      kind: 'misp',
      url: `${h.server.url}/misp-feed/`,
      scheduleMinutes: 60,
    });

    const first = (await h.feeds.runSource(src.id))!;
    expect(first).toMatchObject({ status: 'ok', new: 9, rejected: 0 });
    const stored = await h.storedUrls('misp-osint');
    expect(stored).toHaveLength(9);
    expect(stored.map((s) => s.canonical)).not.toContain('https://www.amazon.co.jp/'); // to_ids false: context
    const brandOf = (needle: string) => stored.find((s) => s.canonical.includes(needle))?.brand;
    expect(brandOf('amzn-jp.short-redirect.link')).toBe('amazon'); // phishing object target 'Amazon'
    expect(brandOf('smbc-card.vpass-login.icu')).toBe('smbc-card'); // target 三井住友カード

    const before = h.server.requests.length;
    expect(await h.feeds.runSource(src.id)).toMatchObject({ status: 'not_modified', new: 0 });
    expect(h.server.requests.slice(before).map((r) => r.url)).toEqual(['/misp-feed/manifest.json']);

    // The publisher touches one event: only that one is fetched again, and nothing is new.
    const doc = JSON.parse(manifest) as Record<string, { timestamp: number }>;
    doc[EVENTS[2]!.uuid]!.timestamp += 100;
    manifest = JSON.stringify(doc);
    const mark = h.server.requests.length;
    expect(await h.feeds.runSource(src.id)).toMatchObject({ status: 'ok', fetched: 2, new: 0, known: 2 });
    expect(h.server.requests.slice(mark).map((r) => r.url)).toEqual([
      '/misp-feed/manifest.json',
      `/misp-feed/${EVENTS[2]!.uuid}.json`,
    ]);
  });

  it('MISP: an event that cannot be fetched fails the run, the others land, and it is retried', async () => {
    let broken = true;
    h.file('/misp-feed/manifest.json', 'misp/manifest.json');
    for (const ev of EVENTS) h.file(`/misp-feed/${ev.uuid}.json`, `misp/${ev.uuid}.json`);
    h.route(`/misp-feed/${EVENTS[1]!.uuid}.json`, (_req, res) => {
      if (broken) return res.writeHead(502).end();
      res.end(fs.readFileSync(fixturePath(`misp/${EVENTS[1]!.uuid}.json`)));
    });
    const src = await h.feeds.create({
      name: 'misp-flaky',
      kind: 'misp',
      url: `${h.server.url}/misp-feed/manifest.json`,
      scheduleMinutes: 60,
    });
    const first = (await h.feeds.runSource(src.id))!;
    expect(first).toMatchObject({ status: 'failed', new: 5 });
    expect(first.errors[0]).toMatch(new RegExp(`^event ${EVENTS[1]!.uuid}: .*HTTP 502`));
    expect((await h.feeds.get(src.id)).failing).toBe(true);
    broken = false;
    const mark = h.server.requests.length;
    const second = (await h.feeds.runSource(src.id))!;
    expect(second).toMatchObject({ status: 'ok', new: 4 });
    // The manifest is read in full again (its validators were not kept), but only the missing event is fetched.
    expect(h.server.requests.slice(mark).map((r) => r.url)).toEqual([
      '/misp-feed/manifest.json',
      `/misp-feed/${EVENTS[1]!.uuid}.json`,
    ]);
    expect(await h.storedUrls('misp-flaky')).toHaveLength(9);
  });
});
