/**
 * Report intake over HTTP: reports accepted per second (each one committed with its analysis job before
 * the 202), next to two baselines from the same run: a Fastify route that answers 202 without touching
 * the database (HTTP cost alone), and bare better-sqlite3 inserts with one transaction per row.
 */

import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import SQLite from '../src/storage/sqlite-driver.ts';
import { fmt, isMain, machine, tempDir } from './lib.ts';

const TOTAL = 10_000;
const CONCURRENCY = 32;

/** A keep-alive node:http client (fetch costs more CPU than the server under test on 2 cores). */
function post(agent: http.Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function fire(target: string, total: number): Promise<{ seconds: number; ok: number; p99: number }> {
  const url = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  let ok = 0;
  const latencies: number[] = [];
  const start = performance.now();
  async function worker() {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const status = await post(
        agent,
        url,
        JSON.stringify({ kind: 'url', content: `https://bench-${i}.phish.example.com/login?id=${i}` }),
      );
      latencies.push(performance.now() - t0);
      if (status === 202) ok++;
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    seconds: (performance.now() - start) / 1000,
    ok,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

function bareSqliteSingleRowTransactions(n: number): number {
  const dir = tempDir('intake-bare');
  const db = new SQLite(path.join(dir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table r (id integer primary key, payload text not null, received_at integer not null)');
  const insert = db.prepare('insert into r (payload, received_at) values (?, ?)');
  const one = db.transaction((p: string) => insert.run(p, Date.now()));
  const start = performance.now();
  for (let i = 0; i < n; i++)
    one(JSON.stringify({ kind: 'url', content: `https://bench-${i}.example.com/` }));
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return seconds;
}

/** Starts bench/intake-server.ts in a child process and resolves with its port and a stop function. */
async function startServer(mode: 'noop' | 'phishdesk'): Promise<{ port: number; stop(): void }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof2'] : []),
      path.resolve('bin/run-ts.mjs'),
      'bench/intake-server.ts',
      mode,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number.parseInt(d.toString(), 10)));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { port, stop: () => child.kill('SIGINT') };
}

export async function runIntakeBenchmark(): Promise<void> {
  console.log(
    `intake benchmark — ${fmt(TOTAL)} reports over HTTP, ${CONCURRENCY} concurrent clients, server in its own process — ${machine()}`,
  );
  const noop = await startServer('noop');
  const base = await fire(`http://127.0.0.1:${noop.port}/noop`, TOTAL);
  noop.stop();
  console.log(
    `  baseline  Fastify 202 without storage:     ${fmt(TOTAL / base.seconds)} req/s (p99 ${base.p99.toFixed(1)} ms)`,
  );
  const bare = bareSqliteSingleRowTransactions(TOTAL);
  console.log(`  baseline  bare SQLite, 1 transaction/row:  ${fmt(TOTAL / bare)} rows/s`);
  const server = await startServer('phishdesk');
  const run = await fire(`http://127.0.0.1:${server.port}/api/v1/reports`, TOTAL);
  server.stop();
  console.log(
    `  phishdesk POST /api/v1/reports on SQLite: ${fmt(run.ok / run.seconds)} reports/s accepted (${run.ok}/${TOTAL} × 202, p99 ${run.p99.toFixed(1)} ms) — ` +
      `${(run.ok / run.seconds / (TOTAL / base.seconds)).toFixed(2)}× the HTTP-only baseline`,
  );
}

if (isMain(import.meta.url)) await runIntakeBenchmark();
