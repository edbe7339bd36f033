import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.ts';
import { signIn } from '../auth.ts';
import { createTestContext, type TestContext } from '../context.ts';
import { fillPath, listRoutes } from './routes.ts';

const tag = randomBytes(4).toString('hex');
/** Markup that would run if any page printed attacker text without escaping it. */
const ATTACKS = [
  `<script>alert("xss-${tag}")</script>`,
  `"><img src=x onerror=alert('xss-${tag}')>`,
  `'><svg/onload=alert(\`xss-${tag}\`)>`,
  `</title><iframe src=javascript:alert(1)>xss-${tag}`,
];
/** What must never appear raw in an HTML response: the tags themselves, unescaped. */
const RAW = [/<script>alert\("xss-/, /<img src=x onerror=/, /<svg\/onload=/, /<iframe src=javascript:/];

describe('XSS: attacker text on every server-rendered page is escaped', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const candidates = new Set<string>(['1', '2']);

  beforeAll(async () => {
    ctx = await createTestContext('sqlite');
    app = await buildServer(ctx);
    await app.ready();
    // Attacker text in every field a reporter controls: SMS text, sender, subject, URL (path and query).
    for (const [i, attack] of ATTACKS.entries()) {
      const url = `https://xss-${tag}-${i}.example.com/${encodeURIComponent(attack)}?q=${attack}`;
      const sms = await ctx.intake.submit(
        { kind: 'sms', content: `${attack} ${url}`, sender: attack, consent: { police: true, brand: true } },
        [],
        'api',
      );
      const mail = await ctx.intake.submit(
        {
          kind: 'email',
          content: `From: ${attack} <a@evil.example>\r\nSubject: ${attack}\r\nContent-Type: text/html\r\n\r\n<a href="${url}">${attack}</a>`,
          subject: attack,
          consent: { police: false, brand: false },
        },
        [],
        'web',
      );
      candidates.add(sms.id).add(mail.id);
    }
    await ctx.queue.drain();
    for (const r of await ctx.db.kysely.selectFrom('urls').select(['id', 'url_hash']).execute()) {
      candidates.add(String(r.id)).add(r.url_hash);
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('escapes it in every HTML page any principal can reach', async () => {
    const admin = (await signIn(app, ctx, { role: 'admin' })).headers;
    const routes = listRoutes(app).filter((r) => r.method === 'GET' && !r.url.startsWith('/docs'));
    const failures: string[] = [];
    let htmlPages = 0;
    // Pages that did show attacker text (escaped): without any, this test would prove nothing.
    let escapedSeen = 0;
    for (const route of routes) {
      const values = route.pathParams.length ? [...candidates, ...ATTACKS] : [''];
      for (const value of values) {
        const url = fillPath(route, value);
        for (const headers of [{}, admin]) {
          // Attacker text in every declared query parameter too (e.g. the URL on the public /check page).
          const declared = route.queryParams.map(
            (q, i) => `${q}=${encodeURIComponent(ATTACKS[i % ATTACKS.length]!)}`,
          );
          for (const query of [
            '',
            `?q=${encodeURIComponent(ATTACKS[0]!)}&lang=${encodeURIComponent(ATTACKS[1]!)}`,
            ...(declared.length ? [`?${declared.join('&')}`] : []),
            ...route.queryParams.map(
              (q) => `?${q}=${encodeURIComponent(`https://x.example.com/${ATTACKS[0]!}`)}`,
            ),
          ]) {
            const res = await app.inject({ method: 'GET', url: url + query, headers });
            const type = String(res.headers['content-type'] ?? '');
            if (!type.includes('html')) continue;
            htmlPages++;
            for (const raw of RAW) if (raw.test(res.body)) failures.push(`${url}${query} → ${raw}`);
            if (res.body.includes(`&lt;script&gt;alert(`) || res.body.includes('&lt;img src=x onerror='))
              escapedSeen++;
            // Pages never allow inline script, so even a missed escape could not run.
            if (
              res.statusCode < 300 &&
              !/script-src 'none'|default-src 'none'|script-src 'self'/.test(
                String(res.headers['content-security-policy'] ?? ''),
              )
            )
              failures.push(`${url} has no script-restricting CSP`);
          }
        }
      }
    }
    expect(htmlPages).toBeGreaterThan(5);
    expect(escapedSeen).toBeGreaterThan(0);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 300_000);

  it('returns attacker text in JSON as data, defanged where it is a URL', async () => {
    for (const id of [...candidates].filter((c) => c.includes('-'))) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/reports/${id}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      for (const u of (res.json() as { urls: { url: string }[] }).urls)
        expect(u.url).not.toMatch(/^https?:\/\//);
    }
  });
});
