import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/context.ts';
import { DIALECTS } from '../../test/databases.ts';
import { connectSmtp, type SmtpClient } from '../../test/smtp-client.ts';
import { createSmtpIntake } from './smtp-intake.ts';
import type { SmtpClientLimits } from './smtp-limits.ts';

/** A forward of about `bytes` bytes with a URL, so each stored one is a real report. */
function forward(n: number, bytes = 200): string {
  const line = 'x'.repeat(70);
  const filler = Array.from({ length: Math.ceil(bytes / 72) }, () => line).join('\n');
  return `From: citizen@example.jp\nSubject: Fwd: ${n}\n\nhttps://limit-${n}.example.com/login\n${filler}`;
}

describe.each(DIALECTS)('SMTP intake limits per client on %s', (dialect) => {
  let ctx: TestContext;
  const servers: ReturnType<typeof createSmtpIntake>[] = [];
  const clients: SmtpClient[] = [];

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
    await Promise.all(servers.map((s) => s.close()));
    await ctx?.close();
  });

  async function start(limits: Partial<SmtpClientLimits>) {
    const smtp = createSmtpIntake({
      intake: ctx.intake,
      log: ctx.log,
      maxBytes: 2_000_000,
      clientLimits: { messagesPerMinute: 100, bytesPerHour: 10_000_000, connections: 10, ...limits },
      clock: ctx.clock,
    });
    servers.push(smtp);
    const port = await smtp.listen(0, '127.0.0.1');
    const client = async (localAddress?: string) => {
      const c = connectSmtp(port, localAddress);
      clients.push(c);
      expect(await c.reply()).toMatch(/^220 /);
      expect(await c.command('EHLO client.test')).toMatch(/^250 /);
      return c;
    };
    return { client, port };
  }

  async function stored(): Promise<string[]> {
    const rows = await ctx.db.kysely
      .selectFrom('reports')
      .innerJoin('sources', 'sources.id', 'reports.source_id')
      .select('reports.external_id')
      .where('sources.name', '=', 'smtp-forward')
      .execute();
    return rows.map((r) => r.external_id);
  }
  const queuedId = (reply: string) => /queued as ([0-9a-f-]{36})/.exec(reply)?.[1];

  it('messages per minute: the one over the limit gets 451 at MAIL FROM; the accepted ones are stored; the next minute accepts again', async () => {
    const { client } = await start({ messagesPerMinute: 3 });
    const before = await stored();
    const c = await client();
    const accepted: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await c.send({ body: forward(i) });
      expect(r).toMatch(/^250 /);
      accepted.push(queuedId(r)!);
    }
    // Refused before any data is sent.
    expect(await c.command('MAIL FROM:<citizen@example.jp>')).toMatch(
      /^451 .*Too many messages from your address \(at most 3 a minute\)/,
    );
    // Every 250 is a stored report, and nothing of the refused one.
    expect((await stored()).filter((id) => !before.includes(id)).sort()).toEqual(accepted.sort());

    // Another address has its own allowance.
    const other = await client('127.0.0.2');
    expect(await other.send({ body: forward(4) })).toMatch(/^250 /);

    ctx.clock.advance(59_999);
    expect(await c.send({ body: forward(5) })).toMatch(/^451 /);
    ctx.clock.advance(1);
    const again = await c.send({ body: forward(6) });
    expect(again).toMatch(/^250 /);
    expect(await stored()).toContain(queuedId(again));
    expect((await stored()).length - before.length).toBe(5);
  });

  it('two transactions racing for the last message of the minute: one is stored, the other told 451 after DATA', async () => {
    const { client } = await start({ messagesPerMinute: 1 });
    const before = (await stored()).length;
    const [a, b] = [await client('127.0.0.4'), await client('127.0.0.4')];
    for (const c of [a!, b!]) {
      expect(await c.command('MAIL FROM:<citizen@example.jp>')).toMatch(/^250 /);
      expect(await c.command('RCPT TO:<report@phishdesk.test>')).toMatch(/^250 /);
      expect(await c.command('DATA')).toMatch(/^354 /);
    }
    const replies = await Promise.all(
      [a!, b!].map((c, i) => c.command(`${forward(30 + i).replace(/\n/g, '\r\n')}\r\n.`)),
    );
    expect(replies.map((r) => r.slice(0, 4)).sort()).toEqual(['250 ', '451 ']);
    expect((await stored()).length - before).toBe(1);
  });

  it('bytes per hour: refused with 452 after DATA, or at MAIL FROM by its declared SIZE; the next hour accepts again', async () => {
    const { client } = await start({ bytesPerHour: 2500 });
    const before = (await stored()).length;
    const c = await client();
    expect(await c.send({ body: forward(10, 1000) })).toMatch(/^250 /);
    expect(await c.send({ body: forward(11, 1000) })).toMatch(/^250 /);
    // About 2,200 bytes used: this one is only known to be too large once its data has arrived.
    expect(await c.send({ body: forward(12, 1000) })).toMatch(
      /^452 .*Too much mail from your address \(at most 2500 bytes an hour\)/,
    );
    // A declared size that cannot fit is refused before any data is sent.
    expect(await c.send({ size: 1000, body: forward(13, 1000) })).toMatch(/^452 /);
    expect((await stored()).length - before).toBe(2);
    // What was refused did not use the allowance up: a small message still fits.
    expect(await c.command('RSET')).toMatch(/^250 /);
    expect(await c.send({ body: forward(14, 10) })).toMatch(/^250 /);

    ctx.clock.advance(3_600_000);
    expect(await c.send({ body: forward(15, 1000) })).toMatch(/^250 /);
    expect((await stored()).length - before).toBe(4);
  });

  it('connections at once: the one over the limit gets 421 and is closed; others and later ones are served', async () => {
    const { client, port } = await start({ connections: 2 });
    const held = [await client(), await client()];
    const third = connectSmtp(port);
    expect(await third.reply()).toMatch(
      /^421 .*Too many connections from your address \(at most 2 at once\)/,
    );
    await third.closed;
    // Another address is not affected.
    const other = await client('127.0.0.3');
    expect(await other.send({ body: forward(20) })).toMatch(/^250 /);
    // Once one of the two has left, the address may connect again (a refused one was never counted).
    await held[0]!.quit();
    const next = await client();
    expect(await next.send({ body: forward(21) })).toMatch(/^250 /);
  });
});
