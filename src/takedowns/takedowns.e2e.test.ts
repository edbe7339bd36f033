import { createHash } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { DIALECTS, type TestDb } from '../../test/databases.ts';
import type { AppContext } from '../context.ts';
import { verifyBundle } from '../evidence/bundle.ts';
import { loadOrCreateSigningKey } from '../evidence/signing-key.ts';
import type { FakeSite } from '../fetch/testing/fake-site.ts';
import { fixedClock } from '../lib/clock.ts';
import { readTar } from '../lib/tar.ts';
import { LIVENESS_TICK_JOB } from '../liveness/liveness.jobs.ts';
import { startTakedownHarness, type TakedownHarness } from './testing/harness.ts';
import { seedConfirmedUrl } from './testing/seed.ts';
import type { CapturedMail } from './testing/smtp-sink.ts';

const T0 = Date.UTC(2026, 4, 22, 1, 0, 0); // 2026/05/22 10:00 JST
const HOUR = 3_600_000;

describe.each(DIALECTS)('takedown case end to end on %s', (dialect) => {
  let db: TestDb;
  let site: FakeSite;
  let smtp: { url: string; mails: CapturedMail[]; close(): Promise<void> };
  let ctx: AppContext;
  let app: FastifyInstance;
  let dataDir: string;
  const clock = fixedClock(T0);
  // Each dialect gets its own loopback address: stored URLs have no port, so the site is on port 80.
  const address = dialect === 'sqlite' ? '127.77.2.1' : '127.77.2.2';

  let harness: TakedownHarness;

  beforeAll(async () => {
    harness = await startTakedownHarness({ dialect, address, clock });
    ({ db, site, smtp, ctx, app, dataDir } = harness);
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function tick() {
    await ctx.queue.send(LIVENESS_TICK_JOB, {});
    await ctx.queue.drain();
  }

  it('goes from confirmed URL → capture → request e-mail → site down → case down with its time to takedown', async () => {
    let { headers } = await signIn(app, ctx, { role: 'analyst' });
    // The reported URL is a shortener; the phishing page is two redirects further.
    const urlId = await seedConfirmedUrl(db, 'http://bit.ly/s/abc', T0 - 2 * HOUR);
    await tick();
    expect((await ctx.liveness.statusOf([urlId])).get(urlId)).toMatchObject({ state: 'live', since: T0 });

    const opened = await app.inject({
      method: 'POST',
      url: '/api/v1/takedowns',
      headers,
      payload: { urlId },
    });
    expect(opened.statusCode).toBe(201);
    const caseId = opened.json().id as number;
    expect(opened.json()).toMatchObject({ state: 'open', firstReportedAt: T0 - 2 * HOUR });
    const again = await app.inject({ method: 'POST', url: '/api/v1/takedowns', headers, payload: { urlId } });
    expect(again.statusCode).toBe(409);

    clock.set(T0 + 30 * 60_000);
    const requested = await app.inject({
      method: 'POST',
      url: `/api/v1/takedowns/${caseId}/request`,
      headers,
      payload: {},
    });
    expect(requested.statusCode, requested.body).toBe(200);
    const outcome = requested.json();
    expect(outcome).toMatchObject({ sent: true, to: ['abuse@hosting.example.jp'] });
    expect(outcome.case).toMatchObject({
      state: 'requested',
      requestedAt: T0 + 30 * 60_000,
      // The shortener is not a target: the phishing host is.
      targetHost: 'login.phish.test',
      targetDomain: 'phish.test',
      metrics: { reportToRequestMs: 2.5 * HOUR, requestToDownMs: null },
    });
    expect(outcome.case.contacts.map((c: { role: string; emails: string[] }) => [c.role, c.emails])).toEqual([
      ['hosting', ['abuse@hosting.example.jp']],
      ['registrar', ['abuse@registrar.example']],
    ]);

    // The request as the abuse desk receives it.
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to.sort()).toEqual(['abuse@hosting.example.jp', 'abuse@registrar.example']);
    expect(mail.headers.cc).toBe('abuse@registrar.example');
    expect(mail.subject).toBe(`【フィッシングサイト閉鎖のお願い】login[.]phish[.]test（案件番号 ${caseId}）`);
    expect(mail.text).toContain(
      'URL（誤クリック防止のため無害化表記）: hxxp://login[.]phish[.]test/login?session=1',
    );
    expect(mail.text).toContain('稼働確認日時: 2026/05/22 10:30（日本時間）');
    expect(mail.text).toContain('入力を求められる項目: ご契約番号、ログインパスワード、カード番号');
    expect(mail.text).toContain('hxxp://bit[.]ly/s/abc → hxxp://login[.]phish[.]test/start');
    expect(mail.text).toContain('フィッシング対策テストセンター');
    expect(mail.text).not.toMatch(/https?:\/\/(login\.phish|bit\.ly)/);
    expect(mail.attachments).toHaveLength(1);
    const png = mail.attachments[0]!;
    expect(png.contentType).toBe('image/png');
    const sha = createHash('sha256').update(png.content).digest('hex');
    expect(mail.text).toContain(`SHA-256: ${sha}`);

    // The mail links to one signed bundle; anyone with the link gets it, and it verifies offline against
    // the key published at the well-known URL (and fails with one changed byte or another key).
    const link = /\/api\/v1\/evidence-bundles\/[0-9a-f-]{36}/.exec(mail.text)?.[0];
    expect(link, mail.text).toBeDefined();
    expect(outcome.bundle.url).toBe(`${ctx.config.publicBaseUrl}${link}`);
    expect(mail.text).toContain(`${ctx.config.publicBaseUrl}/.well-known/phishdesk-evidence-key`);
    const download = await app.inject({ method: 'GET', url: link! });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/x-tar');
    const archive = download.rawPayload;
    expect(createHash('sha256').update(archive).digest('hex')).toBe(outcome.bundle.sha256);
    const published = await app.inject({ method: 'GET', url: '/.well-known/phishdesk-evidence-key' });
    expect(published.body).toContain('BEGIN PUBLIC KEY');
    const verdict = verifyBundle(archive, published.body);
    expect(verdict).toMatchObject({ valid: true, keySource: 'given' });
    expect(verdict.manifest!.files.map((f) => f.name)).toEqual([
      'screenshot.png',
      'dom.html',
      'har.json',
      'capture.json',
      'fetch-chain.json',
      'request.txt',
    ]);
    expect(verdict.manifest!.files[0]!.sha256).toBe(sha);
    const inside = new Map(readTar(archive).map((e) => [e.name, e.bytes.toString('utf8')]));
    expect(inside.get('request.txt')).toContain(mail.subject);
    expect(inside.get('request.txt')).toContain(link!);
    expect(JSON.parse(inside.get('fetch-chain.json')!).redirects[0].url).toBe('hxxp://bit[.]ly/s/abc');
    const changed = Buffer.from(archive);
    changed[archive.length >> 1] = changed[archive.length >> 1]! ^ 0x20;
    expect(verifyBundle(changed, published.body).valid).toBe(false);
    const stranger = loadOrCreateSigningKey(path.join(dataDir, 'stranger'));
    expect(verifyBundle(archive, stranger.publicKeyPem).valid).toBe(false);
    const listedBundles = await app.inject({
      method: 'GET',
      url: `/api/v1/takedowns/${caseId}/bundles`,
      headers,
    });
    expect(listedBundles.json().bundles).toMatchObject([{ kind: 'request', sha256: outcome.bundle.sha256 }]);
    expect((await app.inject({ method: 'GET', url: `/api/v1/takedowns/${caseId}/bundles` })).statusCode).toBe(
      401,
    );
    const capture = await ctx.capture.get(outcome.captureId);
    expect(capture).toMatchObject({
      screenshot_sha256: sha,
      captured_at: T0 + 30 * 60_000,
      title: 'FakeBank ログイン | 安全',
    });
    const evidence = await app.inject({ method: 'GET', url: `/api/v1/evidence/${sha}`, headers });
    expect(evidence.statusCode).toBe(200);
    expect(evidence.headers['content-type']).toBe('image/png');
    const dom = await app.inject({ method: 'GET', url: `/api/v1/evidence/${capture!.dom_sha256}`, headers });
    expect(dom.headers['content-type']).toBe('application/octet-stream');
    expect(dom.headers['content-disposition']).toMatch(/^attachment/);

    // What an alert prints.
    expect((await ctx.takedowns.statusLine(urlId, 'en')).text).toBe(
      'As of 2026/05/22 10:30 JST the phishing site is live and a takedown has been requested',
    );
    expect(await ctx.takedowns.caseStatus(caseId)).toEqual({
      caseState: 'requested',
      siteState: 'takedown_requested',
      at: T0 + 30 * 60_000,
    });

    // The site goes down; the next scheduled check sees it and the case follows.
    await site.takeDown('404');
    clock.set(T0 + 3 * HOUR);
    await tick();
    // Sessions expire while idle: sign in again after three hours.
    ({ headers } = await signIn(app, ctx, { role: 'analyst' }));
    const detail = await app.inject({ method: 'GET', url: `/api/v1/takedowns/${caseId}`, headers });
    expect(detail.json()).toMatchObject({
      state: 'down',
      downAt: T0 + 3 * HOUR,
      metrics: { reportToRequestMs: 2.5 * HOUR, requestToDownMs: 2.5 * HOUR },
      live: { state: 'down', downSince: T0 + 3 * HOUR },
    });
    expect(detail.json().events.map((e: { kind: string; toState: string }) => [e.kind, e.toState])).toEqual([
      ['opened', 'open'],
      ['request_sent', 'requested'],
      ['liveness', 'down'],
    ]);
    expect((await ctx.takedowns.statusLine(urlId, 'ja')).text).toBe(
      '2026/05/22 13:00 時点でフィッシングサイトの停止を確認しています',
    );
    const metrics = await app.inject({ method: 'GET', url: '/api/v1/takedowns/metrics', headers });
    expect(metrics.json()).toMatchObject({
      medianReportToRequestMs: 2.5 * HOUR,
      medianRequestToDownMs: 2.5 * HOUR,
      byState: { down: 1 },
    });
    const escalate = await app.inject({
      method: 'POST',
      url: `/api/v1/takedowns/${caseId}/escalate`,
      headers,
      payload: {},
    });
    expect(escalate.statusCode).toBe(409);
    expect(escalate.json().error.code).toBe('takedown.invalid_transition');

    // A request is never sent for a site that is already down: the re-check moves the case instead.
    const other = await seedConfirmedUrl(db, 'http://www.phish.test/login', T0);
    const second = (
      await app.inject({ method: 'POST', url: '/api/v1/takedowns', headers, payload: { urlId: other } })
    ).json();
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/takedowns/${second.id}/request`,
      headers,
      payload: {},
    });
    expect(refused.json()).toMatchObject({ sent: false, reason: 'site_down', case: { state: 'down' } });
    expect(smtp.mails).toHaveLength(1);

    const audit = await ctx.audit.list({ entity: 'takedown_case', entityId: caseId });
    expect(audit.map((a) => a.action).sort()).toEqual(['takedown.open', 'takedown.requested']);
    site.bringBack();
  });

  it('escalates a live site to the registrar, records acknowledgement and closes; domain cases cover the domain', async () => {
    clock.set(T0 + 10 * HOUR);
    site.bringBack();
    let { headers } = await signIn(app, ctx, { role: 'admin' });
    const urlId = await seedConfirmedUrl(db, 'http://login.phish.test/login', T0 + 9 * HOUR);
    const opened = await app.inject({
      method: 'POST',
      url: '/api/v1/takedowns',
      headers,
      payload: { urlId, scope: 'domain' },
    });
    expect(opened.json()).toMatchObject({ scope: 'domain', targetDomain: 'phish.test' });
    const caseId = opened.json().id as number;
    // Another URL of the same registrable domain is covered by the open domain case.
    const sibling = await seedConfirmedUrl(db, 'http://www.phish.test/other', T0 + 9 * HOUR);
    const dup = await app.inject({
      method: 'POST',
      url: '/api/v1/takedowns',
      headers,
      payload: { urlId: sibling, scope: 'domain' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain(`case ${caseId}`);

    const ack = await app.inject({
      method: 'POST',
      url: `/api/v1/takedowns/${caseId}/transition`,
      headers,
      payload: { to: 'acknowledged' },
    });
    expect(ack.statusCode).toBe(409);
    const mailsBefore = smtp.mails.length;
    const first = await app.inject({
      method: 'POST',
      url: `/api/v1/takedowns/${caseId}/request`,
      headers,
      payload: { to: ['soc@hosting.example'], lang: 'en' },
    });
    expect(first.json()).toMatchObject({ sent: true, to: ['soc@hosting.example'] });
    expect(smtp.mails[mailsBefore]!.subject).toBe(
      `Phishing site takedown request: login[.]phish[.]test (case ${caseId})`,
    );
    expect(smtp.mails[mailsBefore]!.text).toContain(
      'The page asks for: ご契約番号, ログインパスワード, カード番号',
    );
    const acknowledged = await app.inject({
      method: 'POST',
      url: `/api/v1/takedowns/${caseId}/transition`,
      headers,
      payload: { to: 'acknowledged', reason: 'ticket #123' },
    });
    expect(acknowledged.json()).toMatchObject({ state: 'acknowledged', acknowledgedAt: T0 + 10 * HOUR });

    clock.set(T0 + 30 * HOUR);
    ({ headers } = await signIn(app, ctx, { role: 'admin' }));
    const escalated = await app.inject({
      method: 'POST',
      url: `/api/v1/takedowns/${caseId}/escalate`,
      headers,
      payload: {},
    });
    expect(escalated.statusCode, escalated.body).toBe(200);
    expect(escalated.json()).toMatchObject({
      sent: true,
      to: ['abuse@registrar.example'],
      case: { state: 'escalated' },
    });
    const mail = smtp.mails[mailsBefore + 1]!;
    // Registrar outside .jp: English; the escalation names the first request's time.
    expect(mail.subject).toBe(
      `Second request: phishing site takedown: login[.]phish[.]test (case ${caseId})`,
    );
    expect(mail.text).toContain('which we reported to you on 2026/05/22 20:00');
    expect(mail.headers.cc).toBe('abuse@hosting.example.jp');
    expect(mail.attachments[0]?.contentType).toBe('image/png');
    expect((await ctx.takedowns.caseStatus(caseId))?.siteState).toBe('escalated');

    const closed = await app.inject({
      method: 'POST',
      url: `/api/v1/takedowns/${caseId}/transition`,
      headers,
      payload: { to: 'closed', reason: 'not actionable: parked page' },
    });
    expect(closed.json()).toMatchObject({ state: 'closed', closeReason: 'not actionable: parked page' });
    expect(await ctx.takedowns.caseStatus(caseId)).toBeNull();
    const list = await app.inject({ method: 'GET', url: '/api/v1/takedowns?state=closed', headers });
    expect(list.json().cases.map((c: { id: number }) => c.id)).toEqual([caseId]);
    const checks = await app.inject({ method: 'GET', url: `/api/v1/urls/${urlId}/liveness`, headers });
    expect(checks.json().checks.map((c: { result: string }) => c.result)).toEqual(['live', 'live']);
    expect(checks.json()).toMatchObject({ urlId, status: { state: 'live', checks: 2 } });
    expect(checks.json().checks[0].at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
  });

  it('pursues a smishing page that shows its form to phones only, with the mobile capture as evidence', async () => {
    clock.set(T0 + 40 * HOUR);
    site.bringBack();
    const { headers } = await signIn(app, ctx, { role: 'analyst' });
    const urlId = await seedConfirmedUrl(db, 'http://login.phish.test/sms-only', T0 + 39 * HOUR);
    const caseId = (
      await app.inject({ method: 'POST', url: '/api/v1/takedowns', headers, payload: { urlId } })
    ).json().id as number;
    const before = smtp.mails.length;
    const sent = await app.inject({
      method: 'POST',
      url: `/api/v1/takedowns/${caseId}/request`,
      headers,
      payload: {},
    });
    expect(sent.json()).toMatchObject({ sent: true, case: { state: 'requested' } });
    const mail = smtp.mails[before]!;
    expect(mail.text).toContain('入力を求められる項目: 認証コード');
    const capture = await ctx.capture.get(sent.json().captureId);
    expect(capture).toMatchObject({ variant: 'mobile', title: 'SMS認証' });
    const onDemand = await app.inject({
      method: 'POST',
      url: `/api/v1/urls/${urlId}/capture`,
      headers,
      payload: { mobile: false },
    });
    expect(onDemand.statusCode).toBe(201);
    expect(onDemand.json()).toMatchObject({
      desktop: { httpStatus: 404, variant: 'desktop', urlId },
      mobile: null,
    });
    const listed = await app.inject({ method: 'GET', url: `/api/v1/urls/${urlId}/captures`, headers });
    expect(listed.json().captures.map((c: { variant: string }) => c.variant)).toEqual([
      'desktop',
      'mobile',
      'desktop',
    ]);
    expect(capture?.differences).toEqual(expect.arrayContaining(['title', 'form_fields']));
    const mobile = listed.json().captures[1];
    expect(mobile.screenshotUrl).toMatch(/^\/api\/v1\/evidence\/[0-9a-f]{64}$/);
    expect(mobile.capturedAt).toMatch(/Z$/);
    expect(mobile.formFields.length).toBeGreaterThan(0);
  });

  it('is staff only', async () => {
    const { headers } = await signIn(app, ctx, { role: 'brand', brandIds: [] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/takedowns', headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/takedowns' })).statusCode).toBe(401);
  });
});
