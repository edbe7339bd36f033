import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApiKey, logIn, sessionCookieOf, signIn, TEST_PASSWORD } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import { LOCK_AFTER_FAILURES } from './accounts.service.ts';
import { SESSION_IDLE_MS, SESSION_TTL_MS } from './credentials.ts';

describe.each(DIALECTS)('sign-in, sessions, CSRF and API keys over HTTP on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext(dialect, { RATE_LIMIT_PER_MINUTE: '1000' });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const me = (headers: Record<string, string>) =>
    app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });

  it('signs in with a cookie that is HttpOnly, SameSite=Lax, Path=/, and stores only the token hash', async () => {
    await ctx.accounts.createUser({
      email: 'Analyst@Example.test',
      displayName: 'Ana',
      role: 'analyst',
      password: TEST_PASSWORD,
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ' analyst@example.TEST', password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^pd_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure'); // http://localhost base URL
    const body = res.json() as {
      user: { role: string; email: string; tlpClearance: string };
      csrfToken: string;
    };
    expect(body.user).toMatchObject({ role: 'analyst', email: 'analyst@example.test', tlpClearance: 'red' });
    const token = sessionCookieOf(res.headers['set-cookie'])!.slice('pd_session='.length);
    const rows = await ctx.db.kysely.selectFrom('sessions').selectAll().execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    expect(rows.some((r) => r.csrf_token === body.csrfToken)).toBe(true);

    const who = await me({ cookie: `pd_session=${token}` });
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ user: { displayName: 'Ana' }, csrfToken: body.csrfToken });
  });

  it('answers 401 when signed out, and a wrong password or unknown e-mail with the same error', async () => {
    expect((await me({})).statusCode).toBe(401);
    expect((await me({ cookie: 'pd_session=not-a-session' })).statusCode).toBe(401);
    await ctx.accounts.createUser({
      email: 'known@example.test',
      displayName: 'K',
      role: 'analyst',
      password: TEST_PASSWORD,
    });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'known@example.test', password: 'wrong password!!' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.test', password: 'wrong password!!' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: string) => {
      const e = (JSON.parse(b) as { error: { code: string; message: string } }).error;
      return { code: e.code, message: e.message };
    };
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(strip(wrong.body).code).toBe('auth.invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('locks an account after repeated failures, even against the right password, and unknown e-mails alike', async () => {
    await ctx.accounts.createUser({
      email: 'lock@example.test',
      displayName: 'L',
      role: 'analyst',
      password: TEST_PASSWORD,
    });
    const attempt = (email: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) {
      expect((await attempt('lock@example.test', 'bad password 123')).statusCode).toBe(401);
      expect((await attempt('ghost@example.test', 'bad password 123')).statusCode).toBe(401);
    }
    const locked = await attempt('lock@example.test', TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: { code: 'auth.locked' } });
    expect((await attempt('ghost@example.test', TEST_PASSWORD)).json()).toMatchObject({
      error: { code: 'auth.locked' },
    });
    ctx.clock.advance(61_000);
    expect((await attempt('lock@example.test', TEST_PASSWORD)).statusCode).toBe(200);
    const row = await ctx.db.kysely
      .selectFrom('users')
      .select(['failed_logins', 'locked_until'])
      .where('email', '=', 'lock@example.test')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
    const locks = await ctx.audit.list({ action: 'user.lock' });
    expect(locks).toHaveLength(1);
    expect(locks[0]!.after).toMatchObject({ failedLogins: LOCK_AFTER_FAILURES });
  });

  it('counts parallel wrong passwords before their hashes are checked: no more guesses than the lock allows', async () => {
    await ctx.accounts.createUser({
      email: 'race@example.test',
      displayName: 'R',
      role: 'analyst',
      password: TEST_PASSWORD,
    });
    const tries = 4 * LOCK_AFTER_FAILURES;
    const answers = await Promise.all(
      Array.from({ length: tries }, (_, i) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'race@example.test', password: `wrong guess ${i}` },
        }),
      ),
    );
    const codes = answers.map((a) => (a.json() as { error: { code: string } }).error.code);
    // Every guess past the threshold met the lock instead of reaching the password check.
    expect(codes.filter((c) => c === 'auth.invalid_credentials')).toHaveLength(LOCK_AFTER_FAILURES);
    expect(codes.filter((c) => c === 'auth.locked')).toHaveLength(tries - LOCK_AFTER_FAILURES);
    const right = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'race@example.test', password: TEST_PASSWORD },
    });
    expect(right.json()).toMatchObject({ error: { code: 'auth.locked' } });
  });

  it('refuses a sign-in posted from another site’s page (login CSRF), but not same-origin or non-browser clients', async () => {
    await ctx.accounts.createUser({
      email: 'csrf-login@example.test',
      displayName: 'C',
      role: 'analyst',
      password: TEST_PASSWORD,
    });
    const form = `email=csrf-login%40example.test&password=${encodeURIComponent(TEST_PASSWORD)}`;
    const post = (headers: Record<string, string>, payload: string | object = form) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: {
          ...(typeof payload === 'string' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...headers,
        },
        payload,
      });
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://localhost', 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]) {
      const res = await post(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'auth.cross_origin' } });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    // Our own page (the Host it came to, or the public base URL), a browser's own navigation, curl.
    for (const headers of <Record<string, string>[]>[
      { origin: 'http://localhost' },
      { origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' },
      { origin: new URL(ctx.config.publicBaseUrl).origin, host: '127.0.0.1:3000' },
      { 'sec-fetch-site': 'none' },
      {},
    ])
      expect((await post(headers)).statusCode, JSON.stringify(headers)).toBe(200);
  });

  it('refuses a cookie write from another origin even with the right CSRF token', async () => {
    const { headers } = await signIn(app, ctx, { role: 'admin' });
    const logout = (extra: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { ...headers, ...extra } });
    const cross = await logout({ origin: 'https://evil.example' });
    expect(cross.statusCode).toBe(403);
    expect(cross.json()).toMatchObject({ error: { code: 'auth.csrf' } });
    expect((await logout({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await me(headers)).statusCode).toBe(200);
    expect((await logout({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(204);
  });

  it('ends sessions after the idle timeout and after the absolute lifetime', async () => {
    const { headers } = await signIn(app, ctx, { role: 'analyst' });
    ctx.clock.advance(SESSION_IDLE_MS - 60_000);
    expect((await me(headers)).statusCode).toBe(200);
    ctx.clock.advance(SESSION_IDLE_MS + 1);
    expect((await me(headers)).statusCode).toBe(401);

    const second = await signIn(app, ctx, { role: 'analyst' });
    for (let t = 0; t < SESSION_TTL_MS; t += SESSION_IDLE_MS / 2) {
      expect((await me(second.headers)).statusCode).toBe(200);
      ctx.clock.advance(SESSION_IDLE_MS / 2);
    }
    expect((await me(second.headers)).statusCode).toBe(401);
  });

  it('logs out: the cookie is cleared and the session no longer works; logout needs the CSRF token', async () => {
    const { headers } = await signIn(app, ctx, { role: 'admin' });
    const forged = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: headers.cookie! },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ error: { code: 'auth.csrf' } });
    expect((await me(headers)).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await me(headers)).statusCode).toBe(401);
  });

  it('a new sign-in replaces the session it came with', async () => {
    const { headers } = await signIn(app, ctx, { role: 'analyst', email: 'again@example.test' });
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers,
      payload: { email: 'again@example.test', password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(200);
    expect((await me(headers)).statusCode).toBe(401);
    expect((await me({ cookie: sessionCookieOf(again.headers['set-cookie'])! })).statusCode).toBe(200);
  });

  it('a new sign-in revokes the session of the cookie it came with, even without that session’s CSRF token', async () => {
    const first = await signIn(app, ctx, { role: 'analyst', email: 'rotate@example.test' });
    // A browser that signs in again sends its old cookie, but the sign-in form has no CSRF token to send.
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: first.headers.cookie! },
      payload: { email: 'rotate@example.test', password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(200);
    const fresh = sessionCookieOf(again.headers['set-cookie'])!;
    expect(fresh).not.toBe(first.headers.cookie);
    expect((again.json() as { csrfToken: string }).csrfToken).not.toBe(first.headers['x-csrf-token']);
    expect((await me(first.headers)).statusCode).toBe(401);
    expect((await me({ cookie: fresh })).statusCode).toBe(200);
    const left = await ctx.db.kysely
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', first.userId)
      .execute();
    expect(left).toHaveLength(1);
  });

  it('a disabled user cannot sign in and loses open sessions', async () => {
    const { userId, headers } = await signIn(app, ctx, { role: 'analyst', email: 'gone@example.test' });
    await ctx.accounts.updateUser(userId, { disabled: true });
    expect((await me(headers)).statusCode).toBe(401);
    await expect(logIn(app, 'gone@example.test', TEST_PASSWORD)).rejects.toThrow(/401/);
  });

  it('brand users get their organisation brands and amber clearance', async () => {
    const brands = await ctx.db.kysely.selectFrom('brands').select('id').orderBy('id').limit(2).execute();
    const ids = brands.map((b) => b.id);
    const { headers } = await signIn(app, ctx, { role: 'brand', brandIds: ids });
    expect((await me(headers)).json()).toMatchObject({
      user: { role: 'brand', brandIds: ids, tlpClearance: 'amber' },
    });
  });

  it('API keys: shown once, stored hashed, usable without CSRF, refused once revoked', async () => {
    const { key, apiKeyId, headers } = await createTestApiKey(ctx, { role: 'partner', tlp: 'green' });
    expect(key).toMatch(/^pdk_[A-Za-z0-9_-]{43}$/);
    const stored = await ctx.db.kysely
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', apiKeyId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(stored.prefix).toBe(key.slice(0, 12));
    // TAXII clients: HTTP Basic with the key as the password.
    const basic = { authorization: `Basic ${Buffer.from(`taxii:${key}`).toString('base64')}` };
    expect((await me(basic)).json()).toMatchObject({ user: { role: 'partner' } });
    const ok = await me(headers);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ user: { role: 'partner', tlpClearance: 'green' }, csrfToken: null });
    const used = await ctx.db.kysely
      .selectFrom('api_keys')
      .select('last_used_at')
      .where('id', '=', apiKeyId)
      .executeTakeFirstOrThrow();
    expect(used.last_used_at).toBe(ctx.clock.now());
    // No CSRF token needed for a write with a key (logout of a key is a no-op, but must not be refused).
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(204);

    await ctx.accounts.revokeApiKey(apiKeyId);
    const revoked = await me(headers);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toMatchObject({ error: { code: 'auth.invalid_key' } });
    expect((await me({ authorization: 'Bearer pdk_made-up' })).statusCode).toBe(401);
    expect((await me({ authorization: 'Bearer something-else' })).json()).toMatchObject({
      error: { code: 'auth.invalid_key' },
    });
    // A proxy's Basic credentials are not ours: the request goes on anonymous (401 from the route here).
    const proxy = { authorization: `Basic ${Buffer.from('ops:hunter2').toString('base64')}` };
    expect((await me(proxy)).json()).toMatchObject({ error: { code: 'auth.required' } });
    expect((await app.inject({ method: 'GET', url: '/healthz', headers: proxy })).statusCode).toBe(200);
  });
});

