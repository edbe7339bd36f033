import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/phishdesk.mjs');

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('graceful shutdown on SIGTERM', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-graceful-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stops accepting, finishes the request in flight, closes the database and exits 0', async () => {
    const port = await freePort();
    const file = path.join(dir, 'g.sqlite');
    const child = spawn(process.execPath, [BIN, 'serve', '--role', 'all'], {
      env: {
        ...process.env,
        DATABASE_URL: `sqlite:${file}`,
        DATA_DIR: dir,
        PORT: String(port),
        HOST: '127.0.0.1',
        SMTP_ENABLED: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((r) =>
      child.on('exit', (code, signal) => r({ code, signal })),
    );
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (i > 200) throw new Error(`server did not start: ${output}`);
      await sleep(200);
    }

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
    await sleep(200);
    child.kill('SIGTERM');
    await sleep(500);

    // No new connections once shutting down …
    const refused = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => false,
      () => true,
    );
    expect(refused).toBe(true);
    // … but the request in flight is completed and answered.
    socket.write(body.slice(20));
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 202/);
    const { id } = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { id: string };

    expect(await exited, output).toEqual({ code: 0, signal: null });
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
