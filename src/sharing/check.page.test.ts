import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { buildServer } from '../http/server.ts';
import { pageContext } from '../pages/layout.tsx';
import { renderCheckPage } from './check.page.tsx';

const CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

describe('the public check page shows hostile URLs without bidi controls', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext('sqlite');
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('gives the checked URL back percent-encoded, never as raw override characters', async () => {
    const url = 'https://a.example/\u202Egpj.exe';
    const res = await app.inject({ method: 'GET', url: `/check?url=${encodeURIComponent(url)}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(CONTROLS);
    expect(res.body).toContain('value="https://a.example/%E2%80%AEgpj.exe"');
    expect(res.body).toMatch(/class="defanged" dir="ltr"[^>]*>hxxps:\/\/a\[\.\]example\//);
  });

  it('marks the controls of a matching URL and isolates it', () => {
    const html = renderCheckPage(
      pageContext('en', '/check'),
      'https://a.example/',
      {
        verdict: 'phishing',
        canonical: 'https://a.example/',
        matches: [{ expression: 'a.example/', url: 'https://a.example/\u2066moc.knab\u2069', tlp: 'clear' }],
      },
      null,
    );
    expect(html).not.toMatch(CONTROLS);
    expect(html).toContain(
      '<li class="defanged" dir="ltr">hxxps://a[.]example/[U+2066]moc.knab[U+2069]</li>',
    );
  });
});
