/**
 * URL check API: GET /api/v1/check?url=… requests per second and p99 over HTTP against a list of confirmed
 * URLs (JPCERT/CC months imported and confirmed), half the queries listed URLs and half not, next to two
 * baselines of the same run: a Fastify GET answering a fixed verdict (HTTP alone), and the in-process
 * canonicalise + lookup expressions + SHA-256 path with no I/O (the check's own CPU floor).
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { readFeedFile } from '../src/feeds/feed-file.ts';
import { canonicalizeUrl } from '../src/urls/canonicalize.ts';
import { fullHashes } from '../src/urls/expressions.ts';
import { fmt, isMain, jpcertFiles, machine, tempDir } from './lib.ts';

const TOTAL = 20_000;
const CONCURRENCY = 32;
const MONTHS = 6;

function get(agent: http.Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

async function fire(base: string, queries: string[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let next = 0;
  let ok = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < queries.length) {
        const q = queries[next++]!;
        const t0 = performance.now();
        if ((await get(agent, `${base}${encodeURIComponent(q)}`)) === 200) ok++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    seconds: (performance.now() - start) / 1000,
    ok,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

async function startServer(args: string[]): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, [path.resolve('bin/run-ts.mjs'), 'bench/check-server.ts', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number.parseInt(d.toString(), 10)));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { port, stop: () => child.kill('SIGINT') };
}

/** A SQLite install with MONTHS of JPCERT/CC URLs imported and confirmed, and the sharing list built. */
async function seed(file: string): Promise<string[]> {
  const config = loadConfig({ DATABASE_URL: `sqlite:${file}`, SMTP_ENABLED: 'false', LOG_LEVEL: 'silent' });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
  try {
    for (const f of jpcertFiles().slice(-MONTHS))
      await ctx.imports.importEntries({ name: 'jpcert', kind: 'jpcert' }, readFeedFile('jpcert', f));
    await ctx.db.kysely.updateTable('urls').set({ status: 'confirmed' }).execute();
    await ctx.sharing.sync();
    return (await ctx.db.kysely.selectFrom('urls').select('canonical').execute()).map((r) => r.canonical);
  } finally {
    await ctx.close();
  }
}

export async function runCheckBenchmark(): Promise<void> {
  console.log(
    `check API benchmark — ${fmt(TOTAL)} GET /api/v1/check, ${CONCURRENCY} concurrent clients — ${machine()}`,
  );
  const file = path.join(tempDir('check'), 'check.sqlite');
  const listed = await seed(file);
  // Half listed URLs (with a deeper path, so the prefix expressions match), half unknown ones.
  const queries = Array.from({ length: TOTAL }, (_, i) =>
    i % 2 === 0
      ? `${listed[(i * 7919) % listed.length]}`
      : `https://unknown-${i}.example.org/login/${i}?a=${i}`,
  );
  console.log(`  ${fmt(listed.length)} confirmed URLs listed`);

  const t0 = performance.now();
  let n = 0;
  for (const q of queries) n += fullHashes(canonicalizeUrl(q)).length;
  const inproc = (performance.now() - t0) / 1000;
  console.log(
    `  baseline  in-process canonicalise + expressions + SHA-256: ${fmt(TOTAL / inproc)} URLs/s (${fmt(n)} hashes)`,
  );

  const noop = await startServer(['noop']);
  const base = await fire(`http://127.0.0.1:${noop.port}/noop?url=`, queries);
  noop.stop();
  console.log(
    `  baseline  Fastify GET without lookup: ${fmt(TOTAL / base.seconds)} req/s (p99 ${base.p99.toFixed(1)} ms)`,
  );

  const server = await startServer(['phishdesk', file]);
  // The figure means something only if listed URLs are found: check one of each before timing.
  const verdict = async (u: string) =>
    (
      (await (
        await fetch(`http://127.0.0.1:${server.port}/api/v1/check?url=${encodeURIComponent(u)}`)
      ).json()) as {
        verdict: string;
      }
    ).verdict;
  const [hit, miss] = [await verdict(queries[0]!), await verdict(queries[1]!)];
  if (hit !== 'phishing' || miss !== 'unknown')
    throw new Error(`check API answers ${hit}/${miss} for listed/unknown`);
  const run = await fire(`http://127.0.0.1:${server.port}/api/v1/check?url=`, queries);
  server.stop();
  console.log(
    `  phishdesk GET /api/v1/check: ${fmt(run.ok / run.seconds)} checks/s (${run.ok}/${TOTAL} × 200, p99 ${run.p99.toFixed(1)} ms) — ` +
      `${(run.ok / run.seconds / (TOTAL / base.seconds)).toFixed(2)}× the HTTP-only baseline`,
  );
}

if (isMain(import.meta.url)) await runCheckBenchmark();
