import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApiKey, logIn, signIn, TEST_PASSWORD } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';

type Json = Record<string, unknown>;

describe.each(DIALECTS)('admin API: users, organisations, API keys, audit log on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let admin: { userId: number; headers: Record<string, string> };
  let brandIds: number[];
  beforeAll(async () => {
    ctx = await createTestContext(dialect, { RATE_LIMIT_PER_MINUTE: '1000' });
    app = await buildServer(ctx);
    admin = await signIn(app, ctx, { role: 'admin' });
    brandIds = (await ctx.db.kysely.selectFrom('brands').select('id').orderBy('id').limit(3).execute()).map(
      (b) => b.id,
    );
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    headers: Record<string, string>,
    payload?: Json,
  ) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const lastAudit = async (entity: string, entityId: number | string) =>
    (
      (
        await call('GET', `/api/v1/admin/audit?entity=${entity}&entityId=${entityId}`, admin.headers)
      ).json() as {
        entries: Json[];
      }
    ).entries;

  it('creates a brand organisation and a user in it, who signs in and sees only its brands; both audited', async () => {
    const org = await call('POST', '/api/v1/admin/organisations', admin.headers, {
      name: 'Example Bank',
      kind: 'brand',
      brandIds: [brandIds[0]!],
    });
    expect(org.statusCode).toBe(201);
    const orgId = (org.json() as { id: number }).id;
    const created = await call('POST', '/api/v1/admin/users', admin.headers, {
      email: 'Owner@Bank.Example',
      displayName: 'Bank owner',
      role: 'brand',
      password: 'a long enough password',
      organisationId: orgId,
    });
    expect(created.statusCode).toBe(201);
    const user = created.json() as { id: number; email: string };
    expect(user.email).toBe('owner@bank.example');
    expect(JSON.stringify(created.json())).not.toMatch(/scrypt|password/);

    const headers = await logIn(app, 'owner@bank.example', 'a long enough password');
    const me = (await call('GET', '/api/v1/auth/me', headers)).json() as { user: { brandIds: number[] } };
    expect(me.user.brandIds).toEqual([brandIds[0]]);

    const [userEntry] = await lastAudit('user', user.id);
    expect(userEntry).toMatchObject({ action: 'user.create', actorUserId: admin.userId, before: null });
    expect(userEntry!.after).toMatchObject({ email: 'owner@bank.example', role: 'brand' });
    expect(JSON.stringify(userEntry)).not.toMatch(/scrypt|a long enough password/);
    expect(typeof userEntry!.requestId).toBe('string');

    const patched = await call('PATCH', `/api/v1/admin/organisations/${orgId}`, admin.headers, {
      brandIds: [brandIds[1]!, brandIds[2]!],
    });
    expect(patched.json()).toMatchObject({ brandIds: [brandIds[1], brandIds[2]] });
    const [orgEntry] = await lastAudit('organisation', orgId);
    expect(orgEntry).toMatchObject({
      action: 'organisation.update',
      before: { brandIds: [brandIds[0]] },
      after: { brandIds: [brandIds[1], brandIds[2]] },
    });
    // The organisation's users see the new brands from their next request on.
    const again = (await call('GET', '/api/v1/auth/me', headers)).json() as { user: { brandIds: number[] } };
    expect(again.user.brandIds).toEqual([brandIds[1], brandIds[2]]);
  });

  it('changes a role and disables a user: sessions end, the audit log has before and after', async () => {
    const analyst = await signIn(app, ctx, { role: 'analyst' });
    const res = await call('PATCH', `/api/v1/admin/users/${analyst.userId}`, admin.headers, {
      role: 'admin',
    });
    expect(res.statusCode).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', analyst.headers)).statusCode).toBe(401);
    const [entry] = await lastAudit('user', analyst.userId);
    expect(entry).toMatchObject({
      action: 'user.update',
      before: { role: 'analyst' },
      after: { role: 'admin' },
    });

    const off = await call('PATCH', `/api/v1/admin/users/${analyst.userId}`, admin.headers, {
      disabled: true,
    });
    expect(off.json()).toMatchObject({ disabled: true });
    const [disabled] = await lastAudit('user', analyst.userId);
    expect(disabled).toMatchObject({ before: { disabled: false }, after: { disabled: true } });

    const reset = await call('PATCH', `/api/v1/admin/users/${analyst.userId}`, admin.headers, {
      disabled: false,
      password: 'another long password',
    });
    expect(reset.statusCode).toBe(200);
    const [pw] = await lastAudit('user', analyst.userId);
    expect(pw!.after).toMatchObject({ passwordChanged: true });
    expect(JSON.stringify(pw)).not.toMatch(/scrypt|another long password/);
  });

  it('unlocks a locked user; the audit log shows the lock lifted', async () => {
    const { userId } = await signIn(app, ctx, { role: 'analyst', email: 'locked@example.test' });
    for (let i = 0; i < 5; i++)
      await expect(logIn(app, 'locked@example.test', 'wrong password!')).rejects.toThrow(/401/);
    await expect(logIn(app, 'locked@example.test', TEST_PASSWORD)).rejects.toThrow(/429/);
    const res = await call('PATCH', `/api/v1/admin/users/${userId}`, admin.headers, { unlock: true });
    expect(res.json()).toMatchObject({ lockedUntil: null });
    const [entry] = await lastAudit('user', userId);
    expect(entry).toMatchObject({ action: 'user.update', after: { id: userId, lockedUntil: null } });
    expect((entry!.before as { lockedUntil: number }).lockedUntil).toBeGreaterThan(ctx.clock.now());
    await expect(logIn(app, 'locked@example.test', TEST_PASSWORD)).resolves.toHaveProperty('cookie');
  });

  it('refuses to demote or disable the last active admin', async () => {
    const ctx2 = await createTestContext(dialect);
    try {
      const only = await ctx2.accounts.createUser({
        email: 'root@example.test',
        displayName: 'root',
        role: 'admin',
        password: TEST_PASSWORD,
      });
      await expect(ctx2.accounts.updateUser(only.id, { disabled: true })).rejects.toMatchObject({
        code: 'conflict',
      });
      await expect(ctx2.accounts.updateUser(only.id, { role: 'analyst' })).rejects.toMatchObject({
        code: 'conflict',
      });
    } finally {
      await ctx2.close();
    }
  });

  it('API keys: the key is shown once, lists carry no secret, revocation is audited and effective', async () => {
    const org = (
      await call('POST', '/api/v1/admin/organisations', admin.headers, {
        name: 'CERT partner',
        kind: 'partner',
      })
    ).json() as { id: number };
    const created = await call('POST', '/api/v1/admin/api-keys', admin.headers, {
      role: 'partner',
      tlp: 'amber',
      organisationId: org.id,
      label: 'feed pull',
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const { key, apiKey } = created.json() as { key: string; apiKey: { id: number; prefix: string } };
    expect(key.startsWith(apiKey.prefix)).toBe(true);

    const list = await call('GET', `/api/v1/admin/api-keys?organisationId=${org.id}`, admin.headers);
    expect(list.json()).toMatchObject({
      apiKeys: [{ id: apiKey.id, label: 'feed pull', tlpClearance: 'amber' }],
    });
    expect(list.body).not.toContain(key);
    const [createEntry] = await lastAudit('api_key', apiKey.id);
    expect(createEntry).toMatchObject({ action: 'api_key.create', after: { prefix: apiKey.prefix } });
    expect(JSON.stringify(createEntry)).not.toContain(key);

    const bearer = { authorization: `Bearer ${key}` };
    expect((await call('GET', '/api/v1/auth/me', bearer)).json()).toMatchObject({
      user: { role: 'partner', tlpClearance: 'amber', organisationId: org.id },
    });
    const revoked = await call('POST', `/api/v1/admin/api-keys/${apiKey.id}/revoke`, admin.headers);
    expect(revoked.json()).toMatchObject({ revokedAt: ctx.clock.now() });
    expect((await call('GET', '/api/v1/auth/me', bearer)).statusCode).toBe(401);
    const [revokeEntry] = await lastAudit('api_key', apiKey.id);
    expect(revokeEntry).toMatchObject({ action: 'api_key.revoke', before: { revokedAt: null } });
    expect(
      (await call('GET', `/api/v1/admin/api-keys?organisationId=${org.id}`, admin.headers)).json(),
    ).toEqual({
      apiKeys: [],
    });
  });

  it('only admins reach the admin API: analysts, brand users, partners and keys get 403, strangers 401', async () => {
    const analyst = await signIn(app, ctx, { role: 'analyst' });
    const brand = await signIn(app, ctx, { role: 'brand', brandIds: [brandIds[0]!] });
    const partner = await signIn(app, ctx, { role: 'partner' });
    const brandKey = await createTestApiKey(ctx, { role: 'brand', tlp: 'red', brandIds: [brandIds[0]!] });
    const routes: [method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Json][] = [
      ['GET', '/api/v1/admin/users'],
      ['GET', `/api/v1/admin/users/${admin.userId}`],
      [
        'POST',
        '/api/v1/admin/users',
        { email: 'x@y.z', displayName: 'x', role: 'admin', password: 'x'.repeat(12) },
      ],
      ['PATCH', `/api/v1/admin/users/${analyst.userId}`, { role: 'admin' }],
      ['GET', '/api/v1/admin/organisations'],
      ['POST', '/api/v1/admin/organisations', { name: 'mine', kind: 'brand', brandIds }],
      ['PATCH', `/api/v1/admin/organisations/${brand.organisationId}`, { brandIds }],
      ['GET', '/api/v1/admin/api-keys'],
      ['POST', '/api/v1/admin/api-keys', { role: 'partner', tlp: 'red', organisationId: 1, label: 'x' }],
      ['POST', `/api/v1/admin/api-keys/${brandKey.apiKeyId}/revoke`],
      ['GET', '/api/v1/admin/audit'],
    ];
    const auditBefore = (await ctx.audit.list({ limit: 1 }))[0]!.id;
    for (const [method, url, payload] of routes) {
      for (const who of [analyst.headers, brand.headers, partner.headers, brandKey.headers]) {
        const res = await call(method, url, who, payload);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect((res.json() as { error: { code: string } }).error.code).toBe('auth.forbidden');
      }
      expect((await call(method, url, {}, payload)).statusCode, `${method} ${url}`).toBe(401);
    }
    // Nothing changed, nothing was written.
    expect((await ctx.audit.list({ limit: 1 }))[0]!.id).toBe(auditBefore);
    expect((await ctx.accounts.getUser(analyst.userId)).role).toBe('analyst');
  });

  it('a cookie write without its CSRF token is refused with 403 auth.csrf and changes nothing', async () => {
    const target = await signIn(app, ctx, { role: 'analyst' });
    for (const csrf of [undefined, 'wrong-token', `${admin.headers['x-csrf-token']}x`]) {
      const headers: Record<string, string> = { cookie: admin.headers.cookie! };
      if (csrf) headers['x-csrf-token'] = csrf;
      const res = await call('PATCH', `/api/v1/admin/users/${target.userId}`, headers, { role: 'admin' });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'auth.csrf' } });
    }
    // Another session's token does not fit this session.
    const other = await signIn(app, ctx, { role: 'admin' });
    const crossed = await call(
      'PATCH',
      `/api/v1/admin/users/${target.userId}`,
      { cookie: admin.headers.cookie!, 'x-csrf-token': other.headers['x-csrf-token']! },
      { role: 'admin' },
    );
    expect(crossed.statusCode).toBe(403);
    expect((await ctx.accounts.getUser(target.userId)).role).toBe('analyst');
    // Reads need no token.
    expect((await call('GET', '/api/v1/admin/users', { cookie: admin.headers.cookie! })).statusCode).toBe(
      200,
    );
  });

  it('filters the audit log by actor, action and time, and pages by id', async () => {
    const mine = await call(
      'GET',
      `/api/v1/admin/audit?actorUserId=${admin.userId}&action=user.create`,
      admin.headers,
    );
    const entries = (mine.json() as { entries: { id: number; action: string; actorUserId: number }[] })
      .entries;
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e).toMatchObject({ action: 'user.create', actorUserId: admin.userId });
    const all = (await ctx.audit.list({ limit: 1000 })).map((e) => e.id);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    const page = (
      (await call('GET', `/api/v1/admin/audit?beforeId=${all[0]}&limit=2`, admin.headers)).json() as {
        entries: { id: number }[];
      }
    ).entries.map((e) => e.id);
    expect(page).toEqual(all.slice(1, 3));
    const future = await call('GET', `/api/v1/admin/audit?from=${ctx.clock.now() + 1}`, admin.headers);
    expect(future.json()).toEqual({ entries: [] });
    expect((await call('GET', '/api/v1/admin/audit?bogus=1', admin.headers)).statusCode).toBe(400);
  });
});
