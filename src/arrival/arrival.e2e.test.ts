import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { multipartBody } from '../../test/multipart.ts';
import { loadConfig } from '../config.ts';
import { type AppContext, createContext } from '../context.ts';
import { type FakeSite, fakeHosts, startFakeSite, tableResolver } from '../fetch/testing/fake-site.ts';
import { buildServer } from '../http/server.ts';
import { createTableQueue } from '../jobs/table-queue.ts';
import { fixedClock } from '../lib/clock.ts';

const T0 = Date.UTC(2026, 4, 22, 1, 0, 0);

describe.each(DIALECTS)('evidence on arrival end to end on %s', (dialect) => {
  let db: TestDb;
  let site: FakeSite;
  let ctx: AppContext;
  let app: FastifyInstance;
  let dataDir: string;
  const clock = fixedClock(T0);

  beforeAll(async () => {
    db = await createTestDb(dialect);
    site = await startFakeSite();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-arrival-'));
    const config = loadConfig({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      SMTP_ENABLED: 'false',
      OUTBOUND_ENABLED: 'true',
      FETCH_ALLOW_PRIVATE: 'true',
      FETCH_TIMEOUT_MS: '5000',
    });
    const log = pino({ level: 'silent' });
    ctx = await createContext(config, {
      db,
      clock,
      log,
      queue: createTableQueue({ db, clock, log, pollMs: 50 }),
      resolve: tableResolver(fakeHosts(site.address)),
    });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.queue.stop();
    await site?.close();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a fake card-company login kit reported through the public form is checked and captured with no manual step', async () => {
    const reported = site.url('login.phish.test', '/login');
    const phoneOnly = site.url('www.phish.test', '/sms-only');
    const post = multipartBody(
      { kind: 'sms', content: `カードが停止されました ${reported} ${phoneOnly}` },
      [],
    );
    const res = await app.inject({
      method: 'POST',
      url: '/report',
      headers: post.headers,
      payload: post.body,
    });
    expect(res.statusCode).toBe(303);
    // report.process → arrival.new_urls → arrival.check, all from the queue.
    await ctx.queue.drain();
    const urls0 = await db.kysely.selectFrom('urls').select('id').execute();
    expect((await Promise.all(urls0.map((u) => ctx.capture.ofUrl(u.id)))).flat()).toEqual([]);
    // The capture is a second visit of each host: it waits for the host's next window (30 s by default).
    clock.advance(30_000);
    await ctx.queue.drain();

    const urls = await db.kysely.selectFrom('urls').select(['id', 'canonical']).orderBy('id').execute();
    expect(urls).toHaveLength(2);
    const kit = urls.find((u) => u.canonical.includes('login.phish.test'))!;
    const [check] = await ctx.liveness.history(kit.id);
    expect(check).toMatchObject({ result: 'live', http_status: 200 });
    const captures = await ctx.capture.ofUrl(kit.id);
    expect(captures.map((c) => c.variant).sort()).toEqual(['desktop', 'mobile']);
    const desktop = captures.find((c) => c.variant === 'desktop')!;
    expect(desktop.status).toBe('ok');
    expect(desktop.screenshot_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(desktop.formFields.map((f) => f.type)).toEqual(expect.arrayContaining(['password', 'tel']));

    // The page shown only to phones: live for the mobile check, and captured (the mobile capture has the form).
    const sms = urls.find((u) => u.canonical.includes('www.phish.test'))!;
    expect((await ctx.liveness.history(sms.id))[0]?.result).toBe('live');
    const smsCaptures = await ctx.capture.ofUrl(sms.id);
    const mobile = smsCaptures.find((c) => c.variant === 'mobile')!;
    expect(mobile.formFields.map((f) => f.name)).toEqual(['otp']);
    expect(mobile.differences.length).toBeGreaterThan(0);
  });
});
