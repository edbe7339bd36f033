import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { DIALECTS, type TestDb } from '../../test/databases.ts';
import type { AppContext } from '../context.ts';
import { fixedClock } from '../lib/clock.ts';
import { startTakedownHarness, type TakedownHarness } from './testing/harness.ts';
import { seedConfirmedUrl } from './testing/seed.ts';
import type { CapturedMail } from './testing/smtp-sink.ts';

const T0 = Date.UTC(2026, 5, 1, 1, 0, 0); // 2026/06/01 10:00 JST
const MIN = 60_000;

type Desk = { id: number; keyKind: string; key: string; channel: string; record: Record<string, unknown> };

describe.each(DIALECTS)('abuse-desk registry on %s', (dialect) => {
  let db: TestDb;
  let smtp: { url: string; mails: CapturedMail[]; close(): Promise<void> };
  let ctx: AppContext;
  let app: FastifyInstance;
  const clock = fixedClock(T0);
  // An address of its own per dialect (port 80: stored URLs have none); a free-hosting service's site too.
  const address = dialect === 'sqlite' ? '127.77.22.1' : '127.77.22.2';

  let harness: TakedownHarness;

  beforeAll(async () => {
    harness = await startTakedownHarness({ dialect, address, clock, extraHosts: ['shop.formhost.test'] });
    ({ db, smtp, ctx, app } = harness);
  });
  afterAll(async () => {
    await harness?.close();
  });

  const post = (url: string, headers: Record<string, string>, payload: object = {}) =>
    app.inject({ method: 'POST', url, headers, payload });
  // Sends capture on the desktop only: the mobile rendering is not what these tests are about.
  const send = (
    caseId: number,
    kind: 'request' | 'escalate',
    headers: Record<string, string>,
    payload = {},
  ) => post(`/api/v1/takedowns/${caseId}/${kind}`, headers, { mobile: false, ...payload });
  const openCase = async (urlId: number, headers: Record<string, string>) =>
    (await post('/api/v1/takedowns', headers, { urlId })).json().id as number;
  const desks = async (headers: Record<string, string>) =>
    (await app.inject({ method: 'GET', url: '/api/v1/takedowns/desks', headers })).json().desks as Desk[];

  it('seeds e-mail desks from RDAP, mails the desk, refuses a second notice about the same URL while a case is open, and still escalates', async () => {
    const { headers } = await signIn(app, ctx, { role: 'analyst' });
    expect(await desks(headers)).toEqual([]);
    // Two reported URLs that end on the same phishing page: a shortener and the page's own start link.
    const short = await seedConfirmedUrl(db, 'http://bit.ly/s/abc', T0 - 60 * MIN);
    const direct = await seedConfirmedUrl(db, 'http://login.phish.test/start', T0 - 30 * MIN);
    const first = await openCase(short, headers);
    const second = await openCase(direct, headers);

    const sent = await send(first, 'request', headers);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ sent: true, to: ['abuse@hosting.example.jp'] });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to.sort()).toEqual(['abuse@hosting.example.jp', 'abuse@registrar.example']);
    expect(smtp.mails[0]!.subject).toContain('フィッシングサイト閉鎖のお願い');

    // RDAP named two abuse contacts with handles: each got an e-mail desk.
    const seeded = await desks(headers);
    expect(seeded).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          keyKind: 'rdap_handle',
          key: 'irt-fakehosting-jp',
          channel: 'email',
          email: 'abuse@hosting.example.jp',
          lang: 'ja',
          source: 'rdap',
          automated: true,
          record: { requests: 1, acknowledged: 0, acted: 0, medianToDownMs: null },
        }),
        expect.objectContaining({
          keyKind: 'rdap_handle',
          key: '9999',
          email: 'abuse@registrar.example',
          lang: 'en',
          record: { requests: 0, acknowledged: 0, acted: 0, medianToDownMs: null },
        }),
      ]),
    );
    expect(seeded).toHaveLength(2);
    const hosting = seeded.find((d) => d.key === 'irt-fakehosting-jp')!;
    const registrar = seeded.find((d) => d.key === '9999')!;
    const detail = (await app.inject({ method: 'GET', url: `/api/v1/takedowns/${first}`, headers })).json();
    expect(detail.events.find((e: { kind: string }) => e.kind === 'request_sent').detail).toMatchObject({
      channel: 'email',
      deskId: hosting.id,
    });
    // The next step of a requested case is the escalation, to the registrar's desk.
    expect(detail.desk).toMatchObject({ id: registrar.id });

    // The other case's request would reach the same desk about the same page: refused, nothing mailed.
    clock.set(T0 + 10 * MIN);
    const dup = await send(second, 'request', headers);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('takedown.duplicate_notice');
    expect(dup.json().error.message).toContain(`case ${first}`);
    expect(dup.json().error.message).toContain('escalate');
    expect(smtp.mails).toHaveLength(1);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/takedowns/${second}`, headers })).json(),
    ).toMatchObject({ state: 'open' });

    // The first case escalates to the registrar's desk.
    clock.set(T0 + 20 * MIN);
    const escalated = await send(first, 'escalate', headers);
    expect(escalated.statusCode, escalated.body).toBe(200);
    expect(escalated.json()).toMatchObject({ sent: true, to: ['abuse@registrar.example'] });
    expect(smtp.mails).toHaveLength(2);

    // An escalation is never refused as a second notice: the second case, asked by hand of other
    // recipients, escalates to the registrar desk that the first (still open) case already escalated to.
    const byHand = await send(second, 'request', headers, { to: ['soc@other.example'] });
    expect(byHand.json()).toMatchObject({ sent: true, to: ['soc@other.example'] });
    clock.set(T0 + 30 * MIN);
    const again = await send(second, 'escalate', headers);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({
      sent: true,
      to: ['abuse@registrar.example'],
      case: { state: 'escalated' },
    });
    expect(smtp.mails).toHaveLength(4);

    // How the hosting desk answered, from the cases themselves.
    await post(`/api/v1/takedowns/${first}/transition`, headers, { to: 'acknowledged' });
    clock.set(T0 + 90 * MIN);
    await post(`/api/v1/takedowns/${first}/transition`, headers, { to: 'down' });
    const record = await app.inject({ method: 'GET', url: `/api/v1/takedowns/desks/${hosting.id}`, headers });
    expect(record.json().record).toEqual({
      requests: 1,
      acknowledged: 1,
      acted: 1,
      medianToDownMs: 90 * MIN,
    });
  });

  it('sends no e-mail to a desk that takes a web form: shows the form and records the analyst filing it', async () => {
    clock.set(T0 + 120 * MIN);
    const { headers } = await signIn(app, ctx, { role: 'analyst' });
    const bad = await post('/api/v1/takedowns/desks', headers, {
      keyKind: 'domain',
      key: 'formhost.test',
      channel: 'web_form',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('takedown.desk_invalid');
    const created = await post('/api/v1/takedowns/desks', headers, {
      keyKind: 'domain',
      key: 'FormHost.test',
      name: 'FormHost 株式会社',
      channel: 'web_form',
      formUrl: 'https://abuse.formhost.example/report',
      lang: 'ja',
      needs: 'URL とスクリーンショットを添付してください',
    });
    expect(created.statusCode, created.body).toBe(201);
    const desk = created.json();
    expect(desk).toMatchObject({
      key: 'formhost.test',
      channel: 'web_form',
      automated: false,
      source: 'manual',
    });
    const taken = await post('/api/v1/takedowns/desks', headers, {
      keyKind: 'domain',
      key: 'formhost.test',
      channel: 'email',
      email: 'abuse@formhost.example',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('takedown.desk_key_taken');

    const urlId = await seedConfirmedUrl(db, 'http://shop.formhost.test/login', T0 + 100 * MIN);
    const caseId = await openCase(urlId, headers);
    const before = smtp.mails.length;
    const asked = await send(caseId, 'request', headers);
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toMatchObject({
      sent: false,
      reason: 'file_by_hand',
      desk: { id: desk.id, formUrl: 'https://abuse.formhost.example/report', needs: desk.needs },
      case: { state: 'open', targetHost: 'shop.formhost.test' },
      // The request as it would have been mailed (in the desk's language), and its signed bundle: what
      // the analyst pastes into and attaches to the form.
      request: { lang: 'ja', subject: expect.stringContaining('shop[.]formhost[.]test') },
      bundle: { url: expect.stringContaining('/api/v1/evidence-bundles/') },
    });
    expect(asked.json().request.text).toContain('hxxp://shop[.]formhost[.]test/login');
    expect(smtp.mails).toHaveLength(before);
    const shown = (await app.inject({ method: 'GET', url: `/api/v1/takedowns/${caseId}`, headers })).json();
    expect(shown.desk).toMatchObject({
      channel: 'web_form',
      formUrl: 'https://abuse.formhost.example/report',
    });

    clock.set(T0 + 130 * MIN);
    const filed = await post(`/api/v1/takedowns/${caseId}/filed`, headers, { reference: 'TKT-42' });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json()).toMatchObject({ state: 'requested', requestedAt: T0 + 130 * MIN });
    const events = (await app.inject({ method: 'GET', url: `/api/v1/takedowns/${caseId}`, headers })).json()
      .events as { kind: string; detail: Record<string, unknown> }[];
    expect(events.map((e) => e.kind)).toEqual(['opened', 'request_sent']);
    expect(events[1]!.detail).toMatchObject({
      channel: 'web_form',
      deskId: desk.id,
      formUrl: 'https://abuse.formhost.example/report',
      reference: 'TKT-42',
    });
    expect(smtp.mails).toHaveLength(before);
    expect((await post(`/api/v1/takedowns/${caseId}/filed`, headers)).statusCode).toBe(409);
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/takedowns/desks/${desk.id}`, headers })).json().record,
    ).toMatchObject({ requests: 1, acted: 0 });

    // An e-mail desk's case is not marked filed by hand.
    const mailCase = await openCase(await seedConfirmedUrl(db, 'http://www.phish.test/login', T0), headers);
    await send(mailCase, 'request', headers, { to: ['soc@other.example'] });
    const notForm = await post(`/api/v1/takedowns/${mailCase}/filed`, headers, { kind: 'escalation' });
    expect(notForm.statusCode).toBe(409);
    expect(notForm.json().error.code).toBe('takedown.not_filed_by_hand');
  }, 90_000);

  it('edits a desk through the staff API, audited', async () => {
    const { headers } = await signIn(app, ctx, { role: 'admin' });
    const hosting = (await desks(headers)).find((d) => d.key === 'irt-fakehosting-jp')!;
    const url = `/api/v1/takedowns/desks/${hosting.id}`;
    const noForm = await app.inject({ method: 'PATCH', url, headers, payload: { channel: 'web_form' } });
    expect(noForm.statusCode).toBe(422);
    const edited = await app.inject({
      method: 'PATCH',
      url,
      headers,
      payload: { needs: '件名に案件番号を入れてください', lang: 'en' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      needs: '件名に案件番号を入れてください',
      lang: 'en',
      channel: 'email',
    });
    const audit = await ctx.audit.list({ entity: 'abuse_desk', entityId: hosting.id });
    expect(audit.map((a) => a.action)).toEqual(['takedown_desk.update']);
    const brand = await signIn(app, ctx, { role: 'brand', brandIds: [] });
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/takedowns/desks', headers: brand.headers }))
        .statusCode,
    ).toBe(403);
    expect((await app.inject({ method: 'PATCH', url, payload: { lang: 'ja' } })).statusCode).toBe(401);
  });
});
