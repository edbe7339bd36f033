import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SHARED_DATA = path.resolve(process.cwd(), '../shared/data');
export const JPCERT_DIR = path.join(SHARED_DATA, 'jpcert-phishurl');

export function jpcertFiles(): string[] {
  return fs
    .readdirSync(JPCERT_DIR)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => path.join(JPCERT_DIR, f));
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `phishdesk-bench-${prefix}-`));
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** True when this module is the script being run (directly or through bin/run-ts.mjs or tsx). */
export function isMain(moduleUrl: string): boolean {
  const arg = process.argv[1];
  return arg !== undefined && new URL(moduleUrl).pathname === path.resolve(arg);
}
