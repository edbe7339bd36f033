import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { type BrowserPool, createBrowserPool } from '../browser/browser-pool.ts';
import type { Config } from '../config.ts';
import { loadConfig } from '../config.ts';
import { createSafeFetcher } from '../fetch/safe-fetcher.ts';
import { type FakeSite, fakeHosts, startFakeSite, tableResolver } from '../fetch/testing/fake-site.ts';
import { fixedClock } from '../lib/clock.ts';
import { createCaptureRepository } from './capture.repository.ts';
import { createCaptureService } from './capture.service.ts';
import { createEvidenceStore } from './evidence-store.ts';

const T0 = Date.UTC(2026, 4, 22, 1, 0, 0);

describe.each(DIALECTS)('page capture in Chromium on %s', (dialect) => {
  let db: TestDb;
  let site: FakeSite;
  let dataDir: string;
  const clock = fixedClock(T0);
  beforeAll(async () => {
    db = await createTestDb(dialect);
    site = await startFakeSite();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-capture-'));
  });
  afterAll(async () => {
    await site?.close();
    await Promise.all(pools.map((p) => p.close()));
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const pools: BrowserPool[] = [];
  function pool(config: Config): BrowserPool {
    const created = createBrowserPool(config);
    pools.push(created);
    return created;
  }

  function service(allowPrivate: boolean) {
    const config = loadConfig({
      DATA_DIR: dataDir,
      OUTBOUND_ENABLED: 'true',
      FETCH_ALLOW_PRIVATE: String(allowPrivate),
      FETCH_TIMEOUT_MS: '5000',
    });
    const fetcher = createSafeFetcher({ config: config.fetch, resolve: tableResolver(fakeHosts()) });
    return createCaptureService({
      config,
      browser: pool(config),
      fetcher,
      evidence: createEvidenceStore({ db, dataDir, clock }),
      repo: createCaptureRepository(db),
      clock,
      log: pino({ level: 'silent' }),
    });
  }

  it('captures screenshot, final URL, title, asked-for fields, DOM and HAR through the guard', async () => {
    const captures = service(true);
    const set = await captures.capture(site.url('bit.ly', '/s/abc'), { mobile: true });
    const c = set.desktop;
    expect(c.status).toBe('ok');
    expect(c.final_url).toBe(site.url('login.phish.test', '/login?session=1'));
    expect(c.http_status).toBe(200);
    expect(c.redirects.map((r) => r.status)).toEqual([301, 302]);
    // The page's script ran (JavaScript on) before the title was read.
    expect(c.title).toBe('FakeBank ログイン | 安全');
    expect(c.formFields.map((f) => [f.type, f.name, f.label])).toEqual([
      ['text', 'user_id', 'ご契約番号'],
      ['password', 'password', 'ログインパスワード'],
      ['tel', 'card_number', 'カード番号'],
      ['select', 'bank', null],
    ]);
    // The metadata address the page embeds was refused, never fetched.
    expect(c.refused.map((r) => r.url)).toContain('http://169.254.169.254/latest/meta-data/');
    expect(c.captured_at).toBe(T0);

    const store = createEvidenceStore({ db, dataDir, clock });
    const png = await store.read(c.screenshot_sha256!);
    expect(png?.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png?.content_type).toBe('image/png');
    const file = path.join(dataDir, 'evidence', c.screenshot_sha256!);
    expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(c.screenshot_sha256);
    const dom = (await store.read(c.dom_sha256!))!.bytes.toString('utf8');
    expect(dom).toContain('name="card_number"');
    const har = JSON.parse((await store.read(c.har_sha256!))!.bytes.toString('utf8'));
    const harUrls = har.log.entries.map((e: { request: { url: string } }) => e.request.url);
    expect(harUrls).toContain(site.url('login.phish.test', '/style.css'));

    // Same page for both: the mobile record notes no difference.
    expect(set.mobile?.status).toBe('ok');
    expect(set.differences).toEqual([]);
    expect((await captures.ofUrl(0)).length).toBe(0);
  });

  it('notes when the mobile rendering differs (cloaking)', async () => {
    const set = await service(true).capture(site.url('login.phish.test', '/login?cloak=1'), { mobile: true });
    expect(set.desktop.title).toBe('FakeBank ログイン | 安全');
    expect(set.mobile?.title).toBe('SMS認証');
    expect(set.mobile?.formFields.map((f) => f.name)).toEqual(['otp']);
    expect(set.differences).toEqual(expect.arrayContaining(['title', 'dom', 'form_fields']));
    expect(set.mobile?.differences).toEqual(set.differences);
    expect(site.requests.some((r) => r.url.includes('cloak') && /iPhone/.test(r.userAgent))).toBe(true);
  });

  it('reports a missing browser as browser.not_installed, naming the fix', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, CHROMIUM_PATH: '/nonexistent/chromium' });
    const broken = createCaptureService({
      config,
      browser: pool(config),
      fetcher: createSafeFetcher({ config: config.fetch }),
      evidence: createEvidenceStore({ db, dataDir, clock }),
      repo: createCaptureRepository(db),
      clock,
      log: pino({ level: 'silent' }),
    });
    await expect(broken.capture('http://login.phish.test/')).rejects.toMatchObject({
      code: 'browser.not_installed',
      message: expect.stringContaining('apt-get install -y chromium fonts-noto-cjk'),
    });
  });

  it('never downloads what a page pushes (smishing APKs)', async () => {
    const set = await service(true).capture(site.url('login.phish.test', '/download'));
    expect(set.desktop.status).toBe('failed');
    expect(set.desktop.error).toMatch(/download/i);
    expect(fs.readdirSync(path.join(dataDir, 'evidence')).some((f) => f.endsWith('.apk'))).toBe(false);
  });

  it('decodes a page compressed against the request', async () => {
    const set = await service(true).capture(site.url('login.phish.test', '/gz'));
    expect(set.desktop.title).toBe('FakeBank ログイン | 安全');
  });

  it('refuses a private target in production settings: the browser never reaches it', async () => {
    const before = site.requests.length;
    const set = await service(false).capture(site.url('login.phish.test', '/login'));
    expect(set.desktop.status).toBe('failed');
    expect(set.desktop.screenshot_sha256).toBeNull();
    expect(set.desktop.refused[0]?.reason).toMatch(/refused login\.phish\.test/);
    expect(site.requests.length).toBe(before);
  });
});
