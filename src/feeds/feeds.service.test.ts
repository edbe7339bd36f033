import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { analyzeUrl } from '../urls/analyze.ts';
import { readJpcertCsv } from './jpcert.ts';
import { createFeedHarness, type FeedHarness } from './testing/harness.ts';
import { collectEntries, fixturePath, fixtureStream, SHARED_DATA, serveStatic } from './testing/loopback.ts';

const JPCERT_FILE = path.join(SHARED_DATA, 'jpcert-phishurl/202301.csv');

/** Distinct canonical URLs of the given raw URLs, computed independently of the import path. */
function canonicalSet(urls: string[]): string[] {
  return [...new Set(urls.map((u) => analyzeUrl(u).canonical))].sort();
}

describe.each(DIALECTS)('feed collectors end to end on %s', (dialect) => {
  let h: FeedHarness;
  beforeEach(async () => {
    h = await createFeedHarness(dialect);
  });
  afterEach(async () => {
    await h?.close();
  });

  it('OpenPhish: stores de-duplicated, brand-attributed URLs; a 304 then adds nothing', async () => {
    h.file('/feed.txt', 'openphish/feed.txt');
    const src = await h.feeds.create({
      name: 'openphish',
      kind: 'openphish',
      url: `${h.server.url}/feed.txt`,
      scheduleMinutes: 60,
    });
    const run = await h.feeds.runSource(src.id);
    const { items } = await collectEntries(
      (await import('./openphish.ts')).readOpenphish(fixtureStream('openphish/feed.txt')),
    );
    expect(run).toMatchObject({
      status: 'ok',
      fetched: items.length,
      new: items.length,
      known: 0,
      rejected: 0,
    });
    const stored = await h.storedUrls('openphish');
    expect(stored.map((s) => s.canonical)).toEqual(canonicalSet(items.map((i) => i.url)));
    const brandOf = (needle: string) => stored.find((s) => s.canonical.includes(needle))?.brand;
    expect(brandOf('paypal.com.resolution-center-secure.top')).toBe('paypal');
    expect(brandOf('smbc-card.vpass-login.icu')).toBe('smbc-card');
    expect(brandOf('docs.google.com')).toBeNull();
    expect(stored.every((s) => s.threat === 'phishing')).toBe(true);

    const again = await h.feeds.runSource(src.id);
    expect(again).toMatchObject({ status: 'not_modified', fetched: 0, new: 0 });
    expect(h.server.requests.at(-1)!.headers['if-none-match']).toMatch(/^"/);
    expect(await h.storedUrls('openphish')).toEqual(stored);
  });

  it('a server without validators: the second run reads everything and adds nothing', async () => {
    h.file('/feed.txt', 'openphish/feed.txt', { etag: false });
    const src = await h.feeds.create({
      name: 'op2',
      kind: 'openphish',
      url: `${h.server.url}/feed.txt`,
      scheduleMinutes: 30,
    });
    const first = (await h.feeds.runSource(src.id))!;
    const second = (await h.feeds.runSource(src.id))!;
    expect(second).toMatchObject({ status: 'ok', fetched: first.fetched, new: 0, known: first.new });
    const reports = await h.ctx.db.kysely
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(reports.n)).toBe(first.new);
  });

  it('Last-Modified alone is enough for a conditional GET', async () => {
    h.file('/feed.txt', 'openphish/feed.txt', { etag: false, lastModified: 'Wed, 22 May 2024 07:00:00 GMT' });
    const src = await h.feeds.create({
      name: 'op3',
      kind: 'openphish',
      url: `${h.server.url}/feed.txt`,
      scheduleMinutes: 30,
    });
    expect((await h.feeds.runSource(src.id))!.status).toBe('ok');
    expect((await h.feeds.runSource(src.id))!.status).toBe('not_modified');
    expect(h.server.requests.at(-1)!.headers['if-modified-since']).toBe('Wed, 22 May 2024 07:00:00 GMT');
  });

  it('PhishTank JSON behind an app key in the path: labels become brands, the key stays secret', async () => {
    h.route('/data/appkey-0123456789/online-valid.json', (_req, res) => {
      res.setHeader('content-type', 'application/json');
      fs.createReadStream(fixturePath('phishtank/online-valid.json')).pipe(res);
    });
    const src = await h.feeds.create({
      name: 'phishtank',
      kind: 'phishtank-json',
      url: `${h.server.url}/data/{token}/online-valid.json`,
      scheduleMinutes: 60,
      credentials: { type: 'token', value: 'appkey-0123456789' },
      licence: 'PhishTank: free with attribution, app key required',
    });
    const run = (await h.feeds.runSource(src.id))!;
    expect(run).toMatchObject({ status: 'ok', new: 7, rejected: 0 });
    const stored = await h.storedUrls('phishtank');
    expect(stored).toHaveLength(7);
    const brandOf = (needle: string) => stored.find((s) => s.canonical.includes(needle))?.brand;
    expect(brandOf('resolution-center-secure.top')).toBe('paypal'); // target PayPal
    expect(brandOf('oauth2-authorize.cc')).toBe('microsoft'); // target Microsoft
    expect(brandOf('mitid-dk.verify-now.click')).toBe('nets'); // the source's label wins over the URL's look
    expect(brandOf('tunahrtjanzak2.web.app')).toBeNull(); // 'Other', nothing in the URL
    const listed = JSON.stringify(await h.feeds.listSources());
    expect(listed).not.toContain('appkey-0123456789');
    expect(listed).toContain('"credentials":"token"');
    expect(h.logs.join('')).not.toContain('appkey-0123456789');
    expect(h.logs.join('')).toContain('"source":"phishtank"');
  });

  it('PhishTank CSV and URLhaus (kept as malware, not phishing)', async () => {
    h.file('/online-valid.csv', 'phishtank/online-valid.csv');
    h.file('/csv_recent.txt', 'urlhaus/csv.txt');
    const pt = await h.feeds.create({
      name: 'pt-csv',
      kind: 'phishtank-csv',
      url: `${h.server.url}/online-valid.csv`,
      scheduleMinutes: 60,
    });
    const uh = await h.feeds.create({
      name: 'urlhaus',
      kind: 'urlhaus',
      url: `${h.server.url}/csv_recent.txt`,
      scheduleMinutes: 5,
    });
    expect(await h.feeds.runSource(pt.id)).toMatchObject({ status: 'ok', new: 8 });
    const urlhaus = (await h.feeds.runSource(uh.id))!;
    expect(urlhaus).toMatchObject({ status: 'ok', new: 6, rejected: 1 });
    expect(urlhaus.errors).toEqual([expect.stringMatching(/^line 16: unreadable dateadded/)]);
    const stored = await h.storedUrls('urlhaus');
    expect(stored).toHaveLength(6);
    expect(stored.every((s) => s.threat === 'malware')).toBe(true);
    expect((await h.storedUrls('pt-csv')).find((s) => s.canonical.includes('secure-chase.com'))?.brand).toBe(
      'chase',
    );
  });

  it("JPCERT/CC's real CSV: every row stored once, each URL under the brand its label names", async () => {
    h.file('/phishurl/202301.csv', JPCERT_FILE);
    const src = await h.feeds.create({
      name: 'jpcert-phishurl',
      kind: 'jpcert',
      url: `${h.server.url}/phishurl/202301.csv`,
      scheduleMinutes: 1440,
    });
    const { items, rejected } = await collectEntries(
      readJpcertCsv(fs.createReadStream(JPCERT_FILE), 'jpcert-phishurl'),
    );
    const run = (await h.feeds.runSource(src.id))!;
    expect(run).toMatchObject({
      status: 'ok',
      fetched: items.length + rejected.length,
      new: items.length,
      rejected: rejected.length,
    });
    expect(items.length).toBeGreaterThan(2000);
    // Each stored URL carries the brand of one of the labels JPCERT/CC gave it (label resolution is the
    // registry's; the check here is that the feed path kept URL and label together).
    const labelsByUrl = new Map<string, Set<number | null>>();
    for (const i of items) {
      let canonical: string;
      try {
        canonical = analyzeUrl(i.url).canonical;
      } catch {
        continue;
      }
      const set = labelsByUrl.get(canonical) ?? new Set();
      set.add(h.ctx.brands.resolveLabel(i.brandLabel)?.id ?? null);
      labelsByUrl.set(canonical, set);
    }
    const stored = await h.ctx.db.kysely.selectFrom('urls').select(['canonical', 'brand_id']).execute();
    expect(stored.length).toBe(labelsByUrl.size);
    for (const s of stored) {
      const expected = labelsByUrl.get(s.canonical)!;
      if (!expected.has(null))
        expect(expected.has(s.brand_id === null ? null : Number(s.brand_id))).toBe(true);
    }
    expect(stored.filter((s) => s.brand_id !== null).length / stored.length).toBeGreaterThan(0.95);
    const second = (await h.feeds.runSource(src.id))!;
    expect(second.status).toBe('not_modified');
  });

  it('generic partner CSV through a column mapping (JST dates, Japanese labels)', async () => {
    h.file('/export.csv', 'generic/partner-ja.csv');
    const src = await h.feeds.create({
      name: 'partner-ja',
      kind: 'generic',
      url: `${h.server.url}/export.csv`,
      scheduleMinutes: 15,
      config: {
        mapping: {
          url: 'URL',
          date: '検知日時',
          brand: 'ブランド',
          id: '通番',
          delimiter: ';',
          timezone: '+09:00',
        },
      },
    });
    expect(await h.feeds.runSource(src.id)).toMatchObject({ status: 'ok', new: 5, rejected: 2 });
    const stored = await h.storedUrls('partner-ja');
    expect(stored.map((s) => s.brand)).toEqual(
      expect.arrayContaining(['aeon-card', 'smbc-card', 'rakuten', 'amazon', 'sagawa']),
    );
    const report = await h.ctx.db.kysely
      .selectFrom('reports')
      .select(['reported_at', 'brand_label'])
      .where('external_id', '=', 'JP-2024-000101')
      .executeTakeFirstOrThrow();
    expect(Number(report.reported_at)).toBe(Date.UTC(2024, 4, 21, 0, 15));
    expect(report.brand_label).toBe('イオンカード');
  });

  it('STIX 2.1 bundle: URL indicators and observables stored, refused patterns reported', async () => {
    h.file('/bundle.json', 'stix/bundle.json');
    const src = await h.feeds.create({
      name: 'cert-stix',
      kind: 'stix',
      url: `${h.server.url}/bundle.json`,
      scheduleMinutes: 60,
    });
    const run = (await h.feeds.runSource(src.id))!;
    expect(run).toMatchObject({ status: 'ok', new: 10, rejected: 2 });
    const stored = await h.storedUrls('cert-stix');
    expect(stored).toHaveLength(10);
    expect(stored.find((s) => s.canonical.includes('apple.com-icloud-locate'))?.brand).toBe('apple');
    const tlp = await h.ctx.db.kysely
      .selectFrom('reports')
      .select('payload')
      .where('external_id', 'like', 'url--%')
      .execute();
    expect(tlp.map((r) => JSON.parse(r.payload).value).sort()).toEqual([
      'https://docomo-point.campaign-gift.top/entry',
      'https://sagawa-exp.delivery-notice.live/?d=7731',
    ]);
    // The TLP marking travels with each report, so sharing can honour it.
    const markings = await h.ctx.db.kysely
      .selectFrom('reports')
      .select('tlp')
      .where('kind', '=', 'feed')
      .execute();
    expect(new Set(markings.map((m) => m.tlp))).toContain('green');
  });

  it('a failing source is recorded and shown as failing, backs off, then recovers', async () => {
    let calls = 0;
    h.route('/flaky.txt', (req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
        return;
      }
      serveStatic(req, res, fs.readFileSync(fixturePath('openphish/feed.txt')), { etag: '"f1"' });
    });
    h.file('/ok.txt', 'generic/blocklist.txt');
    const flaky = await h.feeds.create({
      name: 'flaky',
      kind: 'openphish',
      url: `${h.server.url}/flaky.txt`,
      scheduleMinutes: 60,
    });
    const steady = await h.feeds.create({
      name: 'steady',
      kind: 'generic',
      url: `${h.server.url}/ok.txt`,
      scheduleMinutes: 60,
      config: { mapping: { format: 'txt', url: 0, comment: '#' } },
    });
    const t0 = h.ctx.clock.now();
    const failed = (await h.feeds.runSource(flaky.id))!;
    expect(failed.status).toBe('failed');
    expect(failed.errors[0]).toMatch(/^feed\.fetch_failed: 127\.0\.0\.1:\d+: HTTP 500/);
    expect(await h.feeds.runSource(steady.id)).toMatchObject({ status: 'ok', new: 3 });

    let list = await h.feeds.listSources();
    const f = list.find((s) => s.name === 'flaky')!;
    expect(f).toMatchObject({
      failing: true,
      failures: 1,
      nextRunAt: t0 + 60_000,
      lastRun: { status: 'failed' },
    });
    expect(list.find((s) => s.name === 'steady')).toMatchObject({
      failing: false,
      nextRunAt: t0 + 3_600_000,
    });
    expect(await h.feeds.dueSourceIds()).toEqual([]);
    h.ctx.clock.advance(60_000);
    expect(await h.feeds.dueSourceIds()).toEqual([flaky.id]);

    const recovered = (await h.feeds.runSource(flaky.id))!;
    expect(recovered).toMatchObject({ status: 'ok', new: 16 });
    list = await h.feeds.listSources();
    expect(list.find((s) => s.name === 'flaky')).toMatchObject({
      failing: false,
      failures: 0,
      lastRun: { status: 'ok' },
    });
    const runs = await h.feeds.recentRuns('flaky');
    expect(runs.map((r) => r.status)).toEqual(['ok', 'failed']);
  });

  it('a download cut off mid-way fails the run instead of hanging or passing as complete', async () => {
    const body = fs.readFileSync(JPCERT_FILE);
    h.route('/cut.csv', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': body.length });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      setTimeout(() => res.socket?.destroy(), 50);
    });
    const src = await h.feeds.create({
      name: 'jp-cut',
      kind: 'jpcert',
      url: `${h.server.url}/cut.csv`,
      scheduleMinutes: 60,
    });
    const run = (await h.feeds.runSource(src.id))!;
    expect(run.status).toBe('failed');
    expect(run.errors[0]).toMatch(/^feed\.fetch_failed: while reading the body/);
    const view = await h.feeds.get(src.id);
    expect(view).toMatchObject({ failing: true });
    // No validators were kept from the broken download, so the next run fetches it whole.
    h.file('/cut.csv', JPCERT_FILE);
    h.ctx.clock.advance(60_000);
    expect((await h.feeds.runSource(src.id))!.status).toBe('ok');
  });

  it('an HTML page served instead of the feed counts as a failure, not an empty feed', async () => {
    h.route('/feed.txt', (_req, res) =>
      res.end('<!DOCTYPE html>\n<html><body>Please log in</body></html>\n'),
    );
    const src = await h.feeds.create({
      name: 'op-html',
      kind: 'openphish',
      url: `${h.server.url}/feed.txt`,
      scheduleMinutes: 60,
    });
    const run = (await h.feeds.runSource(src.id))!;
    expect(run.status).toBe('failed');
    expect(run.errors[0]).toMatch(/no usable rows/);
  });
});
