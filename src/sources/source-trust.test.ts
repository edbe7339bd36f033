import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildCli } from '../cli/main.ts';
import { buildServer } from '../http/server.ts';

// A slice of JPCERT/CC's June 2023 list (URLs JPCERT/CC itself confirmed as phishing), plus one row on
// an official domain that must stay allowlisted.
const JUNE = path.resolve(process.cwd(), '../shared/data/jpcert-phishurl/202306.csv');
const ROWS = fs.readFileSync(JUNE, 'utf8').split('\n').slice(1, 301).filter(Boolean);
const OFFICIAL = '2023/06/02 10:00:00,https://www.rakuten.co.jp/,楽天';

describe.each(DIALECTS)('source trust: a confirmed source confirms its URLs, on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let file: string;

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

  const statuses = async () =>
    Object.fromEntries(
      (
        await ctx.db.kysely
          .selectFrom('urls')
          .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('status')
          .execute()
      ).map((r) => [r.status, Number(r.n)]),
    );

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = await buildServer(ctx);
    admin = (await signIn(app, ctx, { role: 'admin' })).headers;
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trust-')), '202306-slice.csv');
    fs.writeFileSync(file, `date,URL,description\n${[...ROWS, OFFICIAL].join('\n')}\n`);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('import --trust confirmed confirms the batch (allowlisted excepted), export lists it, re-import changes nothing', async () => {
    const summary = JSON.parse(
      await run('import', '--format', 'jpcert', '--trust', 'confirmed', '--json', file),
    );
    const after = await statuses();
    expect(after.allowlisted).toBe(1);
    expect(after.new ?? 0).toBe(0);
    expect(summary.confirmed).toBe(after.confirmed);
    expect(after.confirmed).toBeGreaterThan(250);

    const list = JSON.parse(await run('sources', 'list', '--json'));
    expect(list.find((s: { name: string }) => s.name === 'jpcert')).toMatchObject({ trust: 'confirmed' });

    const csv = await run('export', '--format', 'csv');
    const firstUrl = ROWS[0]!.split(',')[1]!;
    expect(csv).toContain(new URL(firstUrl).hostname);
    expect(csv).not.toContain('www.rakuten.co.jp');

    // The verdict history names the source as the reason.
    const one = await ctx.db.kysely
      .selectFrom('url_verdicts')
      .select(['url_id', 'reason', 'basis', 'actor_id'])
      .executeTakeFirstOrThrow();
    expect(one).toMatchObject({ reason: 'source jpcert is confirmed', basis: 'source', actor_id: null });
    const history = await app.inject({
      method: 'GET',
      url: `/api/v1/urls/${one.url_id}/history`,
      headers: admin,
    });
    expect(history.json().items[0]).toMatchObject({ to: 'confirmed', automatic: { basis: 'source' } });

    const verdicts = await ctx.db.kysely
      .selectFrom('url_verdicts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const again = JSON.parse(
      await run('import', '--format', 'jpcert', '--trust', 'confirmed', '--json', file),
    );
    expect(again.confirmed).toBe(0);
    expect(await statuses()).toEqual(after);
    const verdictsAgain = await ctx.db.kysely
      .selectFrom('url_verdicts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(verdictsAgain.n)).toBe(Number(verdicts.n));
  }, 120_000);

  it('admin sets trust by API (audited); bad levels and non-admins are refused', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/v1/admin/sources', headers: admin });
    expect(list.statusCode).toBe(200);
    const jpcert = list.json().items.find((s: { name: string }) => s.name === 'jpcert');
    const put = (trust: string, headers = admin) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/admin/sources/${jpcert.id}/trust`,
        headers,
        payload: { trust },
      });
    expect((await put('trusted')).json()).toMatchObject({ name: 'jpcert', trust: 'trusted' });
    expect((await put('nonsense')).statusCode).toBe(400);
    const analyst = (await signIn(app, ctx, { role: 'analyst' })).headers;
    expect((await put('public', analyst)).statusCode).toBe(403);
    const audit = await ctx.audit.list({ entity: 'source', entityId: jpcert.id });
    expect(audit.map((e) => e.action)).toContain('source.trust');
    await expect(run('sources', 'trust', 'jpcert', 'bogus')).rejects.toMatchObject({
      code: 'source.invalid_trust',
    });
  });

  it('counts the queue filter and applies one verdict to all of it, only with the right count', async () => {
    await ctx.sources.setTrust(null, { name: 'public-feed', create: { kind: 'jpcert' } }, 'public');
    const csv = `date,URL,description\n${ROWS.slice(0, 40)
      .map((r) => r.replace('https://', 'https://x.'))
      .join('\n')}\n`;
    const f2 = path.join(path.dirname(file), 'public.csv');
    fs.writeFileSync(f2, csv);
    await run('import', '--format', 'jpcert', '--source', 'public-feed', '--json', f2);
    const count = await app.inject({
      method: 'GET',
      url: '/api/v1/triage/urls/count?status=new',
      headers: admin,
    });
    const total = count.json().total as number;
    expect(total).toBeGreaterThan(30);
    const bulk = (expectedCount: number) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/triage/urls/verdicts/by-filter',
        headers: admin,
        payload: {
          filter: { status: ['new'] },
          status: 'confirmed',
          reason: 'checked the kit',
          expectedCount,
        },
      });
    const wrong = await bulk(total - 1);
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('triage.count_mismatch');
    expect((await statuses()).new).toBe(total);
    const ok = await bulk(total);
    expect(ok.json()).toMatchObject({ updated: total, from: { new: total } });
    expect((await statuses()).new ?? 0).toBe(0);
    // Campaign grouping was enqueued, not done inline; the worker groups every URL of the bulk verdict.
    await ctx.queue.drain();
    const grouped = await ctx.db.kysely
      .selectFrom('campaign_urls')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(grouped.n)).toBeGreaterThanOrEqual(total);
  }, 120_000);
});
