/**
 * Reads JPCERT/CC's phishing URL list (`../shared/data/jpcert-phishurl/*.csv`, `date,URL,description`)
 * for the brand tests and benchmarks. Not used at run time (the import module has its own reader).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

export type JpcertRow = { date: string; url: string; label: string };

export function jpcertDir(): string {
  return path.resolve(process.cwd(), '../shared/data/jpcert-phishurl');
}

/** All rows, oldest file first. Rows without exactly three fields are counted in `dropped`, not returned. */
export function readJpcertRows(dir = jpcertDir()): { rows: JpcertRow[]; dropped: number } {
  const rows: JpcertRow[] = [];
  let dropped = 0;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    // Quoted fields carry the URLs that contain commas; relax_column_count lets us count bad rows.
    const records = parse(readFileSync(path.join(dir, file)), {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      from_line: 2,
    }) as string[][];
    for (const r of records) {
      if (r.length !== 3) {
        dropped++;
        continue;
      }
      rows.push({ date: r[0]!, url: r[1]!, label: r[2]! });
    }
  }
  return { rows, dropped };
}

/** Distinct labels with their row counts, most frequent first. */
export function countLabels(rows: readonly JpcertRow[]): [label: string, rows: number][] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
