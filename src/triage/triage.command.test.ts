import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildCli } from '../cli/main.ts';
import { rawEmail } from './triage.fixtures.ts';

describe.each(DIALECTS)('`phishdesk allowlist` and `phishdesk triage reindex-texts` on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(dialect);
  }, 60_000);
  afterAll(async () => {
    await ctx?.close();
  });

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

  it('adds, lists and removes allowlist entries, audited as the operator', async () => {
    const added = await run(
      'allowlist',
      'add',
      'domain',
      'HTTPS://Partner-Shop.example/x',
      '--reason',
      'contracted retailer',
    );
    const [id, kind, value] = added.trim().split('\t');
    expect([kind, value]).toEqual(['domain', 'partner-shop.example']);
    expect(await run('allowlist', 'list', '--source', 'analyst')).toContain('partner-shop.example\tanalyst');
    const official = JSON.parse(
      await run('allowlist', 'list', '--source', 'official', '--search', 'rakuten.co.jp', '--json'),
    );
    expect(official[0]).toMatchObject({ value: 'rakuten.co.jp', source: 'official' });
    await expect(run('allowlist', 'remove', String(official[0].id))).rejects.toMatchObject({
      code: 'allowlist.official',
    });
    await run('allowlist', 'remove', id!);
    expect(await run('allowlist', 'list', '--source', 'analyst')).toBe('');
    const audit = await ctx.audit.list({ entity: 'allowlist', entityId: id! });
    expect(audit.map((e) => [e.action, e.actorUserId])).toEqual([
      ['allowlist.remove', null],
      ['allowlist.add', null],
    ]);
  });

  it('indexes the subject and sender of e-mail reports that have none', async () => {
    await ctx.intake.submit(
      {
        kind: 'email',
        content: rawEmail({
          from: 'alert@smbc-card.evil.example',
          subject: '【三井住友カード】ご利用確認',
          url: 'https://smbc-card.evil.example/',
        }),
        consent: { police: false, brand: false },
      },
      [],
      'api',
    );
    await ctx.queue.drain();
    // As if the report had been analysed before migration 0004.
    await ctx.db.kysely.deleteFrom('report_texts').execute();
    expect((await ctx.triage.listUrls(staffView(), { limit: 10, q: 'ご利用確認' })).items).toEqual([]);
    expect(await run('triage', 'reindex-texts')).toBe('indexed 1 e-mail reports\n');
    const found = await ctx.triage.listUrls(staffView(), { limit: 10, q: 'ご利用確認' });
    expect(found.items.map((u) => u.host)).toEqual(['smbc-card.evil.example']);
    expect(await run('triage', 'reindex-texts')).toBe('indexed 0 e-mail reports\n');
  });
});

function staffView() {
  return { role: 'analyst' as const, brandIds: [], tlpClearance: 'red' as const };
}
