/**
 * Report intake over HTTP: reports accepted per second (each one committed with its analysis job before
 * the 202), next to two baselines from the same run: a Fastify route that answers 202 without touching
 * the database (HTTP cost alone), and bare better-sqlite3 inserts with one transaction per row.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { buildServer } from '../src/http/server.ts';
import { fmt, isMain, machine, tempDir } from './lib.ts';

const TOTAL = 10_000;
const CONCURRENCY = 32;

async function fire(url: string, total: number): Promise<{ seconds: number; ok: number; p99: number }> {
  let next = 0;
  let ok = 0;
  const latencies: number[] = [];
  const start = performance.now();
  async function worker() {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'url', content: `https://bench-${i}.phish.example.com/login?id=${i}` }),
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status === 202) ok++;
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  latencies.sort((a, b) => a - b);
  return { seconds: (performance.now() - start) / 1000, ok, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 };
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
  for (let i = 0; i < n; i++) one(JSON.stringify({ kind: 'url', content: `https://bench-${i}.example.com/` }));
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return seconds;
}

export async function runIntakeBenchmark(): Promise<void> {
  console.log(`intake benchmark — ${fmt(TOTAL)} reports over HTTP, ${CONCURRENCY} concurrent clients — ${machine()}`);
  const noop = Fastify();
  noop.post('/noop', async (_req, reply) => reply.status(202).send({ id: 'x', status: 'received' }));
  await noop.listen({ port: 0, host: '127.0.0.1' });
  const noopPort = (noop.server.address() as { port: number }).port;
  const base = await fire(`http://127.0.0.1:${noopPort}/noop`, TOTAL);
  await noop.close();
  console.log(`  baseline  Fastify 202 without storage:     ${fmt(TOTAL / base.seconds)} req/s (p99 ${base.p99.toFixed(1)} ms)`);
  const bare = bareSqliteSingleRowTransactions(TOTAL);
  console.log(`  baseline  bare SQLite, 1 transaction/row:  ${fmt(TOTAL / bare)} rows/s`);

  const dir = tempDir('intake');
  const config = loadConfig({
    DATABASE_URL: `sqlite:${path.join(dir, 'phishdesk.sqlite')}`,
    SMTP_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: String(TOTAL * 10),
  });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
  const app = await buildServer(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const run = await fire(`http://127.0.0.1:${port}/api/v1/reports`, TOTAL);
  console.log(
    `  phishdesk POST /api/v1/reports on SQLite: ${fmt(run.ok / run.seconds)} reports/s accepted (${run.ok}/${TOTAL} × 202, p99 ${run.p99.toFixed(1)} ms) — ` +
      `${(run.ok / run.seconds / (TOTAL / base.seconds)).toFixed(2)}× the HTTP-only baseline`,
  );
  await app.close();
  await ctx.close();
}

if (isMain(import.meta.url)) await runIntakeBenchmark();
