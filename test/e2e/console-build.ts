import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST_INDEX = path.join(ROOT, 'web/dist/index.html');
const INPUTS = [
  path.join(ROOT, 'web/src'),
  path.join(ROOT, 'web/index.html'),
  path.join(ROOT, 'web/vite.config.ts'),
];
// Test files run in parallel processes: one builds, the others wait for it.
const LOCK = path.join(
  os.tmpdir(),
  `phishdesk-console-build-${Buffer.from(ROOT).toString('hex').slice(-16)}.lock`,
);
const LOCK_STALE_MS = 180_000;

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

function isFresh(): boolean {
  const built = fs.existsSync(DIST_INDEX) ? fs.statSync(DIST_INDEX).mtimeMs : 0;
  return built > 0 && built >= Math.max(...INPUTS.map(newestMtime));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds the console (what `npm start` does through `npm run build:web`) when web/dist is missing or older
 * than its sources, so the browser tests always run the current code. Must run before buildServer(),
 * which decides at start whether /console/ is served.
 */
export function ensureConsoleBuilt(): void {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    if (isFresh()) return;
    let fd: number;
    try {
      fd = fs.openSync(LOCK, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - fs.statSync(LOCK).mtimeMs > LOCK_STALE_MS) fs.rmSync(LOCK, { force: true });
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline) throw new Error(`console build lock ${LOCK} held too long`);
      sleep(200);
      continue;
    }
    try {
      if (!isFresh()) {
        execFileSync(
          process.execPath,
          [
            path.join(ROOT, 'node_modules/vite/bin/vite.js'),
            'build',
            '--config',
            'web/vite.config.ts',
            '--logLevel',
            'warn',
          ],
          // NODE_ENV=test (set by Vitest) would give React's development build.
          { cwd: ROOT, stdio: 'inherit', timeout: 120_000, env: { ...process.env, NODE_ENV: 'production' } },
        );
      }
    } finally {
      fs.closeSync(fd);
      fs.rmSync(LOCK, { force: true });
    }
    return;
  }
}
