import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import SQLite from '../../src/storage/sqlite-driver.ts';
import { FULL_SCALE } from './scale.ts';

/**
 * Crash safety of the embedded install: `phishdesk import` of JPCERT/CC files is SIGKILLed after it has
 * acknowledged (committed) several batches. Nothing acknowledged may be lost, the database must pass
 * SQLite's integrity and foreign-key checks, and running the same import again must complete it without
 * a single duplicate.
 */
const BIN = path.resolve('bin/phishdesk.mjs');
const CSV_DIR = path.resolve('../shared/data/jpcert-phishurl');
// The largest months first: ~50,000 rows, ten batches of 5,000, killed after three (`npm run test:scale`);
// in `npm test` the first three months, ~25,000 rows, killed after two batches (the same checks).
const FILES = [
  '202306.csv',
  '202305.csv',
  '202207.csv',
  '202206.csv',
  '202203.csv',
  '202312.csv',
  '202205.csv',
]
  .slice(0, FULL_SCALE ? 7 : 3)
  .map((f) => path.join(CSV_DIR, f));
const KILL_AFTER_INSERTED = FULL_SCALE ? 15_000 : 10_000;

type Committed = { rows: number; inserted: number; known: number; rejected: number };

function startImport(env: Record<string, string>, onCommitted: (c: Committed, kill: () => void) => void) {
  const child = spawn(
    process.execPath,
    [BIN, 'import', '--format', 'jpcert', '--json', '--progress-json', ...FILES],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
    const lines = stderr.split('\n');
    stderr = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{"committed"')) continue;
      onCommitted((JSON.parse(line) as { committed: Committed }).committed, () => child.kill('SIGKILL'));
    }
  });
  return new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

function checkDatabase(file: string) {
  const db = new SQLite(file);
  try {
    const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
    const foreignKeys = db.pragma('foreign_key_check') as unknown[];
    const n = (q: string) => (db.prepare(q).get() as { n: number }).n;
    return {
      integrity: integrity.map((r) => r.integrity_check),
      foreignKeys,
      reports: n(
        `select count(*) as n from reports r join sources s on s.id = r.source_id where s.name = 'jpcert'`,
      ),
      distinctIds: n('select count(distinct external_id || char(0) || source_id) as n from reports'),
      allReports: n('select count(*) as n from reports'),
      urls: n('select count(*) as n from urls'),
      distinctUrls: n('select count(distinct url_hash) as n from urls'),
      links: n('select count(*) as n from report_urls'),
      urlReportCounts: n('select coalesce(sum(report_count), 0) as n from urls'),
      monthReports: n('select coalesce(sum(reports), 0) as n from stats_month_reports'),
      monthLinks: n('select coalesce(sum(links), 0) as n from stats_month_urls'),
    };
  } finally {
    db.close();
  }
}

describe('SIGKILL during a large SQLite import', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-crash-'));
  const file = path.join(dir, 'crash.sqlite');
  const env = { DATABASE_URL: `sqlite:${file}`, DATA_DIR: dir, LOG_LEVEL: 'warn' };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loses nothing acknowledged, stays consistent, and a re-run completes without duplicates', async () => {
    let acknowledged: Committed | null = null;
    const killed = await startImport(env, (c, kill) => {
      acknowledged = c;
      // Several batches durable, and the next one being written when the process dies.
      if (c.inserted >= KILL_AFTER_INSERTED) kill();
    });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const ack = acknowledged as Committed | null;
    expect(ack).not.toBeNull();

    const afterCrash = checkDatabase(file);
    expect(afterCrash.integrity).toEqual(['ok']);
    expect(afterCrash.foreignKeys).toEqual([]);
    // Every acknowledged row is there; at most the batch in flight beyond it (a batch is all or nothing).
    expect(afterCrash.reports).toBeGreaterThanOrEqual(ack!.inserted);
    expect(afterCrash.reports - ack!.inserted).toBeLessThanOrEqual(5000);
    // The trigger-kept statistics and URL counts were committed with the rows they count.
    expect(afterCrash.monthReports).toBe(afterCrash.allReports);
    expect(afterCrash.monthLinks).toBe(afterCrash.links);
    expect(afterCrash.urlReportCounts).toBe(afterCrash.links);

    const rerun = await startImport(env, () => {});
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout) as {
      rows: number;
      inserted: number;
      known: number;
      rejected: unknown[];
    };
    // The re-run skips what survived the crash and stores the rest.
    expect(summary.known).toBe(afterCrash.reports);
    expect(summary.inserted + summary.known).toBe(summary.rows - summary.rejected.length);

    const done = checkDatabase(file);
    expect(done.integrity).toEqual(['ok']);
    expect(done.foreignKeys).toEqual([]);
    expect(done.reports).toBe(summary.inserted + summary.known);
    expect(done.distinctIds).toBe(done.allReports);
    expect(done.distinctUrls).toBe(done.urls);
    expect(done.urlReportCounts).toBe(done.links);
    expect(done.monthReports).toBe(done.allReports);
    expect(done.monthLinks).toBe(done.links);

    // A third run finds everything known: the import is idempotent after a crash as well.
    const again = await startImport(env, () => {});
    expect(JSON.parse(again.stdout)).toMatchObject({ inserted: 0, known: done.reports });
  }, 600_000);
});
