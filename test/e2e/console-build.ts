import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST_INDEX = path.join(ROOT, 'web/dist/index.html');
const INPUTS = [
  path.join(ROOT, 'web/src'),
  path.join(ROOT, 'web/index.html'),
  path.join(ROOT, 'web/vite.config.ts'),
];

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

/**
 * Builds the console (what `npm start` does through `npm run build:web`) when web/dist is missing or older
 * than its sources, so the browser tests always run the current code. Must run before buildServer(),
 * which decides at start whether /console/ is served.
 */
export function ensureConsoleBuilt(): void {
  const built = fs.existsSync(DIST_INDEX) ? fs.statSync(DIST_INDEX).mtimeMs : 0;
  if (built > 0 && built >= Math.max(...INPUTS.map(newestMtime))) return;
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
