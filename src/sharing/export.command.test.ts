import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { readJpcertCsv } from '../feeds/jpcert.ts';
import { collectEntries } from '../feeds/testing/loopback.ts';
import SQLite from '../storage/sqlite-driver.ts';
import { createStixValidator } from './testing/stix-validator.ts';

const BIN = path.resolve('bin/phishdesk.mjs');
const JPCERT = path.resolve('../shared/data/jpcert-phishurl/201901.csv');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-export-'));
const dbFile = path.join(dir, 'export.sqlite');
const env = { ...process.env, DATABASE_URL: `sqlite:${dbFile}`, LOG_LEVEL: 'silent' };

function run(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('phishdesk export', () => {
  it('exports confirmed URLs as JPCERT/CC CSV (read back by the importer), CSV, STIX and blocklists', async () => {
    const imported = await run(['import', '--format', 'jpcert', '--json', JPCERT]);
    expect(imported.code, imported.stderr).toBe(0);
    // Triage confirms every other URL; one of them was reported under TLP:RED.
    const db = new SQLite(dbFile);
    db.exec(`update urls set status = 'confirmed' where id % 2 = 0`);
    const redId = (
      db.prepare(`select min(id) as id from urls where status = 'confirmed'`).get() as { id: number }
    ).id;
    db.prepare(
      `update reports set tlp = 'red' where id in (select report_id from report_urls where url_id = ?)`,
    ).run(redId);
    const confirmed = db
      .prepare(`select id, canonical from urls where status = 'confirmed' order by id`)
      .all() as {
      id: number;
      canonical: string;
    }[];
    const redUrl = confirmed.find((u) => u.id === redId)!.canonical;
    db.close();
    expect(confirmed.length).toBeGreaterThan(10);

    const out = path.join(dir, 'out.csv');
    const jp = await run(['export', '--format', 'jpcert', '--tlp', 'red', '--out', out]);
    expect(jp.code, jp.stderr).toBe(0);
    const { items, rejected } = await collectEntries(readJpcertCsv(fs.createReadStream(out)));
    expect(rejected).toEqual([]);
    expect(items.map((i) => i.url).sort()).toEqual(confirmed.map((u) => u.canonical).sort());
    // as JPCERT/CC writes it: LF line ends, and the description is the label the source row gave
    const written = fs.readFileSync(out, 'utf8');
    expect(written).not.toContain('\r');
    const { items: source } = await collectEntries(readJpcertCsv(fs.createReadStream(JPCERT)));
    const sourceLabels = new Set(source.map((i) => i.brandLabel));
    expect(items.filter((i) => !sourceLabels.has(i.brandLabel))).toEqual([]);
    expect(new Set(items.map((i) => i.brandLabel)).size).toBeGreaterThan(1);

    // CLEAR (the default) leaves the RED URL out
    const csv = await run(['export', '--format', 'csv', '--out', '-']);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = parse(csv.stdout, { columns: true }) as { url: string; tlp: string }[];
    expect(rows).toHaveLength(confirmed.length - 1);
    expect(rows.map((r) => r.url)).not.toContain(redUrl);
    expect(new Set(rows.map((r) => r.tlp))).toEqual(new Set(['clear']));

    const stix = await run(['export', '--format', 'stix', '--out', '-']);
    const bundle = JSON.parse(stix.stdout) as { type: string; objects: { type: string; id: string }[] };
    const check = createStixValidator();
    expect(check(bundle)).toEqual([]);
    for (const o of bundle.objects) expect({ id: o.id, errors: check(o) }).toEqual({ id: o.id, errors: [] });
    expect(bundle.objects.filter((o) => o.type === 'indicator')).toHaveLength(confirmed.length - 1);
    // what strict validators ask of indicators: a stored UUIDv4 id, and both a name and a description
    const uuidV4 = /^indicator--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const strictIssues = bundle.objects
      .filter((o) => o.type === 'indicator')
      .map((o) => o as { id: string; name?: string; description?: string })
      .filter((o) => !uuidV4.test(o.id) || !o.name || !o.description);
    expect(strictIssues).toEqual([]);
    const again = await run(['export', '--format', 'stix', '--out', '-']);
    expect(again.stdout).toBe(stix.stdout);

    const domains = await run(['export', '--format', 'blocklist-domains', '--out', '-']);
    expect(domains.code).toBe(0);
    const list = domains.stdout.trim().split('\n');
    expect(list.length).toBeGreaterThan(0);
    for (const d of list)
      expect(d).not.toMatch(/^(?:[^.]+\.)?(?:weebly\.com|wixsite\.com|000webhostapp\.com)$/);

    const bad = await run(['export', '--format', 'xml', '--out', '-']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--format');
  }, 180_000);
});
