import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { runCli } from '../cli/main.ts';
import { buildServer } from '../http/server.ts';

const BIN = path.resolve('bin/phishdesk.mjs');

describe.each(DIALECTS)('phishdesk user / org / apikey commands on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-accounts-cli-'));
  beforeAll(async () => {
    ctx = await createTestContext(dialect, { RATE_LIMIT_PER_MINUTE: '1000' });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The real binary against the test database, as an operator would run it. */
  function run(args: string[], input = '') {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        env: { ...process.env, DATABASE_URL: ctx.testDb.url, LOG_LEVEL: 'silent', SMTP_ENABLED: 'false' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(input);
    });
  }

  /** The same command tree in this process (fast); the password comes from a file. */
  async function runHere(args: string[], password?: string) {
    const extra: string[] = [];
    if (password !== undefined) {
      const file = path.join(dir, `pw-${Math.random().toString(36).slice(2)}`);
      fs.writeFileSync(file, `${password}\n`);
      extra.push('--password-file', file);
    }
    const out: string[] = [];
    const err: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((c) => out.push(String(c)) > 0);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((c) => err.push(String(c)) > 0);
    const env = { ...process.env };
    Object.assign(process.env, { DATABASE_URL: ctx.testDb.url, LOG_LEVEL: 'silent', SMTP_ENABLED: 'false' });
    try {
      const code = await runCli(['node', 'phishdesk', ...args, ...extra]);
      return { code, stdout: out.join(''), stderr: err.join('') };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      process.env = env;
      process.exitCode = undefined;
    }
  }

  it('creates the first admin from stdin, who then signs in over HTTP; the creation is audited', async () => {
    const r = await run(
      ['user', 'create', '--role', 'admin', '--email', 'Root@Example.test', '--name', 'Root'],
      'first admin password\n',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^created user \d+ root@example\.test \(admin\)\n$/);
    const headers = await logIn(app, 'root@example.test', 'first admin password');
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    expect(me.json()).toMatchObject({ user: { role: 'admin', displayName: 'Root' } });
    const [entry] = await ctx.audit.list({ action: 'user.create' });
    expect(entry).toMatchObject({
      actorUserId: null,
      actorApiKeyId: null,
      after: { email: 'root@example.test' },
    });
    expect(JSON.stringify(entry)).not.toContain('first admin password');

    const list = await run(['user', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toMatchObject([{ email: 'root@example.test', role: 'admin' }]);
    // Without a password on stdin: one line, exit 1.
    const none = await run(['user', 'create', '--role', 'admin', '--email', 'x@example.test']);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('phishdesk: request.invalid: no password given\n');
  }, 120_000);

  it('reads the password from --password-file', async () => {
    const r = await runHere(
      ['user', 'create', '--role', 'analyst', '--email', 'ana@example.test'],
      'from a file, long enough',
    );
    expect(r.code, r.stderr).toBe(0);
    await expect(logIn(app, 'ana@example.test', 'from a file, long enough')).resolves.toHaveProperty(
      'cookie',
    );
  });

  it('set-password replaces the password and lifts a lock', async () => {
    for (let i = 0; i < 5; i++)
      await expect(logIn(app, 'ana@example.test', 'wrong password!')).rejects.toThrow();
    await expect(logIn(app, 'ana@example.test', 'from a file, long enough')).rejects.toThrow(/429/);
    const r = await runHere(['user', 'set-password', '--email', 'ana@example.test'], 'recovered password');
    expect(r.code, r.stderr).toBe(0);
    await expect(logIn(app, 'ana@example.test', 'recovered password')).resolves.toHaveProperty('cookie');
    const missing = await runHere(
      ['user', 'set-password', '--email', 'nobody@example.test'],
      'recovered password',
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no user/);
  });

  it('fails with one line on stderr and a non-zero exit on bad input, creating nothing', async () => {
    const pw = 'long enough password';
    const cases: [string[], string | undefined, RegExp][] = [
      [['user', 'create', '--role', 'admin', '--email', 'x@example.test'], 'short', /at least 12/],
      [['user', 'create', '--role', 'boss', '--email', 'x@example.test'], pw, /role must be/],
      [['user', 'create', '--role', 'admin', '--email', 'not-an-address'], pw, /e-mail/],
      [['user', 'create', '--role', 'brand', '--email', 'x@example.test'], pw, /brand organisation/],
      [['user', 'create', '--role', 'admin', '--email', 'root@example.test'], pw, /exists/],
      [
        ['user', 'create', '--role', 'admin', '--email', 'x@example.test', '--password-file', '/nonexistent'],
        undefined,
        /password file/,
      ],
      [['apikey', 'create', '--org', 'nobody', '--tlp', 'amber'], undefined, /no organisation/],
      [['apikey', 'revoke', 'x'], undefined, /number/],
      [
        ['org', 'create', '--name', 'Z', '--kind', 'brand', '--brand', 'no-such-brand'],
        undefined,
        /unknown brand/,
      ],
      [['user', 'create', '--email', 'x@example.test'], undefined, /required option/],
    ];
    for (const [args, password, message] of cases) {
      const r = await runHere(args, password);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(await ctx.accounts.findUserByEmail('x@example.test')).toBeNull();
    expect(await ctx.accounts.findOrganisationByName('Z')).toBeNull();
  });

  it('creates organisations and an API key shown once on stdout, which works and can be revoked', async () => {
    const brand = (
      await ctx.db.kysely.selectFrom('brands').select(['id', 'slug']).orderBy('id').limit(1).execute()
    )[0]!;
    const org = await runHere([
      'org',
      'create',
      '--name',
      'Bank A',
      '--kind',
      'brand',
      '--brand',
      brand.slug,
    ]);
    expect(org.code, org.stderr).toBe(0);
    expect((await ctx.accounts.findOrganisationByName('Bank A'))?.brandIds).toEqual([brand.id]);
    expect((await runHere(['apikey', 'create', '--org', 'Bank A', '--tlp', 'purple'])).code).not.toBe(0);

    const made = await runHere(['apikey', 'create', '--org', 'Bank A', '--tlp', 'amber']);
    expect(made.code, made.stderr).toBe(0);
    const key = made.stdout.trim();
    expect(key).toMatch(/^pdk_[A-Za-z0-9_-]{43}$/);
    const bearer = { authorization: `Bearer ${key}` };
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer });
    expect(me.json()).toMatchObject({ user: { role: 'brand', brandIds: [brand.id], tlpClearance: 'amber' } });

    const list = await runHere(['apikey', 'list']);
    expect(list.stdout).toContain(key.slice(0, 12));
    expect(list.stdout).not.toContain(key);
    const id = list.stdout.split('\t')[0]!;
    expect((await runHere(['apikey', 'revoke', id])).code).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(
      401,
    );
    const actions = (await ctx.audit.list({ entity: 'api_key' })).map((e) => e.action);
    expect(actions).toEqual(['api_key.revoke', 'api_key.create']);
  });
});
