import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import SQLite from '../../src/storage/sqlite-driver.ts';
import { spawnPhishdesk } from '../processes.ts';

describe('graceful shutdown on SIGTERM', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-graceful-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stops accepting, finishes the request in flight, closes the database and exits 0', async () => {
    const file = path.join(dir, 'g.sqlite');
    const server = spawnPhishdesk('serve', ['serve', '--role', 'all'], {
      DATABASE_URL: `sqlite:${file}`,
      DATA_DIR: dir,
      PORT: '0',
      HOST: '127.0.0.1',
      SMTP_ENABLED: 'false',
      // info: the lines this test waits for (listening, the request arrived, shutting down).
      LOG_LEVEL: 'info',
    });
    const port = await server.port();
    const output = server.output;
    const exited = server.exit;

    // A report whose body is half sent when SIGTERM arrives.
    const body = JSON.stringify({
      kind: 'url',
      content: 'https://graceful.example.com/login',
      consent: { police: false, brand: false },
    });
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    socket.on('data', (d) => {
      response += d.toString();
    });
    const closed = new Promise((r) => socket.on('close', r));
    await new Promise((r) => socket.on('connect', r));
    socket.write(
      `POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 20)}`,
    );
    // The server has the request's headers (and is waiting for its body) before it is told to stop.
    await server.logged('incoming request');
    server.child.kill('SIGTERM');
    await server.logged('shutting down');

    // No new connections once shutting down: the listener closes while the request is still in flight
    // (until then new requests are answered 503 closing; the request in flight is what it waits for).
    let refused = false;
    for (const until = Date.now() + 10_000; !refused && Date.now() < until; ) {
      refused = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => false,
        () => true,
      );
    }
    expect(refused).toBe(true);
    // … but the request in flight is completed and answered.
    socket.write(body.slice(20));
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 202/);
    const { id } = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { id: string };

    expect(await exited, output()).toEqual({ code: 0, signal: null });
    // Durable, and the database closed cleanly (no job left claimed by the stopped worker).
    const db = new SQLite(file, { readonly: true });
    try {
      expect(db.prepare('select count(*) as n from reports where external_id = ?').get(id)).toEqual({ n: 1 });
      expect(db.prepare("select count(*) as n from jobs where status = 'active'").get()).toEqual({ n: 0 });
      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      db.close();
    }
  }, 120_000);
});
