import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { multipartBody } from '../../test/multipart.ts';
import { buildServer } from '../http/server.ts';
import { bytesOver, oversizedField } from './field-limits.ts';

describe('field size limits', () => {
  it('measures UTF-8 bytes, not characters', () => {
    expect(bytesOver('a'.repeat(100), 100)).toBeNull();
    expect(bytesOver('a'.repeat(101), 100)).toBe(101);
    expect(bytesOver('あ'.repeat(33), 100)).toBeNull(); // 99 bytes
    expect(bytesOver('あ'.repeat(34), 100)).toBe(102);
    expect(bytesOver('😀'.repeat(26), 100)).toBe(104);
  });

  it('names the first oversized string of a row, at any depth, keys included', () => {
    const big = 'x'.repeat(101);
    expect(oversizedField({ a: 'ok', fields: ['1', big] }, 100)).toEqual({ path: 'fields[1]', bytes: 101 });
    expect(oversizedField({ attribute: { comment: big } }, 100)).toEqual({
      path: 'attribute.comment',
      bytes: 101,
    });
    expect(oversizedField({ [big]: 1 }, 100)?.path).toMatch(/\(its name\)$/);
    expect(oversizedField(big, 100)).toEqual({ path: 'value', bytes: 101 });
    expect(oversizedField({ a: ['ok', { b: 1, c: null }] }, 100)).toBeNull();
    // Deeper than the call stack would allow.
    let deep: unknown = big;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(oversizedField(deep, 100)?.bytes).toBe(101);
  });
});

describe.each(DIALECTS)('report fields over the limit on %s', (dialect) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext(dialect, { RATE_LIMIT_PER_MINUTE: '1000', REPORT_FIELD_MAX_BYTES: '4096' });
    app = await buildServer(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const count = async () =>
    Number(
      (
        await ctx.db.kysely
          .selectFrom('reports')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const post = (payload: unknown) =>
    app.inject({ method: 'POST', url: '/api/v1/reports', payload: payload as object });

  it('JSON API: a field over the limit is 413 report.field_too_large naming the field; one at the limit is stored whole', async () => {
    const before = await count();
    const over = await post({ kind: 'sms', content: `https://sms.example.com/ ${'あ'.repeat(1400)}` });
    expect(over.statusCode).toBe(413);
    expect(over.json().error).toMatchObject({
      code: 'report.field_too_large',
      message: expect.stringMatching(/^content is 4225 bytes; a report field may hold at most 4096 bytes$/),
    });
    const email = await post({ kind: 'email', content: `Subject: x\n\n${'y'.repeat(5000)}` });
    expect(email.statusCode).toBe(413);
    expect(email.json().error.message).toMatch(/\.eml attachment/);
    expect(await count()).toBe(before);

    const content = `https://sms.example.com/ ${'a'.repeat(4096 - 25)}`;
    const at = await post({ kind: 'sms', content });
    expect(at.statusCode).toBe(202);
    const stored = await ctx.db.kysely
      .selectFrom('reports')
      .select('payload')
      .where('external_id', '=', at.json().id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.payload).content).toBe(content);
  });

  it('multipart (API and public form): refused with 413, a field beyond the reader’s own limit too, never cut short', async () => {
    const before = await count();
    const api = multipartBody({ kind: 'text', content: 'z'.repeat(5000) }, []);
    const viaApi = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: api.headers,
      payload: api.body,
    });
    expect(viaApi.statusCode).toBe(413);
    expect(viaApi.json().error.code).toBe('report.field_too_large');

    const form = multipartBody({ kind: 'text', content: 'z'.repeat(5000), lang: 'en' }, []);
    const viaForm = await app.inject({
      method: 'POST',
      url: '/report',
      headers: form.headers,
      payload: form.body,
    });
    expect(viaForm.statusCode).toBe(413);
    expect(viaForm.body).toContain('content is 5000 bytes');

    // Past 256 KiB the multipart reader itself stops; it used to hand on the first 256 KiB as if whole.
    const huge = multipartBody(
      { report: JSON.stringify({ kind: 'text', content: 'h'.repeat(300 * 1024) }) },
      [],
    );
    const viaHuge = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: huge.headers,
      payload: huge.body,
    });
    expect(viaHuge.statusCode).toBe(413);
    expect(viaHuge.json().error).toMatchObject({
      code: 'request.too_large',
      message: expect.stringContaining('field "report"'),
    });
    expect(await count()).toBe(before);
  });
});
