import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { reopenHiddenUrls } from '../storage/migrations/0013_allowlist_platforms_campaigns.ts';
import { createAllowlistIndex } from './allowlist.index.ts';
import { isOpenPlatform } from './open-platforms.ts';
import { staff } from './triage.fixtures.ts';

const FORM =
  'https://docs.google.com/forms/d/e/1FAIpQLSdX9kYp3mVq7Rz2hWb0aLcE4fGtUiJkN5oP6sQ8vT1wXyZ/viewform';
const DROPBOX = 'https://www.dropbox.com/scl/fi/k3m9x2p7q1/Invoice.html?rlkey=8fj2k&dl=0';
const AMAZON = 'https://www.amazon.co.jp/';

describe('open platforms in the allowlist index', () => {
  it('never lets a domain or host entry cover a host where anyone can publish', () => {
    const index = createAllowlistIndex([
      { id: 1, kind: 'domain', value: 'google.com' },
      { id: 2, kind: 'domain', value: 'amazon.co.jp' },
      { id: 3, kind: 'host', value: 'www.dropbox.com' },
      { id: 4, kind: 'path', value: 'www.dropbox.com/login' },
      { id: 5, kind: 'path', value: 'www.dropbox.com/help/*' },
    ]);
    expect(index.match('docs.google.com', '/forms/d/e/x/viewform')).toBeNull();
    expect(index.match('sites.google.com', '/view/x')).toBeNull();
    expect(index.match('accounts.google.com', '/signin')).toBe(1);
    expect(index.match('www.amazon.co.jp', '/')).toBe(2);
    expect(index.match('www.dropbox.com', '/scl/fi/x/Invoice.html')).toBeNull();
    expect(index.match('www.dropbox.com', '/login')).toBe(4);
    expect(index.match('www.dropbox.com', '/login/x')).toBeNull();
    expect(index.match('www.dropbox.com', '/help/sign-in')).toBe(5);
    expect(index.match('www.dropbox.com')).toBeNull();
    for (const h of [
      'x.github.io',
      'a.b.workers.dev',
      'p.pages.dev',
      'line.me',
      't.me',
      'onedrive.live.com',
    ]) {
      expect(isOpenPlatform(h), h).toBe(true);
    }
    expect(isOpenPlatform('www.amazon.co.jp')).toBe(false);
    expect(isOpenPlatform('www.smbc-card.com')).toBe(false);
  });
});

