import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.ts';
import { createSmtpIntake } from '../../src/reports/smtp-intake.ts';
import { createTestContext, type TestContext } from '../context.ts';

/** A raw SMTP conversation: sends `lines` one after the other and collects every reply. */
function smtpSession(port: number, lines: string[], waitMs = 300) {
  return new Promise<{ replies: string; closedAfterMs: number | null }>((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let replies = '';
    let closedAfterMs: number | null = null;
    socket.on('data', (d) => {
      replies += d.toString();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closedAfterMs = performance.now() - started;
    });
    // Speak only after the greeting (a client that talks first is refused, correctly).
    socket.once('data', async () => {
      for (const line of lines) {
        await new Promise((r) => setTimeout(r, 30));
        if (socket.writable) socket.write(`${line}\r\n`);
      }
      setTimeout(() => {
        resolve({ replies, closedAfterMs });
        socket.destroy();
      }, waitMs);
    });
  });
}

describe('limits on everything that comes from outside', () => {
  let ctx: TestContext;
  let app: FastifyInstance;

  beforeAll(async () => {
    ctx = await createTestContext('sqlite', {
      BODY_LIMIT_BYTES: String(256 * 1024),
      RATE_LIMIT_PER_MINUTE: '5',
    });
    app = await buildServer(ctx);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const postJson = (payload: string, ip = '10.0.0.1') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload,
      headers: { 'content-type': 'application/json' },
      remoteAddress: ip,
    });

  it('JSON: body size, nesting, unknown keys and field lengths are bounded', async () => {
    expect(
      (await postJson(`{"kind":"sms","content":"${'a'.repeat(300 * 1024)}"}`, '10.0.1.1')).statusCode,
    ).toBe(413);
    expect((await postJson('['.repeat(200_000), '10.0.1.2')).statusCode).toBe(400);
    expect((await postJson(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, '10.0.1.3')).statusCode).toBe(
      400,
    );
    expect(
      (await postJson(JSON.stringify({ kind: 'sms', content: 'x', extra: 1 }), '10.0.1.4')).statusCode,
    ).toBe(400);
    expect(
      (await postJson(JSON.stringify({ kind: 'sms', subject: 's'.repeat(1001) }), '10.0.2.1')).statusCode,
    ).toBe(400);
    expect(
      (await postJson(JSON.stringify({ kind: 'sms', sender: 's'.repeat(321) }), '10.0.2.2')).statusCode,
    ).toBe(400);
    // Content is capped below the body limit too (a larger body limit must not widen it): 413 with the field.
    const wide = await postJson(JSON.stringify({ kind: 'sms', content: 'a'.repeat(65 * 1024) }), '10.0.2.4');
    expect(wide.statusCode).toBe(413);
    expect(wide.json().error).toMatchObject({ code: 'report.field_too_large' });
    expect(
      (await postJson('{"__proto__":{"polluted":true},"kind":"sms","content":"x"}', '10.0.2.3')).statusCode,
    ).toBe(400);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('requests per minute per client address on public writes', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push(
        (await postJson(JSON.stringify({ kind: 'url', content: `https://r${i}.example.com/x` }), '10.9.9.9'))
          .statusCode,
      );
    expect(codes.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(codes.slice(5)).toEqual([429, 429]);
    // Another address is not affected.
    expect(
      (await postJson(JSON.stringify({ kind: 'url', content: 'https://other.example.com/x' }), '10.9.9.8'))
        .statusCode,
    ).toBe(202);
  });

  it('URL length and header size', async () => {
    const long = await app.inject({ method: 'GET', url: `/api/v1/reports/${'a'.repeat(20_000)}` });
    expect(long.statusCode).toBeGreaterThanOrEqual(400);
    expect(long.statusCode).toBeLessThan(500);
  });

  it('SMTP: connections at once, recipients per message, message size and idle sessions', async () => {
    const smtp = createSmtpIntake({
      intake: ctx.intake,
      log: ctx.log,
      maxBytes: 4096,
      clientLimits: ctx.config.smtpClients,
      clock: ctx.clock,
      maxClients: 2,
      socketTimeoutMs: 500,
    });
    const port = await smtp.listen(0, '127.0.0.1');
    try {
      // Two sessions held open: the third is turned away with 421.
      const held = [net.connect(port, '127.0.0.1'), net.connect(port, '127.0.0.1')];
      // Both are counted once the server has greeted them.
      await Promise.all(held.map((s) => new Promise((r) => s.once('data', r))));
      const third = await smtpSession(port, [], 200);
      expect(third.replies).toMatch(/^421 /m);
      await Promise.all(
        held.map(
          (s) =>
            new Promise((r) => {
              s.once('close', r);
              s.destroy();
            }),
        ),
      );

      const rcpts = Array.from({ length: 12 }, (_, i) => `RCPT TO:<r${i}@phishdesk.test>`);
      const many = await smtpSession(port, ['EHLO t', 'MAIL FROM:<a@example.jp>', ...rcpts, 'QUIT']);
      expect(many.replies).toMatch(/^452 /m);

      const big = await smtpSession(port, ['EHLO t', `MAIL FROM:<a@example.jp> SIZE=${1024 * 1024}`, 'QUIT']);
      expect(big.replies).toMatch(/^552 /m);
      const body = await smtpSession(
        port,
        [
          'EHLO t',
          'MAIL FROM:<a@example.jp>',
          'RCPT TO:<r@phishdesk.test>',
          'DATA',
          'Subject: x',
          '',
          'x'.repeat(8000),
          '.',
          'QUIT',
        ],
        500,
      );
      expect(body.replies).toMatch(/^552 /m);

      // A session that says nothing is closed by the server.
      const idle = await smtpSession(port, ['EHLO t'], 1500);
      expect(idle.closedAfterMs).not.toBeNull();
      expect(idle.closedAfterMs!).toBeLessThan(1500);
    } finally {
      await smtp.close();
    }
  });
});
