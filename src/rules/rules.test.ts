import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildCli, runCli } from '../cli/main.ts';
import type { FeedEntry } from '../feeds/feed-item.ts';
import { buildServer } from '../http/server.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 3, 1);

/** Rows for one source: URL n on host login-n.<domain>, reported on day n of April 2026. */
function entries(source: string, ns: number[], domain = 'kit-example.test'): FeedEntry[] {
  return ns.map((n) => ({
    item: {
      externalId: `${source}-${n}`,
      url: `http://login-${n}.${domain}/signin/${n}`,
      reportedAt: T0 + n * DAY,
      threat: 'phishing' as const,
      raw: { n },
    },
  }));
}

describe.each(DIALECTS)('triage rules on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let analyst: Record<string, string>;
  let dir: string;

  async function run(...args: string[]): Promise<string> {
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const env = { ...process.env };
    Object.assign(process.env, { DATABASE_URL: ctx.testDb.url, SMTP_ENABLED: 'false', LOG_LEVEL: 'silent' });
    try {
      await buildCli().parseAsync(['node', 'phishdesk', ...args]);
    } finally {
      write.mockRestore();
      process.env = env;
    }
    return out.join('');
  }

  const urlByPath = async (n: number, domain = 'kit-example.test') =>
    ctx.db.kysely
      .selectFrom('urls')
      .select(['id', 'status'])
      .where('canonical', '=', `http://login-${n}.${domain}/signin/${n}`)
      .executeTakeFirstOrThrow();

  const activeVersion = async () =>
    (await app.inject({ method: 'GET', url: '/api/v1/admin/rules', headers: admin })).json().version;

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = await buildServer(ctx);
    admin = (await signIn(app, ctx, { role: 'admin' })).headers;
    analyst = (await signIn(app, ctx, { role: 'analyst' })).headers;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    await ctx.sources.setTrust(null, { name: 'csirt-a', create: { kind: 'generic' } }, 'trusted');
    await ctx.sources.setTrust(null, { name: 'csirt-b', create: { kind: 'generic' } }, 'trusted');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('starts with the default rule set as version 1 (admin only)', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/admin/rules', headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 1 });
    expect(res.json().rules.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining(['two-trusted-sources', 'live-credential-kit', 'official-benign']),
    );
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/admin/rules', headers: analyst })).statusCode,
    ).toBe(403);
  });

  it('two trusted sources confirm by rule (id, version, evidence in history); an allowlisted URL is never confirmed', async () => {
    await ctx.imports.importEntries({ name: 'csirt-a', kind: 'generic' }, entries('a', [1, 2, 3, 4, 5]));
    await ctx.imports.importEntries({ name: 'csirt-b', kind: 'generic' }, entries('b', [1, 2, 3]));
    await ctx.imports.importEntries(
      { name: 'csirt-a', kind: 'generic' },
      entries('a', [6], 'allowed-example.test'),
    );
    await ctx.imports.importEntries(
      { name: 'csirt-b', kind: 'generic' },
      entries('b', [6], 'allowed-example.test'),
    );
    // Allowlisted after the URL was stored as new: the rule that would confirm it must leave it alone.
    await ctx.allowlist.add(null, {
      kind: 'domain',
      value: 'allowed-example.test',
      reason: 'our own test zone',
    });
    await ctx.queue.drain();

    for (const n of [1, 2, 3]) expect((await urlByPath(n)).status).toBe('confirmed');
    for (const n of [4, 5]) expect((await urlByPath(n)).status).toBe('new');
    expect((await urlByPath(6, 'allowed-example.test')).status).toBe('new');

    const one = await urlByPath(1);
    const history = await app.inject({
      method: 'GET',
      url: `/api/v1/urls/${one.id}/history`,
      headers: analyst,
    });
    const verdict = history.json().items.find((i: { kind: string }) => i.kind === 'verdict');
    expect(verdict).toMatchObject({
      to: 'confirmed',
      actor: null,
      automatic: {
        basis: 'rule',
        ruleId: 'two-trusted-sources',
        ruleVersion: 1,
        evidence: { ruleSetVersion: 1, fields: { 'sources.trusted': 2 } },
      },
    });
    expect(verdict.automatic.ruleSetId).toEqual(expect.any(Number));
  }, 60_000);

  it('an analyst reverses an automatic verdict and the rule does not re-apply', async () => {
    const one = await urlByPath(2);
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/urls/${one.id}/verdict`,
      headers: analyst,
      payload: { status: 'benign', reason: 'the partners reported our own test page' },
    });
    expect(res.statusCode).toBe(200);
    // New evidence (a third report) would match the rule again.
    await ctx.imports.importEntries({ name: 'csirt-a', kind: 'generic' }, entries('a-again', [2]));
    await ctx.rules.evaluate([one.id]);
    await ctx.queue.drain();
    expect((await urlByPath(2)).status).toBe('benign');
    const items = (
      await app.inject({ method: 'GET', url: `/api/v1/urls/${one.id}/history`, headers: analyst })
    ).json().items as { kind: string; to: string; automatic?: unknown; actor: unknown }[];
    const verdicts = items.filter((i) => i.kind === 'verdict');
    expect(verdicts.map((v) => v.to)).toEqual(['confirmed', 'benign']);
    expect(verdicts[0]!.automatic).toBeDefined();
    expect(verdicts[1]!.automatic).toBeUndefined();
    expect(verdicts[1]!.actor).not.toBeNull();
  }, 60_000);

  it('refuses a bad rule set with a rule.* code (API 400, CLI exit 1 one line); the active set is untouched', async () => {
    const before = await activeVersion();
    const put = (rules: unknown[]) =>
      app.inject({ method: 'PUT', url: '/api/v1/admin/rules', headers: admin, payload: { rules } });
    const unknown = await put([
      { id: 'x', when: { field: 'source.colour', op: 'eq', value: 'red' }, action: { type: 'confirm' } },
    ]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'rule.unknown_field' });
    expect(unknown.json().error.message).toContain('source.colour');
    const badOp = await put([
      { id: 'x', when: { field: 'sources.count', op: 'contains', value: 2 }, action: { type: 'confirm' } },
    ]);
    expect(badOp.statusCode).toBe(400);
    expect(badOp.json().error.code).toBe('rule.invalid');
    const badShape = await put([{ id: 'x', when: { field: 'sources.count' }, action: { type: 'confirm' } }]);
    expect(badShape.json().error.code).toBe('rule.invalid');
    const protectedConfirm = await put([
      {
        id: 'confirm-allowlisted',
        when: { all: [{ field: 'url.allowlisted', op: 'eq', value: true }] },
        action: { type: 'confirm' },
      },
    ]);
    expect(protectedConfirm.statusCode).toBe(400);
    expect(protectedConfirm.json().error.code).toBe('rule.confirms_protected');
    expect(await activeVersion()).toBe(before);

    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({
        rules: [{ id: 'x', when: { field: 'nope', op: 'eq', value: 1 }, action: { type: 'benign' } }],
      }),
    );
    const err: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err.push(String(chunk));
      return true;
    });
    const env = { ...process.env };
    Object.assign(process.env, { DATABASE_URL: ctx.testDb.url, SMTP_ENABLED: 'false', LOG_LEVEL: 'silent' });
    let code: number;
    try {
      code = await runCli(['node', 'phishdesk', 'rules', 'set', '--file', bad]);
    } finally {
      stderr.mockRestore();
      process.env = env;
    }
    expect(code).toBe(1);
    expect(err.join('').trim().split('\n')).toHaveLength(1);
    expect(err.join('')).toContain('rule.unknown_field');
    expect(await activeVersion()).toBe(before);
  });

  it('saves a new version by CLI and API (audited); each rule keeps its own version', async () => {
    const active = JSON.parse(await run('rules', 'show'));
    const edited = {
      comment: 'three trusted sources',
      rules: active.rules.map((r: { id: string; when: unknown; version?: number }) => {
        const { version: _v, ...rest } = r;
        return r.id === 'two-trusted-sources'
          ? { ...rest, when: { field: 'sources.trusted', op: 'gte', value: 3 } }
          : rest;
      }),
    };
    const file = path.join(dir, 'rules.json');
    fs.writeFileSync(file, JSON.stringify(edited));
    expect(await run('rules', 'set', '--file', file)).toMatch(/^rule set v2 active/);
    const shown = (await app.inject({ method: 'GET', url: '/api/v1/admin/rules', headers: admin })).json();
    const byId = Object.fromEntries(
      shown.rules.map((r: { id: string; version: number }) => [r.id, r.version]),
    );
    expect(byId['two-trusted-sources']).toBe(2);
    expect(byId['official-benign']).toBe(1);
    const list = JSON.parse(await run('rules', 'list', '--json'));
    expect(list.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const audit = await ctx.audit.list({ entity: 'rule_set', entityId: shown.id });
    expect(audit.map((e) => e.action)).toContain('rules.set');
  });

  it('dry run: counts per action and samples for the active set and a draft (API and CLI), storing nothing', async () => {
    const statuses = async () =>
      (await ctx.db.kysely.selectFrom('urls').select(['id', 'status']).orderBy('id').execute()).map(
        (r) => `${r.id}:${r.status}`,
      );
    const before = await statuses();
    const draft = {
      rules: [
        {
          id: 'one-trusted',
          when: { field: 'sources.trusted', op: 'gte', value: 1 },
          action: { type: 'confirm' },
        },
      ],
    };
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/rules/dry-run',
      headers: admin,
      payload: { from: '2026-04-01', to: '2026-04-30', rules: draft },
    });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    // login-1..5 and the allowlisted login-6: the allowlisted one is never confirmed.
    expect(r).toMatchObject({ ruleSetVersion: null, urls: 6, counts: { confirm: 5, none: 1 } });
    expect(r.byRule).toEqual({ 'one-trusted': 5 });
    expect(r.samples.confirm).toHaveLength(5);
    expect(r.samples.confirm[0]).toMatchObject({
      ruleId: 'one-trusted',
      url: expect.stringContaining('[.]'),
    });
    // login-2: a person said benign, the draft would confirm it.
    expect(r.againstPeople.confirmWhereBenign).toBe(1);

    const day2 = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/rules/dry-run',
      headers: admin,
      payload: { from: '2026-04-02', to: '2026-04-03', rules: draft },
    });
    expect(day2.json()).toMatchObject({ urls: 2, counts: { confirm: 2 } });

    // The active set (v2: three trusted sources) over the same period, by CLI.
    const cli = JSON.parse(
      await run('rules', 'test', '--from', '2026-04-01', '--to', '2026-04-30', '--json'),
    );
    expect(cli).toMatchObject({ ruleSetVersion: 2, urls: 6 });
    expect(cli.counts.confirm).toBe(0);
    expect(cli.counts.confirm + cli.counts.benign + cli.counts.needs_info + cli.counts.none).toBe(6);
    const text = await run('rules', 'test', '--from', '2026-04-01', '--to', '2026-04-30');
    expect(text).toContain('rule set v2: 6 URLs');

    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/rules/dry-run',
      headers: admin,
      payload: {
        from: '2026-04-01',
        to: '2026-04-30',
        rules: { rules: [{ id: 'x', when: {}, action: {} }] },
      },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('rule.invalid');
    expect(await statuses()).toEqual(before);
  });

  it('counts automatic and human verdicts per month apart', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/admin/rules/verdict-counts?from=2026-05-01&to=2026-05-31',
      headers: admin,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([{ month: '2026-05', rule: 3, source: 0, human: 1, system: 0 }]);
  });
});
