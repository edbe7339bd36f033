import { crc32 } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import { importRows, principal } from './testing.ts';

type Headers = Record<string, string>;

/** Reads a ZIP of stored entries (what the export writes) independently of the writer. */
function readZip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let at = 0;
  while (buf.readUInt32LE(at) === 0x04034b50) {
    const method = buf.readUInt16LE(at + 8);
    const crc = buf.readUInt32LE(at + 14);
    const size = buf.readUInt32LE(at + 18);
    const nameLength = buf.readUInt16LE(at + 26);
    const extra = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const data = buf.subarray(at + 30 + nameLength + extra, at + 30 + nameLength + extra + size);
    expect(method).toBe(0);
    expect(crc32(data) >>> 0).toBe(crc);
    out.set(name, Buffer.from(data));
    at += 30 + nameLength + extra + size;
  }
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(buf.readUInt16LE(end + 10)).toBe(out.size);
  return out;
}

const csvRows = (body: Buffer | string) => {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parse(text, { bom: true }) as string[][];
};

describe.each(DIALECTS)('monthly report HTTP (%s)', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let analyst: Headers;
  let brandUser: Headers;
  let amazonId: number;

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = await buildServer(ctx);
    await importRows(ctx, [
      ['2026/03/15 10:00:00', 'https://amaz0n.evil-a.test/login', 'Amazon'],
      ['2026/04/01 00:10:00', 'https://a.evil-b.test/signin', 'Amazon'],
      ['2026/04/02 12:00:00', 'https://b.evil-b.test/signin', 'Amazon'],
      ['2026/04/30 23:50:00', 'https://smbc-card.evil-c.xyz/', '三井住友カード'],
      ['2026/05/21 12:00:00', 'https://c.evil-b.test/signin', 'Amazon'],
    ]);
    // A source whose kind looks like a spreadsheet formula: the CSV must neutralise it.
    await importRows(
      ctx,
      [['2026/04/20 09:00:00', 'https://x.evil-e.test/', 'unknown label']],
      'odd',
      '=1+2',
    );
    // A takedown case of April: requested on the 10th, down a day later.
    const url = await ctx.db.kysely.selectFrom('urls').select('id').executeTakeFirstOrThrow();
    const t0 = Date.UTC(2026, 3, 10, 3);
    await ctx.db.kysely
      .insertInto('takedown_cases')
      .values({
        url_id: url.id,
        scope: 'url',
        target_url: 'https://a.evil-b.test/signin',
        target_host: 'a.evil-b.test',
        target_domain: 'evil-b.test',
        state: 'down',
        contacts: '[]',
        first_reported_at: t0 - 9 * 86_400_000,
        opened_at: t0,
        requested_at: t0,
        down_at: t0 + 86_400_000,
        updated_at: t0,
      })
      .execute();
    amazonId = (
      await ctx.db.kysely
        .selectFrom('brands')
        .select('id')
        .where('slug', '=', 'amazon')
        .executeTakeFirstOrThrow()
    ).id;
    const signedAnalyst = await signIn(app, ctx, { role: 'analyst' });
    analyst = signedAnalyst.headers;
    // The published figures name only what the public may see: the April phishing URLs are confirmed.
    const urls = await ctx.db.kysely.selectFrom('urls').select('id').execute();
    await ctx.triage.setVerdicts(principal('analyst', signedAnalyst.userId), {
      ids: urls.map((u) => u.id),
      status: 'confirmed',
      reason: 'seen live',
    });
    brandUser = (await signIn(app, ctx, { role: 'brand', brandIds: [amazonId] })).headers;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('shows a draft to staff only and lets only staff edit and publish', async () => {
    for (const headers of [{}, brandUser]) {
      expect((await app.inject({ url: '/reports/monthly/2026-04', headers })).statusCode).toBe(404);
    }
    const draft = await app.inject({ url: '/reports/monthly/2026-04?lang=en', headers: analyst });
    expect(draft.statusCode).toBe(200);
    expect(draft.headers['cache-control']).toBe('no-store');
    expect(draft.body).toContain('Not started (staff only)');

    const body = { summaryJa: '<script>alert(1)</script>\n\n- 一つ目\n- 二つ目', summaryEn: 'Amazon led.' };
    expect(
      (await app.inject({ method: 'PUT', url: '/api/v1/monthly-reports/2026-04', payload: body })).statusCode,
    ).toBe(401);
    const forbidden = await app.inject({
      method: 'PUT',
      url: '/api/v1/monthly-reports/2026-04',
      payload: body,
      headers: brandUser,
    });
    expect(forbidden.statusCode).toBe(403);
    const saved = await app.inject({
      method: 'PUT',
      url: '/api/v1/monthly-reports/2026-04',
      payload: body,
      headers: analyst,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ month: '2026-04', status: 'draft', summaryEn: 'Amazon led.' });

    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/monthly-reports/2026-04/publish' })).statusCode,
    ).toBe(401);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/monthly-reports/2026-04/publish',
          headers: brandUser,
        })
      ).statusCode,
    ).toBe(403);
    // Without the CSRF token a session cookie does not count.
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/v1/monthly-reports/2026-04/publish',
      headers: { cookie: analyst.cookie! },
    });
    expect(noCsrf.statusCode).toBeGreaterThanOrEqual(401);
    const published = await app.inject({
      method: 'POST',
      url: '/api/v1/monthly-reports/2026-04/publish',
      headers: analyst,
    });
    expect(published.statusCode).toBe(200);
    expect(published.json().status).toBe('published');

    const json = await app.inject({ url: '/api/v1/monthly-reports/2026-04' });
    expect(json.statusCode).toBe(200);
    expect(json.json().figures.stats.headline.reports).toEqual({
      value: 4,
      previous: 1,
      change: 3,
      changeRatio: 3,
    });
    expect(json.json().figures.trend).toHaveLength(13);
    expect((await app.inject({ url: '/api/v1/monthly-reports/2026-05' })).statusCode).toBe(404);
    expect(
      (await app.inject({ url: '/api/v1/monthly-reports/2026-05', headers: analyst })).json().status,
    ).toBe('none');
    const list = await app.inject({ url: '/api/v1/monthly-reports' });
    expect(list.json().reports.map((r: { month: string }) => r.month)).toEqual(['2026-04']);
  });

  it('serves the published page to everyone, in Japanese by default and in English', async () => {
    const ja = await app.inject({ url: '/reports/monthly/2026-04' });
    expect(ja.statusCode).toBe(200);
    expect(ja.headers['content-security-policy']).toContain("default-src 'none'");
    expect(ja.body).toContain('<html lang="ja"');
    expect(ja.body).toContain('フィッシング報告状況 2026年4月');
    // Reports 4 (March 1): +3, +300.0%; URLs 4; brands 2 (+1).
    expect(ja.body).toMatch(
      /報告件数<\/div><div class="value">4<\/div><div class="change up">前月比 \+3（\+300\.0%）/,
    );
    expect(ja.body).toContain('2026年4月の報告件数は4件で、前月から3件増加しました（+300.0%）。');
    expect(ja.body).toContain('最も多く報告されたブランドはアマゾンで');
    expect(ja.body).toContain(
      '今月は1件のテイクダウン案件を開始し、1件のサイトが閉鎖されました（閉鎖依頼から閉鎖までの中央値 24.0時間）。',
    );
    expect(ja.body).not.toContain('<script>');
    expect(ja.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(ja.body).toContain('<li>一つ目</li>');
    expect(ja.body).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby=/);
    expect(ja.body).toContain('<title id=');
    // Phishing domains are defanged on the public page.
    expect(ja.body).toContain('evil-b[.]test');
    expect(ja.body).not.toContain('evil-b.test');

    const en = await app.inject({ url: '/reports/monthly/2026-04?lang=en' });
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('Phishing report status, April 2026');
    expect(en.body).toContain('+3 (+300.0%) on the previous month');
    expect(en.body).toContain(
      'In April 2026, 4 reports were received, 3 more than the month before (+300.0%).',
    );
    expect(en.body).toContain('Amazon led.');
    expect(en.body).toContain('Median time from first report to takedown</td><td>10.0 days</td>');
    expect(en.headers['cache-control']).toContain('public');

    const index = await app.inject({ url: '/reports/monthly?lang=en' });
    expect(index.body).toContain('href="/reports/monthly/2026-04?lang=en"');
    expect((await app.inject({ url: '/reports/monthly/2026-4' })).statusCode).toBe(404);
  });

  it('exports every table as CSV for Excel, one by one and as a ZIP', async () => {
    const brands = await app.inject({ url: '/reports/monthly/2026-04.csv?table=brands&lang=en' });
    expect(brands.statusCode).toBe(200);
    expect(brands.headers['content-type']).toContain('text/csv');
    const rows = csvRows(brands.rawPayload);
    expect(rows[0]).toEqual(['Rank', 'Brand', 'Sector', 'Reports', 'Share', 'Cumulative share']);
    expect(rows[1]).toEqual(['1', 'Amazon', 'E-commerce', '2', '50.0%', '50.0%']);

    const headline = csvRows(
      (await app.inject({ url: '/reports/monthly/2026-04.csv?table=headline&lang=en' })).rawPayload,
    );
    expect(headline[1]).toEqual(['Reports', '4', '1', '3', '300.0%']);

    const sources = csvRows(
      (await app.inject({ url: '/reports/monthly/2026-04.csv?table=sources' })).rawPayload,
    );
    // A feed kind that is not a public channel is not named (`other`), formula-looking or not.
    const kinds = sources.slice(1).map((r) => r[0]);
    expect(kinds).toContain('other');
    expect(kinds.join()).not.toContain('=1+2');

    expect((await app.inject({ url: '/reports/monthly/2026-04.csv?table=nope' })).statusCode).toBe(400);

    const zip = await app.inject({ url: '/reports/monthly/2026-04.zip?lang=en' });
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = readZip(zip.rawPayload);
    expect([...files.keys()]).toContain('phishdesk-monthly-2026-04-en-brands.csv');
    // One file per table, time to takedown ("who takes phishing down") included.
    expect(files.size).toBe(12);
    expect([...files.keys()]).toContain('phishdesk-monthly-2026-04-en-survival.csv');
    expect(files.get('phishdesk-monthly-2026-04-en-brands.csv')!.equals(brands.rawPayload)).toBe(true);
  });

  it('serves the dashboard to staff, filtered by brand and source', async () => {
    expect((await app.inject({ url: '/api/v1/dashboard' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/v1/dashboard', headers: brandUser })).statusCode).toBe(403);
    const all = await app.inject({ url: '/api/v1/dashboard', headers: analyst });
    expect(all.statusCode).toBe(200);
    const d = all.json();
    expect(d.days).toHaveLength(30);
    expect(d.days.at(-1).date).toBe('2026-05-22');
    expect(d.days.find((x: { date: string }) => x.date === '2026-05-21')).toEqual({
      date: '2026-05-21',
      reports: 1,
      uniqueUrls: 1,
    });
    expect(d.months).toHaveLength(13);
    expect(d.months.at(-1)).toEqual({ month: '2026-05', reports: 1, brandsAbused: 1, uniqueUrls: 1 });
    expect(d.months.at(-2)).toEqual({ month: '2026-04', reports: 4, brandsAbused: 2, uniqueUrls: 4 });
    // The 30 days (04-23..05-22) hold the reports of 04-30 and 05-21.
    expect(d.topBrands.map((b: { slug: string }) => b.slug).sort()).toEqual(['amazon', 'smbc-card'].sort());

    const amazon = (
      await app.inject({ url: `/api/v1/dashboard?brand=${amazonId}`, headers: analyst })
    ).json();
    // Filtered unique URLs come from the filtered reports' links, by JST month (04/01 00:10 JST is April).
    expect(amazon.months.at(-2)).toEqual({ month: '2026-04', reports: 2, brandsAbused: 1, uniqueUrls: 2 });
    expect(amazon.months.at(-3)).toEqual({ month: '2026-03', reports: 1, brandsAbused: 1, uniqueUrls: 1 });
    expect(amazon.topBrands.map((b: { slug: string }) => b.slug)).toEqual(['amazon']);

    const odd = d.options.sources.find((s: { name: string }) => s.name === 'odd');
    const bySource = (
      await app.inject({ url: `/api/v1/dashboard?source=${odd.id}`, headers: analyst })
    ).json();
    expect(bySource.months.at(-2)).toMatchObject({ reports: 1, uniqueUrls: 1 });
    expect(bySource.days.every((x: { reports: number }) => x.reports === 0)).toBe(true);
    expect((await app.inject({ url: '/api/v1/dashboard?brand=x', headers: analyst })).statusCode).toBe(400);
  });

  it('publishes no domain seen only in TLP:RED, never-confirmed reports, and no internal feed', async () => {
    // January: a domain only an internal feed reported, under TLP:RED, never confirmed; it would top
    // the domains table (3 URLs) if the public figures counted it.
    const secret = [1, 2, 3].map(
      (i) =>
        [`2026/01/1${i} 10:00:00`, `https://p${i}.redsecret-domain.xyz/login`, 'Amazon'] as [
          string,
          string,
          string,
        ],
    );
    await importRows(ctx, secret, 'internal-soc-feed', 'misp');
    await importRows(ctx, [['2026/01/20 10:00:00', 'https://ok.public-domain.test/', 'Amazon']]);
    const k = ctx.db.kysely;
    const soc = await k
      .selectFrom('sources')
      .select('id')
      .where('name', '=', 'internal-soc-feed')
      .executeTakeFirstOrThrow();
    await k.updateTable('reports').set({ tlp: 'red' }).where('source_id', '=', soc.id).execute();
    const ok = await k
      .selectFrom('urls as u')
      .innerJoin('hosts as h', 'h.id', 'u.host_id')
      .select('u.id')
      .where('h.name', '=', 'ok.public-domain.test')
      .executeTakeFirstOrThrow();
    const analystId = (
      await k.selectFrom('users').select('id').where('role', '=', 'analyst').executeTakeFirstOrThrow()
    ).id;
    await ctx.triage.setVerdicts(principal('analyst', analystId), {
      ids: [ok.id],
      status: 'confirmed',
      reason: 'live',
    });
    const draft = await app.inject({
      method: 'PUT',
      url: '/api/v1/monthly-reports/2026-01',
      payload: { summaryJa: '一月', summaryEn: 'January.' },
      headers: analyst,
    });
    expect(draft.statusCode, draft.body).toBe(200);
    const published = await app.inject({
      method: 'POST',
      url: '/api/v1/monthly-reports/2026-01/publish',
      headers: analyst,
    });
    expect(published.statusCode, published.body).toBe(200);
    const json = await app.inject({ url: '/api/v1/monthly-reports/2026-01' });
    const page = await app.inject({ url: '/reports/monthly/2026-01?lang=en' });
    const domains = await app.inject({ url: '/reports/monthly/2026-01.csv?table=domains&lang=en' });
    const sources = await app.inject({ url: '/reports/monthly/2026-01.csv?table=sources&lang=en' });
    for (const res of [json, page, domains, sources]) expect(res.statusCode).toBe(200);
    const top = json.json().figures.stats.sites.domains.top.map((d: { domain: string }) => d.domain);
    expect(top).toEqual(['public-domain.test']);
    // Counts still count every report received (they name nothing).
    expect(json.json().figures.stats.headline.reports.value).toBe(4);
    for (const res of [json, page, domains, sources]) {
      expect(res.body).not.toContain('redsecret');
      expect(res.body).not.toContain('misp');
      expect(res.body).not.toContain('internal-soc');
    }
    expect(page.body).toContain('public-domain[.]test');
  });
});
