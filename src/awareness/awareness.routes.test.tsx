import type { FastifyInstance } from 'fastify';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { buildServer } from '../http/server.ts';
import { isOnSitePath, renderMarkdown } from './markdown.tsx';

describe('renderMarkdown (safe subset)', () => {
  const md = (s: string) => renderToStaticMarkup(renderMarkdown(s));

  it('renders headings, lists, quotes, bold, code and safe links', () => {
    expect(md('# Title\n\npara one\ncontinued\n\n- a\n- **b**\n\n1. x\n2. `y`\n\n> quoted')).toBe(
      '<h2>Title</h2><p>para one continued</p><ul><li>a</li><li><strong>b</strong></li></ul><ol><li>x</li><li><code>y</code></li></ol><blockquote>quoted</blockquote>',
    );
    expect(md('[report](/report) [site](https://example.org/a?b=1)')).toBe(
      '<p><a href="/report">report</a> <a href="https://example.org/a?b=1" rel="noopener noreferrer nofollow">site</a></p>',
    );
  });

  it('never lets HTML or a script URL through', () => {
    const out = md(
      '<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](//evil.example/) <img src=x onerror=alert(1)>',
    );
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('href="javascript');
    expect(out).not.toContain('href="//evil');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('takes a backslash or a second slash after the first for another site: not a link at all', () => {
    for (const target of ['/\\evil.example', '/\\/evil.example', '//evil.example', '/\\\\evil', '/a\\b']) {
      const out = md(`[x](${target})`);
      expect(out, target).not.toContain('<a');
      expect(out, target).toContain(`[x](${target})`);
    }
    expect(isOnSitePath('/\\evil.example')).toBe(false);
    expect(isOnSitePath('/report?lang=en')).toBe(true);
    expect(isOnSitePath('/')).toBe(true);
    expect(md('[x](/alerts/12)')).toBe('<p><a href="/alerts/12">x</a></p>');
    // No honest link needs a backslash, and browsers rewrite it: refused in http(s) targets too.
    expect(md('[x](https://a.example\\@evil.example/)')).not.toContain('<a');
  });
});

describe.each(DIALECTS)('awareness pages on %s', (dialect) => {
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

  it('shows the built-in pages in both languages, linked from /guide, with the report form and checker', async () => {
    const index = await app.inject({ method: 'GET', url: '/guide?lang=en' });
    for (const slug of ['guidelines-users', 'guidelines-operators', 'faq', 'how-to-report']) {
      expect(index.body).toContain(`href="/guide/${slug}?lang=en"`);
      const ja = await app.inject({ method: 'GET', url: `/guide/${slug}?lang=ja` });
      expect(ja.statusCode).toBe(200);
      expect(ja.body).toContain('href="/report?lang=ja"');
      expect(ja.body).toContain('href="/check?lang=ja"');
    }
    expect((await app.inject({ method: 'GET', url: '/guide/faq?lang=en' })).body).toContain(
      'Frequently asked questions',
    );
    expect((await app.inject({ method: 'GET', url: '/guide/nope' })).statusCode).toBe(404);
  });

  it('lets staff edit a page (audited), renders it escaped, and refuses anonymous edits', async () => {
    const analyst = await signIn(app, ctx, { role: 'analyst' });
    const payload = {
      title: '報告のしかた（改訂）',
      bodyMd: '# 新しい手順\n\n<script>alert(1)</script> [報告](/report)',
    };
    expect(
      (await app.inject({ method: 'PUT', url: '/api/v1/awareness/how-to-report/ja', payload })).statusCode,
    ).toBe(401);
    const saved = await app.inject({
      method: 'PUT',
      url: '/api/v1/awareness/how-to-report/ja',
      headers: analyst.headers,
      payload,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().edited).toBe(true);
    const page = await app.inject({ method: 'GET', url: '/guide/how-to-report?lang=ja' });
    expect(page.body).toContain('<h1>報告のしかた（改訂）</h1>');
    expect(page.body).toContain('<h2>新しい手順</h2>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert');
    // The English page keeps its own text.
    expect((await app.inject({ method: 'GET', url: '/guide/how-to-report?lang=en' })).body).toContain(
      'How to report',
    );
    const audit = await ctx.audit.list({ entity: 'awareness_page' });
    expect(audit.map((e) => [e.action, e.entityId])).toEqual([['awareness.save', 'how-to-report/ja']]);
  });
});