describe.each(DIALECTS)('allowlisting that never hides phishing on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(dialect);
  }, 60_000);
  afterAll(async () => {
    await ctx?.close();
  });

  async function statusOf(canonicalStart: string) {
    const r = await ctx.db.kysely
      .selectFrom('urls')
      .select(['id', 'status'])
      .where('canonical', 'like', `${canonicalStart}%`)
      .executeTakeFirstOrThrow();
    return r;
  }

  it('puts a Google Form and a Dropbox shared file in the triage queue as new; amazon.co.jp stays allowlisted', async () => {
    for (const url of [FORM, DROPBOX, AMAZON]) {
      await ctx.intake.submit(
        { kind: 'url', content: url, consent: { police: false, brand: false } },
        [],
        'api',
      );
    }
    await ctx.queue.drain();
    const queue = await ctx.triage.listUrls(staff(), { limit: 50, status: ['new'] });
    const hosts = queue.items.map((u) => u.host);
    expect(hosts).toContain('docs.google.com');
    expect(hosts).toContain('www.dropbox.com');
    expect(hosts).not.toContain('www.amazon.co.jp');
    expect((await statusOf('https://www.amazon.co.jp/')).status).toBe('allowlisted');
    expect((await ctx.allowlist.check(AMAZON)).entry).toMatchObject({
      source: 'official',
      value: 'amazon.co.jp',
    });
    expect((await ctx.allowlist.check(FORM)).allowlisted).toBe(false);
    // No official entry for a brand domain that is itself an open platform.
    expect((await ctx.allowlist.list({ search: 'dropbox', limit: 50 })).items).toEqual([]);
  });

  it('refuses host and domain entries on open platforms, accepts a page entry', async () => {
    await expect(
      ctx.allowlist.add(staff(), { kind: 'host', value: 'docs.google.com', reason: 'ours' }),
    ).rejects.toMatchObject({ code: 'allowlist.open_platform' });
    await expect(
      ctx.allowlist.add(staff(), { kind: 'domain', value: 'github.io', reason: 'ours' }),
    ).rejects.toMatchObject({ code: 'allowlist.open_platform' });
    const page = await ctx.allowlist.add(staff(), {
      kind: 'path',
      value: 'https://www.dropbox.com/login',
      reason: 'the sign-in page',
    });
    expect(page).toMatchObject({ kind: 'path', value: 'www.dropbox.com/login' });
    expect((await ctx.allowlist.check('https://www.dropbox.com/login')).allowlisted).toBe(true);
    expect((await ctx.allowlist.check(DROPBOX)).allowlisted).toBe(false);
    await ctx.allowlist.remove(staff(), page.id);
  });

  it('refuses a benign verdict that would allowlist an open platform', async () => {
    const { id } = await statusOf('https://docs.google.com/');
    await expect(
      ctx.triage.setVerdicts(staff(), {
        ids: [id],
        status: 'benign',
        reason: 'x',
        allowlist: { scope: 'domain' },
      }),
    ).rejects.toMatchObject({ code: 'allowlist.open_platform' });
    expect((await statusOf('https://docs.google.com/')).status).toBe('new');
  });

  it('migration 0013 removes old whole-platform entries and re-opens the URLs they hid', async () => {
    const k = ctx.db.kysely;
    // An installation before 0013: dropbox.com official, an analyst's docs.google.com, URLs hidden by them.
    await k
      .insertInto('allowlist')
      .values([
        {
          kind: 'domain',
          value: 'dropbox.com',
          reason: 'official domain of Dropbox',
          source: 'official',
          brand_id: null,
          added_by: null,
          at: 1,
        },
        {
          kind: 'host',
          value: 'docs.google.com',
          reason: 'ours',
          source: 'analyst',
          brand_id: null,
          added_by: null,
          at: 1,
        },
      ])
      .execute();
    const form = await statusOf('https://docs.google.com/');
    const box = await statusOf('https://www.dropbox.com/');
    const amazon = await statusOf('https://www.amazon.co.jp/');
    await k.updateTable('urls').set({ status: 'allowlisted' }).where('id', 'in', [form.id, box.id]).execute();

    const result = await reopenHiddenUrls(k as never);
    expect(result).toEqual({ removed: 2, reopened: 2 });
    expect((await statusOf('https://docs.google.com/')).status).toBe('new');
    expect((await statusOf('https://www.dropbox.com/')).status).toBe('new');
    expect((await statusOf('https://www.amazon.co.jp/')).status).toBe('allowlisted');
    const verdicts = await k
      .selectFrom('url_verdicts')
      .select(['url_id', 'from_status', 'to_status', 'reason', 'actor_id'])
      .where('url_id', 'in', [form.id, box.id, amazon.id])
      .execute();
    expect(verdicts).toHaveLength(2);
    expect(
      verdicts.every((v) => v.from_status === 'allowlisted' && v.to_status === 'new' && v.actor_id === null),
    ).toBe(true);
    expect(verdicts[0]!.reason).toContain('migration 0013');
    const audit = await sql<{
      n: number;
    }>`select count(*) as n from audit_log where request_id = 'migration:0013'`.execute(k);
    expect(Number(audit.rows[0]!.n)).toBe(2);
    // Run again: nothing left to do.
    expect(await reopenHiddenUrls(k as never)).toEqual({ removed: 0, reopened: 0 });
  });
});
