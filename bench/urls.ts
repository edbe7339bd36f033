/**
 * Benchmark: analyzeUrl over every URL of JPCERT/CC's phishing URL list, next to a `new URL(x)`
 * baseline over the same URLs in the same run. Run: npx tsx bench/urls.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { isAppError } from '../src/errors.ts';
import { analyzeUrl } from '../src/urls/index.ts';

const dataDir = path.resolve(process.cwd(), '../shared/data/jpcert-phishurl');

function loadUrls(): string[] {
  const urls: string[] = [];
  for (const file of readdirSync(dataDir)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    const rows = parse(readFileSync(path.join(dataDir, file)), {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
    }) as Array<{ URL?: string }>;
    for (const row of rows) if (row.URL) urls.push(row.URL);
  }
  return urls;
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const urls = loadUrls();
const rounds = 5;
let sink = 0;

const runAnalyze = () => {
  for (const url of urls) {
    try {
      sink += analyzeUrl(url).features.length;
    } catch {
      sink--;
    }
  }
};
const runBaseline = () => {
  for (const url of urls) {
    try {
      sink += new URL(url).hostname.length;
    } catch {
      sink--;
    }
  }
};

// Warm-up, then the best of `rounds` timed passes each (alternating, so both see the same machine state).
runAnalyze();
runBaseline();
const analyzeTimes: number[] = [];
const baselineTimes: number[] = [];
for (let i = 0; i < rounds; i++) {
  analyzeTimes.push(time(runAnalyze));
  baselineTimes.push(time(runBaseline));
}
const best = (xs: number[]) => Math.min(...xs);
const rate = (ms: number) => Math.round((urls.length / ms) * 1000).toLocaleString('en-US');

const failures = new Map<string, string[]>();
for (const url of urls) {
  try {
    analyzeUrl(url);
  } catch (error) {
    const reason = isAppError(error) ? `${error.code}: ${error.message}` : String(error);
    const list = failures.get(reason) ?? [];
    list.push(url);
    failures.set(reason, list);
  }
}
let baselineFailures = 0;
for (const url of urls) {
  try {
    new URL(url);
  } catch {
    baselineFailures++;
  }
}

console.log(`URLs: ${urls.length} from ${dataDir}`);
console.log(
  `analyzeUrl: best ${best(analyzeTimes).toFixed(1)} ms (${rate(best(analyzeTimes))} URLs/s); ` +
    `first timed pass ${analyzeTimes[0]!.toFixed(1)} ms`,
);
console.log(
  `new URL():  best ${best(baselineTimes).toFixed(1)} ms (${rate(best(baselineTimes))} URLs/s); ` +
    `ratio ${(best(analyzeTimes) / best(baselineTimes)).toFixed(2)}x`,
);
const thrown = [...failures.values()].reduce((n, list) => n + list.length, 0);
console.log(`analyzeUrl threw for ${thrown} inputs (new URL threw for ${baselineFailures}):`);
for (const [reason, list] of [...failures].sort((a, b) => b[1].length - a[1].length)) {
  console.log(
    `  ${list.length} × ${reason}  e.g. ${list
      .slice(0, 3)
      .map((u) => JSON.stringify(u))
      .join(', ')}`,
  );
}
if (sink === Number.MIN_SAFE_INTEGER) console.log('');
