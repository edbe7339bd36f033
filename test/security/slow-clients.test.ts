import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.ts';
import { createTestContext, type TestContext } from '../context.ts';

/** Opens a raw socket and resolves with what the server sent and after how long it closed the socket. */
function hold(port: number, drip: { first: string; each: string; everyMs: number }) {
  return new Promise<{ closedAfterMs: number; received: string }>((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | null = null;
    socket.on('connect', () => {
      if (drip.first) socket.write(drip.first);
      if (drip.each) timer = setInterval(() => socket.writable && socket.write(drip.each), drip.everyMs);
    });
    socket.on('data', (d) => {
      received += d.toString('latin1');
    });
    const done = () => {
      if (timer) clearInterval(timer);
      resolve({ closedAfterMs: performance.now() - started, received });
    };
    socket.on('close', done);
    socket.on('error', () => {});
    // The test's own safety net: a server that never closes fails the assertions below.
    setTimeout(() => socket.destroy(), 15_000).unref();
  });
}

describe('slow clients cannot hold the server', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let port = 0;

  beforeAll(async () => {
    ctx = await createTestContext('sqlite', {
      HTTP_HEADERS_TIMEOUT_MS: '500',
      HTTP_REQUEST_TIMEOUT_MS: '1000',
      HTTP_KEEPALIVE_TIMEOUT_MS: '300',
      HTTP_CONNECTION_TIMEOUT_MS: '1500',
    });
    app = await buildServer(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('drops a client that trickles its headers (slowloris)', async () => {
    const r = await hold(port, {
      first: 'GET /healthz HTTP/1.1\r\nHost: x\r\n',
      each: 'X-a: b\r\n',
      everyMs: 100,
    });
    expect(r.closedAfterMs).toBeLessThan(5000);
    expect(r.received).not.toMatch(/200 OK/);
  });

  it('drops a client that trickles its body', async () => {
    const r = await hold(port, {
      first:
        'POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
      each: ' ',
      everyMs: 100,
    });
    expect(r.closedAfterMs).toBeLessThan(6000);
    expect(r.received).not.toMatch(/ 202 /);
  });

  it('drops a connection that never sends anything, and an idle keep-alive connection', async () => {
    const silent = await hold(port, { first: '', each: '', everyMs: 0 });
    expect(silent.closedAfterMs).toBeLessThan(6000);
    const idle = await hold(port, {
      first: 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n',
      each: '',
      everyMs: 0,
    });
    expect(idle.received).toMatch(/^HTTP\/1\.1 200/);
    expect(idle.closedAfterMs).toBeLessThan(3000);
  });

  it('keeps answering others while slow clients are connected', async () => {
    const slow = Array.from({ length: 50 }, () =>
      hold(port, { first: 'GET / HTTP/1.1\r\nHost: x\r\n', each: 'X: y\r\n', everyMs: 200 }),
    );
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    const closed = await Promise.all(slow);
    for (const c of closed) expect(c.closedAfterMs).toBeLessThan(6000);
  });
});