describe.each(DIALECTS)('sign-in limits and cookie attributes on %s', (dialect) => {
  it('marks the cookie Secure behind https and rate-limits sign-in attempts per client', async () => {
    const ctx = await createTestContext(dialect, {
      PUBLIC_BASE_URL: 'https://phishdesk.example',
      RATE_LIMIT_PER_MINUTE: '3',
    });
    const app = await buildServer(ctx);
    try {
      await ctx.accounts.createUser({
        email: 's@example.test',
        displayName: 'S',
        role: 'analyst',
        password: TEST_PASSWORD,
      });
      const login = (password: string) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 's@example.test', password },
        });
      const ok = await login(TEST_PASSWORD);
      expect(ok.statusCode).toBe(200);
      expect(String(ok.headers['set-cookie'])).toMatch(/; Secure/);
      expect(ok.headers['cache-control']).toBe('no-store');
      expect((await login('wrong password 1')).statusCode).toBe(401);
      expect((await login('wrong password 2')).statusCode).toBe(401);
      const limited = await login(TEST_PASSWORD);
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ error: { code: 'request.rate_limited' } });
    } finally {
      await app.close();
      await ctx.close();
    }
  });
});

describe.each(DIALECTS)('own profile and password on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext(dialect, { RATE_LIMIT_PER_MINUTE: '1000' });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('changes one’s password: the current one is checked, other sessions end, the change is audited', async () => {
    const { userId, headers } = await signIn(app, ctx, { role: 'brand', email: 'pw@example.test' });
    const other = await logIn(app, 'pw@example.test', TEST_PASSWORD);
    const change = (h: Record<string, string>, currentPassword: string, newPassword: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: h,
        payload: { currentPassword, newPassword },
      });
    expect((await change(headers, 'not the password', 'a brand new password')).statusCode).toBe(401);
    expect((await change(headers, TEST_PASSWORD, 'short')).statusCode).toBe(400);
    // Without the CSRF token: refused.
    expect(
      (await change({ cookie: headers.cookie! }, TEST_PASSWORD, 'a brand new password')).statusCode,
    ).toBe(403);
    expect((await change(headers, TEST_PASSWORD, 'a brand new password')).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: other })).statusCode).toBe(
      401,
    );
    await expect(logIn(app, 'pw@example.test', TEST_PASSWORD)).rejects.toThrow(/401/);
    await expect(logIn(app, 'pw@example.test', 'a brand new password')).resolves.toHaveProperty('cookie');
    const [entry] = await ctx.audit.list({
      entity: 'user',
      entityId: userId,
      action: 'user.password_change',
    });
    expect(entry).toMatchObject({ actorUserId: userId, after: { passwordChanged: true } });
  });

  it('counts parallel wrong current passwords before their hashes: a stolen session gets no more guesses than the lock allows', async () => {
    const { headers } = await signIn(app, ctx, { role: 'analyst', email: 'pwrace@example.test' });
    const tries = 4 * LOCK_AFTER_FAILURES;
    const answers = await Promise.all(
      Array.from({ length: tries }, (_, i) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/password',
          headers,
          payload: { currentPassword: `wrong guess ${i}`, newPassword: 'a brand new password' },
        }),
      ),
    );
    const codes = answers.map((a) => (a.json() as { error: { code: string } }).error.code);
    expect(codes.filter((c) => c === 'auth.invalid_credentials')).toHaveLength(LOCK_AFTER_FAILURES);
    expect(codes.filter((c) => c === 'auth.locked')).toHaveLength(tries - LOCK_AFTER_FAILURES);
    const right = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new password' },
    });
    expect(right.json()).toMatchObject({ error: { code: 'auth.locked' } });
    expect(await ctx.audit.list({ action: 'user.lock' })).toHaveLength(1);
  });

  it('refuses weak passwords on every path that sets one: own change, new user, admin reset', async () => {
    const { userId, headers } = await signIn(app, ctx, { role: 'analyst', email: 'taro.weak@example.test' });
    for (const weak of [
      'aaaaaaaaaaaa',
      ' '.repeat(12),
      'taro.weak@example.test',
      'password1234',
      'qwertyuiop12',
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers,
        payload: { currentPassword: TEST_PASSWORD, newPassword: weak },
      });
      expect(res.statusCode, weak).toBe(422);
      expect(res.json()).toMatchObject({ error: { code: 'auth.weak_password' } });
    }
    await expect(
      ctx.accounts.createUser({
        email: 'weakling@example.test',
        displayName: 'W',
        role: 'analyst',
        password: '123456789012',
      }),
    ).rejects.toMatchObject({ code: 'auth.weak_password' });
    await expect(ctx.accounts.updateUser(userId, { password: 'taro.weak 2026!' })).rejects.toMatchObject({
      code: 'auth.weak_password',
      details: { reason: 'contains_email' },
    });
    // Nothing was changed: the old password still signs in.
    await expect(logIn(app, 'taro.weak@example.test', TEST_PASSWORD)).resolves.toHaveProperty('cookie');
  });

  it('changes one’s language and display name, but not one’s role', async () => {
    const { headers } = await signIn(app, ctx, { role: 'analyst' });
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers,
      payload: { lang: 'en', displayName: 'New name' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { lang: 'en', displayName: 'New name', role: 'analyst' } });
    const escalate = await app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers,
      payload: { role: 'admin' },
    });
    expect(escalate.statusCode).toBe(400);
    const key = await createTestApiKey(ctx, { role: 'partner', tlp: 'green' });
    expect(
      (
        await app.inject({
          method: 'PATCH',
          url: '/api/v1/auth/me',
          headers: key.headers,
          payload: { lang: 'en' },
        })
      ).statusCode,
    ).toBe(403);
  });
});
