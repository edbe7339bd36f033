import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dropSchema, TEST_POSTGRES_URL, type TestDb } from '../databases.ts';
import { type PhishdeskProcess, spawnPhishdesk } from '../processes.ts';
import { FULL_SCALE } from './scale.ts';

/**
 * Scale-out on PostgreSQL with real processes: two web and two worker processes (`phishdesk serve --role`)
 * on one schema and one pg-boss schema; 20,000 reports (`npm run test:scale`; 2,000 in `npm test`, which
 * keeps every check but not the load) through both web processes at once; one worker
 * SIGKILLed midway. Then every accepted report must be stored and analysed exactly once
 * (report_processing.runs = 1, one link, URL counted once, one job), and the feed schedule must have
 * run each source once although two workers kept it.
 */
const TOTAL = Number(process.env.MULTIPROCESS_REPORTS ?? (FULL_SCALE ? 20_000 : 2_000));
const IN_FLIGHT = 48;
const FEEDS = 3;

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | false>,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

function post(agent: http.Agent, port: number, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/reports',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function run(args: string[], env: Record<string, string>) {
  const p = spawnPhishdesk(args.join(' '), args, env);
  return p.exit.then((e) => ({ ...e, output: p.output() }));
}

describe('two web and two worker processes on PostgreSQL', () => {
  let db: TestDb;
  let bossSchema: string;
  let env: Record<string, string>;
  const procs: PhishdeskProcess[] = [];
  let feedServer: http.Server;
  const feedHits = new Map<string, number>();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-scale-'));
  const tag = randomBytes(4).toString('hex');

  beforeAll(async () => {
    db = await createTestDb('postgres');
    bossSchema = `boss_${db.schema}`;
    env = {
      DATABASE_URL: db.url,
      JOBS_SCHEMA: bossSchema,
      // A killed worker's claimed jobs are retried after 5 s instead of pg-boss's 15 min.
      JOBS_EXPIRE_SECONDS: '5',
      JOBS_MAINTENANCE_SECONDS: '1',
      DATA_DIR: dataDir,
      // info: each web process says on which port it listens (PORT=0: the system chooses).
      LOG_LEVEL: 'info',
      SMTP_ENABLED: 'false',
      RATE_LIMIT_PER_MINUTE: '10000000',
      HOST: '127.0.0.1',
      // The scheduled feeds are loopback fakes: outbound visits on, to loopback only.
      OUTBOUND_ENABLED: 'true',
      FETCH_ALLOW_PRIVATE: 'true',
    };
    // Feeds served on loopback; each path counts how often a worker fetched it.
    feedServer = http.createServer((req, res) => {
      feedHits.set(req.url!, (feedHits.get(req.url!) ?? 0) + 1);
      res.setHeader('content-type', 'text/plain');
      res.end(`https://feed-${tag}${req.url!.replace(/\W/g, '')}.example.com/login\n`);
    });
    await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', r));
    const feedPort = (feedServer.address() as AddressInfo).port;
    for (let i = 0; i < FEEDS; i++) {
      const added = await run(
        [
          'feeds',
          'add',
          `scale-feed-${i}`,
          '--kind',
          'openphish',
          '--url',
          `http://127.0.0.1:${feedPort}/f${i}`,
          '--every',
          '60',
        ],
        env,
      );
      expect(added.code, added.output).toBe(0);
    }
  }, 240_000);

  afterAll(async () => {
    for (const p of procs)
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exit));
    await new Promise((r) => feedServer?.close(r));
    await db?.drop();
    if (bossSchema) await dropSchema(bossSchema);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores and analyses every accepted report exactly once through a worker crash, and runs each scheduled feed once', async () => {
    const webs = [0, 1].map((i) =>
      spawnPhishdesk(`web${i}`, ['serve', '--role', 'web'], { ...env, PORT: '0' }),
    );
    const workers = [0, 1].map((i) => spawnPhishdesk(`worker${i}`, ['serve', '--role', 'worker'], env));
    procs.push(...webs, ...workers);
    const ports = await Promise.all(webs.map((w) => w.port()));
    await Promise.all(workers.map((w) => w.logged('phishdesk started')));

    // 20,000 reports, alternating between the two web processes, IN_FLIGHT at a time.
    const accepted = new Map<string, number>();
    const refused: string[] = [];
    let next = 0;
    let killedAt = -1;
    const sender = async () => {
      for (;;) {
        const i = next++;
        if (i >= TOTAL) return;
        const port = ports[i % 2]!;
        try {
          const body = JSON.stringify({
            kind: 'url',
            content: `https://r${i}-${tag}.example.com/login?n=${i}`,
            consent: { police: false, brand: false },
          });
          const res = await post(agents[i % 2]!, port, body);
          const id = res.status === 202 ? (JSON.parse(res.body) as { id?: string }).id : undefined;
          if (id) accepted.set(id, i);
          else refused.push(`${i}: ${res.status} ${res.body.slice(0, 200)}`);
          // Midway: half the reports accepted and the worker busy analysing.
          if (killedAt < 0 && accepted.size >= TOTAL / 2) {
            killedAt = accepted.size;
            workers[0]!.child.kill('SIGKILL');
          }
        } catch (err) {
          refused.push(`${i}: ${(err as Error).message}`);
        }
      }
    };
    // node:http with keep-alive: fetch costs the client more CPU than the servers under test on 2 cores.
    const agents = ports.map(() => new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT }));
    const started = Date.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    for (const a of agents) a.destroy();
    const submitSeconds = (Date.now() - started) / 1000;
    console.log(`multiprocess: ${accepted.size} accepted in ${submitSeconds.toFixed(1)} s`);
    expect((await workers[0]!.exit).signal).toBe('SIGKILL');
    expect(refused.slice(0, 5)).toEqual([]);
    expect(accepted.size).toBe(TOTAL);

    // Every accepted report analysed: wait for the surviving worker to finish (including the retried jobs
    // the killed one had claimed).
    const k = db.kysely;
    const count = async (q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(k)).rows[0]!.n);
    const progress = setInterval(async () => {
      const n = await count(sql`select count(*) as n from report_processing`).catch(() => -1);
      console.log(`multiprocess: ${n} analysed after ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }, 10_000);
    await waitFor(
      'all reports analysed',
      async () => (await count(sql`select count(*) as n from report_processing`)) >= TOTAL,
      600_000,
      500,
    );
    clearInterval(progress);
    const analysedSeconds = (Date.now() - started) / 1000;

    // Stored: exactly the accepted reports, no more, no fewer.
    const stored = await sql<{
      external_id: string;
      id: number;
      status: string;
    }>`select r.external_id, r.id, r.status
      from reports r join sources s on s.id = r.source_id where s.name = 'public-api'`.execute(k);
    expect(stored.rows.length).toBe(TOTAL);
    expect(new Set(stored.rows.map((r) => r.external_id))).toEqual(new Set(accepted.keys()));
    expect(stored.rows.filter((r) => r.status !== 'processed').length).toBe(0);
    // Analysed exactly once: one claim, one link, and each report's own URL counted once.
    expect(await count(sql`select count(*) as n from report_processing where runs <> 1`)).toBe(0);
    expect(await count(sql`select count(*) as n from report_processing`)).toBe(TOTAL);
    expect(
      await count(sql`select count(*) as n from reports r join sources s on s.id = r.source_id
        where s.name = 'public-api' and (select count(*) from report_urls ru where ru.report_id = r.id) <> 1`),
    ).toBe(0);
    expect(
      await count(
        sql`select count(*) as n from urls where canonical like ${`%-${tag}.example.com/login?n=%`} and report_count <> 1`,
      ),
    ).toBe(0);
    expect(
      await count(
        sql`select count(*) as n from urls where canonical like ${`%-${tag}.example.com/login?n=%`}`,
      ),
    ).toBe(TOTAL);
    // One job per report, none failed for good.
    const boss = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await boss.connect();
    try {
      // A report is analysed inside its job's handler; pg-boss marks the job completed only after the
      // handler returns, so the last completions can trail the last analysis by a moment.
      await waitFor(
        'every report job settled',
        async () =>
          (
            await boss.query(
              `select count(*)::int as n from ${bossSchema}.job
               where name = 'report.process' and state in ('created', 'retry', 'active')`,
            )
          ).rows[0].n === 0,
        60_000,
      );
      const jobs = await boss.query(
        `select count(*)::int as n, count(distinct data->>'reportId')::int as reports,
           count(*) filter (where state = 'completed')::int as completed,
           count(*) filter (where retry_count > 0)::int as retried
         from ${bossSchema}.job where name = 'report.process'`,
      );
      const j = jobs.rows[0] as { n: number; reports: number; completed: number; retried: number };
      expect(j.n).toBe(TOTAL);
      expect(j.reports).toBe(TOTAL);
      expect(j.completed).toBe(TOTAL);
      const dead = await boss.query(
        `select count(*)::int as n from ${bossSchema}.job where name like '%.dead'`,
      );
      expect(dead.rows[0].n).toBe(0);
      console.log(
        `multiprocess: ${TOTAL} reports accepted in ${submitSeconds.toFixed(1)} s (${Math.round(TOTAL / submitSeconds)}/s), ` +
          `all analysed after ${analysedSeconds.toFixed(1)} s, worker0 SIGKILLed after ${killedAt} accepted, ` +
          `${j.retried} report jobs retried after the crash`,
      );
    } finally {
      await boss.end();
    }

    // The feed schedule: each source fetched and run once, though two workers (then one) kept it.
    await waitFor(
      'feed runs',
      async () => (await count(sql`select count(*) as n from source_runs`)) >= FEEDS,
      30_000,
    );
    const runs = await sql<{ name: string; n: number }>`select s.name, count(r.id) as n from sources s
      left join source_runs r on r.source_id = s.id where s.name like 'scale-feed-%' group by s.name order by s.name`.execute(
      k,
    );
    expect(runs.rows.map((r) => [r.name, Number(r.n)])).toEqual(
      Array.from({ length: FEEDS }, (_, i) => [`scale-feed-${i}`, 1]),
    );
    expect([...feedHits.values()]).toEqual(Array.from({ length: FEEDS }, () => 1));

    // Graceful shutdown of the rest: SIGTERM, exit code 0.
    for (const p of [...webs, workers[1]!]) p.child.kill('SIGTERM');
    for (const p of [...webs, workers[1]!]) {
      const e = await Promise.race([p.exit, sleep(20_000).then(() => ({ code: -1, signal: 'timeout' }))]);
      expect(e, `${p.name}: ${p.output().slice(-500)}`).toEqual({ code: 0, signal: null });
    }
  }, 900_000);
});
