import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApiKey, signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import { listedExpression } from '../sharing/sync.ts';
import { seedReportedUrl } from '../sharing/testing/seed.ts';
import { canonicalizeUrl, sha256Hex } from '../urls/index.ts';

const HOUR = 3_600_000;
const prefixOf = (url: string) => sha256Hex(listedExpression(canonicalizeUrl(url))).slice(0, 8);

/**
 * Appeals end to end over HTTP: the public files one, staff see it with its deadline and decide it; an
 * upheld appeal takes every URL of the domain out of the CSV feed, TAXII and the hash list in one step.
 */
describe.each(DIALECTS)('appeals on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let analyst: Record<string, string>;
  let partner: Record<string, string>;
  let partnerKey: string;
  const appealed = ['https://repaired.example/login', 'https://shop.repaired.example/pay?x=1'];
  const kept = ['https://still-phishing.example/login'];
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    ctx = await createTestContext(dialect, { APPEAL_DEADLINE_HOURS: '48' });
    app = await buildServer(ctx);
    for (const url of [...appealed, ...kept])
      ids[url] = await seedReportedUrl(ctx.db, { url, confirm: true, at: Date.UTC(2026, 4, 1) });
    analyst = (await signIn(app, ctx, { role: 'analyst' })).headers;
    const key = await createTestApiKey(ctx, { role: 'partner', tlp: 'green' });
    partner = key.headers;
    partnerKey = key.key;
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const appeal = (body: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/v1/appeals', payload: body });
  const staffGet = (url: string) => app.inject({ method: 'GET', url, headers: analyst });
  const decide = (id: number, body: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/v1/appeals/${id}/decision`, headers: analyst, payload: body });
  const csvFeed = async () =>
    (await app.inject({ method: 'GET', url: '/api/v1/feeds/urls.csv', headers: partner })).body;
  const hashList = async (version?: number) =>
    (
      await app.inject({ method: 'GET', url: `/api/v1/hash-list${version ? `?version=${version}` : ''}` })
    ).json() as { version: number; full: boolean; additions: string[]; removals: string[] };
  const taxiiObjects = async () => {
    const authorization = `Basic ${Buffer.from(`p:${partnerKey}`).toString('base64')}`;
    const accept = 'application/taxii+json;version=2.1';
    const cols = (
      await app.inject({ method: 'GET', url: '/taxii2/api/collections/', headers: { authorization, accept } })
    ).json() as { collections: { id: string; title: string }[] };
    const clear = cols.collections.find((c) => c.title.endsWith('CLEAR'))!;
    const res = await app.inject({
      method: 'GET',
      url: `/taxii2/api/collections/${clear.id}/objects/`,
      headers: { authorization, accept },
    });
    return ((res.json() as { objects?: Record<string, unknown>[] }).objects ?? []).filter(
      (o) => o.type === 'indicator',
    );
  };
  const activeIndicatorFor = (objects: Record<string, unknown>[], host: string) =>
    objects.some((o) => String(o.pattern).includes(host) && o.revoked !== true);

  it('refuses bad input with catalogued 4xx codes', async () => {
    const good = { target: 'repaired.example', contactEmail: 'owner@repaired.example', statement: 'mine' };
    for (const [body, status, code] of [
      [{ ...good, contactEmail: 'not-an-address' }, 400, 'request.invalid'],
      [{ ...good, statement: '   ' }, 400, 'request.invalid'],
      [{ ...good, target: '' }, 400, 'request.invalid'],
      [{ ...good, extra: 1 }, 400, 'request.invalid'],
      [{ ...good, target: 'co.jp' }, 422, 'appeal.invalid_target'],
      [{ ...good, target: 'http://' }, 422, 'appeal.invalid_target'],
    ] as const) {
      const res = await appeal(body);
      expect({ body, status: res.statusCode, code: res.json().error?.code }).toEqual({ body, status, code });
    }
    expect((await staffGet('/api/v1/appeals')).json().items).toEqual([]);
  });

  it('staff routes need staff', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/appeals' })).statusCode).toBe(401);
    const res = await app.inject({ method: 'GET', url: '/api/v1/appeals', headers: partner });
    expect(res.statusCode).toBe(403);
  });

  it('a rejected appeal changes nothing; a decided appeal cannot be decided again', async () => {
    const res = await appeal({
      target: 'hxxps://still-phishing[.]example/',
      contactEmail: 'someone@example.test',
      statement: 'this is clean now',
    });
    expect(res.statusCode).toBe(201);
    const { id } = res.json();
    const before = await hashList();
    expect((await staffGet(`/api/v1/appeals/${id}`)).json()).toMatchObject({
      target: { kind: 'domain', value: 'still-phishing.example' },
      listedTotal: 1,
    });
    const decided = await decide(id, { outcome: 'rejected', reason: 'still serves the kit' });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'rejected', removedUrlIds: [] });
    expect((await hashList()).version).toBe(before.version);
    expect(await csvFeed()).toContain('still-phishing.example');
    const again = await decide(id, { outcome: 'upheld', reason: 'changed my mind' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('appeal.already_decided');
    expect(await csvFeed()).toContain('still-phishing.example');
    const audit = await ctx.audit.list({ entity: 'appeal', entityId: id });
    expect(audit.map((a) => [a.action, (a.after as { status: string }).status])).toEqual([
      ['appeal.decision', 'rejected'],
    ]);
  });

  it('an upheld appeal removes the domain from the CSV feed, TAXII and the hash list in one step', async () => {
    const res = await appeal({
      target: 'repaired.example',
      contactEmail: 'owner@repaired.example',
      statement: 'This is our shop; the plugin is patched.',
      lang: 'en',
    });
    expect(res.statusCode).toBe(201);
    const receipt = res.json();
    expect(receipt).toMatchObject({ status: 'open', publiclyListed: true });
    expect(Date.parse(receipt.deadline) - Date.parse(receipt.receivedAt)).toBe(48 * HOUR);

    const list = (await staffGet('/api/v1/appeals?status=open')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      id: receipt.id,
      deadline: receipt.deadline,
      overdue: false,
      matchedAtReceipt: 2,
      contactEmail: 'owner@repaired.example',
    });
    const detail = (await staffGet(`/api/v1/appeals/${receipt.id}`)).json();
    expect(detail.listed.map((l: { urlId: number }) => l.urlId).sort()).toEqual(
      appealed.map((u) => ids[u]).sort(),
    );

    const feedBefore = await csvFeed();
    for (const u of appealed) expect(feedBefore).toContain(new URL(u).host);
    const taxiiBefore = await taxiiObjects();
    expect(activeIndicatorFor(taxiiBefore, 'repaired.example')).toBe(true);
    const before = await hashList();
    for (const u of appealed) expect(before.additions).toContain(prefixOf(u));

    ctx.clock.advance(49 * HOUR);
    // Past the deadline, and past the session's lifetime: sign in again.
    analyst = (await signIn(app, ctx, { role: 'analyst' })).headers;
    expect((await staffGet('/api/v1/appeals?status=open')).json().items[0].overdue).toBe(true);

    const decided = await decide(receipt.id, { outcome: 'upheld', reason: 'owner verified, site clean' });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'upheld', decisionReason: 'owner verified, site clean' });
    expect([...decided.json().removedUrlIds].sort()).toEqual(appealed.map((u) => ids[u]).sort());

    const feed = await csvFeed();
    expect(feed).not.toContain('repaired.example');
    expect(feed).toContain('still-phishing.example');
    const taxii = await taxiiObjects();
    expect(activeIndicatorFor(taxii, 'repaired.example')).toBe(false);
    expect(activeIndicatorFor(taxii, 'still-phishing.example')).toBe(true);

    // One step: one new hash-list version, whose diff lists every URL of the domain as removed.
    const diff = await hashList(before.version);
    expect(diff.version).toBe(before.version + 1);
    expect(diff.full).toBe(false);
    expect(diff.additions).toEqual([]);
    expect([...diff.removals].sort()).toEqual(appealed.map(prefixOf).sort());
    const full = await hashList();
    for (const u of appealed) expect(full.additions).not.toContain(prefixOf(u));
    expect(full.additions).toContain(prefixOf(kept[0]!));

    const checkPage = await app.inject({ method: 'GET', url: `/check?url=${encodeURIComponent(kept[0]!)}` });
    expect(checkPage.body).toContain('href="/appeal?lang=ja"');
    const check = await app.inject({
      method: 'GET',
      url: `/api/v1/check?url=${encodeURIComponent(appealed[0]!)}`,
    });
    expect(check.json().verdict).toBe('unknown');

    // The URL's history shows the appeal as the reason; the decision is audited.
    const history = await staffGet(`/api/v1/urls/${ids[appealed[0]!]}/history`);
    const verdicts = (history.json().items ?? history.json()) as {
      kind: string;
      to: string;
      reason: string;
    }[];
    expect(verdicts.find((h) => h.kind === 'verdict' && h.to === 'benign')?.reason).toBe(
      `appeal #${receipt.id} upheld: owner verified, site clean`,
    );
    const audit = await ctx.audit.list({ entity: 'appeal', entityId: receipt.id });
    expect(audit[0]).toMatchObject({ action: 'appeal.decision', after: { status: 'upheld', removed: 2 } });
    expect((await staffGet(`/api/v1/appeals/${receipt.id}`)).json()).toMatchObject({
      status: 'upheld',
      overdue: false,
    });
  });

  it('an appeal on something phishdesk does not list is stored, answered and visible to staff', async () => {
    const res = await appeal({
      target: 'https://never-listed.example/some/page',
      contactEmail: 'x@never-listed.example',
      statement: 'why am I blocked?',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().publiclyListed).toBe(false);
    const detail = (await staffGet(`/api/v1/appeals/${res.json().id}`)).json();
    expect(detail).toMatchObject({
      status: 'open',
      matchedAtReceipt: 0,
      listedTotal: 0,
      target: { kind: 'url', value: 'https://never-listed.example/some/page' },
    });
    const open = (await staffGet('/api/v1/appeals?status=open')).json().items;
    expect(open.map((a: { id: number }) => a.id)).toContain(res.json().id);
  });

  it('the public form: Japanese by default, hostile input escaped, the target defanged', async () => {
    const page = await app.inject({ method: 'GET', url: '/appeal' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('掲載への異議申立て');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await app.inject({ method: 'GET', url: '/appeal?lang=en' })).body).toContain('Appeal a listing');

    const form = (fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/appeal',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    const bad = await form({
      target: 'x.example',
      contact_email: 'nope',
      statement: '<script>alert(1)</script>',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toContain('<script>alert(1)');
    expect(bad.body).toContain('&lt;script&gt;');

    const ok = await form({
      target: 'https://still-phishing.example/login',
      contact_email: 'me@example.test',
      statement: '<img src=x onerror=alert(1)>',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.body).toContain('受付番号');
    expect(ok.body).toContain('hxxps://still-phishing[.]example/login');
    expect(ok.body).not.toContain('https://still-phishing.example');
    expect(ok.body).not.toContain('<img');
  });
});
