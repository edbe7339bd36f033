import type { FastifyInstance } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import type { PolicePackage } from './police-package.ts';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const URL_SEEN = 'https://amaz0n-secure.example.top/login?id=42';

function body(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describe.each(DIALECTS)("the victim's police package on %s", (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    app = await buildServer(ctx);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('shows the steps, the 110 and 被害届 note, and the form, without script', async () => {
    const res = await app.inject({ method: 'GET', url: '/victim' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('110');
    expect(res.body).toContain('被害届');
    expect(res.body).toContain('<option value="13">東京都</option>');
    expect(res.body).not.toContain('<script');
  });

  it('refuses a package without a prefecture or a description, keeping what was typed', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/victim',
      headers: form,
      payload: body({ prefecture: '99', kind: 'report', what: '', urls: URL_SEEN }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('role="alert"');
    expect(res.body).toContain(URL_SEEN.replaceAll('&', '&amp;'));
  });

  it('stores the package with its consent, hands out JSON and PDF, and reports the URL with the same consent', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/victim?lang=ja',
      headers: form,
      payload: body({
        lang: 'ja',
        prefecture: '13',
        kind: 'report',
        when: '2026年5月21日 20時ごろ',
        where: 'SMSのリンク先のサイト',
        who: 'アマゾンを名乗るSMS',
        what: 'カード番号を入力してしまい、身に覚えのない決済があった <b>not bold</b>',
        why: 'アカウント停止と書かれていた',
        how: 'カード番号とセキュリティコードを入力',
        urls: `${URL_SEEN}\n\n${URL_SEEN}\n`,
        messages: '【Amazon】お支払い方法に問題があります',
        damage: '38,000円の不正利用',
        contact_name: '山田 花子',
        contact_phone: '090-0000-0000',
        contact_email: 'hanako@example.test',
        consent_police: 'on',
      }),
    });
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    const id = /\/victim\/package\/([0-9a-f-]{36})/.exec(location)![1]!;
    const page = await app.inject({ method: 'GET', url: location });
    expect(page.body).toContain(`/victim/package/${id}.pdf`);
    expect(page.body).toContain(`/victim/package/${id}.json`);

    const json = await app.inject({ method: 'GET', url: `/victim/package/${id}.json` });
    expect(json.headers['content-disposition']).toContain('attachment');
    expect(json.headers['cache-control']).toBe('no-store');
    const pkg = json.json() as PolicePackage;
    expect(pkg.urls).toEqual([URL_SEEN]);
    expect(pkg.kindJa).toBe('通報');
    expect(pkg.prefectureName.ja).toBe('東京都');
    expect(pkg.consent).toEqual({ police: true, brand: false });
    expect(pkg.notice.ja).toContain('被害届');
    expect(pkg.notice.ja).toContain('110');

    const row = await ctx.db.kysely
      .selectFrom('victim_packages')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect([row.consent_police, row.consent_brand]).toEqual([1, 0]);
    const report = await ctx.db.kysely
      .selectFrom('reports')
      .select(['consent_police', 'consent_brand', 'payload'])
      .where('external_id', '=', pkg.reportId!)
      .executeTakeFirstOrThrow();
    expect([report.consent_police, report.consent_brand]).toEqual([1, 0]);
    expect(report.payload).toContain(URL_SEEN);

    if (dialect === 'sqlite') {
      const pdf = await app.inject({ method: 'GET', url: `/victim/package/${id}.pdf` });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const doc = await getDocumentProxy(new Uint8Array(pdf.rawPayload));
      const { text } = await extractText(doc, { mergePages: true });
      const normal = text.normalize('NFKC');
      expect(normal).toContain(URL_SEEN);
      expect(normal).toContain('被害届');
      expect(normal).toContain('<b>not bold</b>');
    }
    expect(
      (await app.inject({ method: 'GET', url: '/victim/package/00000000-0000-4000-8000-000000000000.pdf' }))
        .statusCode,
    ).toBe(404);
  }, 60_000);

  it('deletes packages (personal data) after 30 days, keeping the report made from them', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/victim',
      headers: form,
      payload: body({
        prefecture: '27',
        kind: 'consultation',
        what: '相談したい',
        urls: URL_SEEN,
        contact_name: '大阪 太郎',
      }),
    });
    const id = /([0-9a-f-]{36})/.exec(String(res.headers.location))![1]!;
    const pkg = (await ctx.victim.get(id))!;
    ctx.clock.advance(29 * 86_400_000);
    await ctx.victim.purgeExpired();
    expect(await ctx.victim.get(id)).not.toBeNull();
    ctx.clock.advance(2 * 86_400_000);
    expect(await ctx.victim.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await ctx.victim.get(id)).toBeNull();
    expect((await app.inject({ method: 'GET', url: `/victim/package/${id}.json` })).statusCode).toBe(404);
    const report = await ctx.db.kysely
      .selectFrom('reports')
      .select('payload')
      .where('external_id', '=', pkg.reportId!)
      .executeTakeFirst();
    expect(report?.payload).toContain(URL_SEEN);
    expect(report?.payload).not.toContain('大阪 太郎');
  });
});
