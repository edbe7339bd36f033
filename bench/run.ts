/**
 * `npm run bench`: every benchmark, one after another in its own process (so one's heap and caches do not
 * colour the next), each printing its figure beside a baseline measured in the same run.
 * `npm run bench -- import intake` runs a subset.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { machine } from './lib.ts';

const ALL: Record<string, string[]> = {
  urls: ['bench/urls.ts'],
  brands: ['bench/brands.ts'],
  import: ['bench/import.ts', '--postgres'],
  email: ['bench/email.ts'],
  intake: ['bench/intake.ts'],
  check: ['bench/check.ts'],
  stats: ['bench/stats.ts'],
  triage: ['bench/triage.ts'],
  rules: ['bench/rules.ts'],
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(ALL);
console.log(`phishdesk benchmarks — ${machine()} — ${new Date().toISOString()}`);
let failed = 0;
for (const name of names) {
  const args = ALL[name];
  if (!args) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(ALL).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n== ${name}`);
  const res = spawnSync(process.execPath, [path.resolve('bin/run-ts.mjs'), ...args], { stdio: 'inherit' });
  if (res.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
