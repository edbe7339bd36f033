import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/phishdesk.mjs');
const DATA = path.resolve('../shared/data');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-cli-'));
const env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'cli.sqlite')}`, LOG_LEVEL: 'silent' };

function run(args: string[], input?: string, extraEnv: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('phishdesk CLI', () => {
  it('prints help listing the commands and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['import', 'analyze-url', 'brands', 'parse-email', 'import-email', 'serve', 'feeds'])
      expect(r.stdout).toContain(c);
  });

  it('imports JPCERT/CC CSVs, and a second run adds nothing', async () => {
    const files = ['202101.csv', '202102.csv'].map((f) => path.join(DATA, 'jpcert-phishurl', f));
    const lines = files.reduce((n, f) => n + fs.readFileSync(f, 'utf8').trim().split('\n').length - 1, 0);
    const first = await run(['import', '--format', 'jpcert', '--json', ...files]);
    expect(first.code, first.stderr).toBe(0);
    const a = JSON.parse(first.stdout) as {
      rows: number;
      inserted: number;
      rejected: unknown[];
      newUrls: number;
    };
    expect(a.rows).toBe(lines);
    expect(a.inserted + a.rejected.length).toBe(lines);
    expect(a.newUrls).toBeGreaterThan(0);
    const second = await run(['import', '--format', 'jpcert', '--json', ...files]);
    const b = JSON.parse(second.stdout) as { inserted: number; known: number; newUrls: number };
    expect(b).toMatchObject({ inserted: 0, newUrls: 0, known: a.inserted });
  });

  it('analyze-url writes one JSON object per line and goes on after a bad line', async () => {
    const r = await run(
      ['analyze-url'],
      'hxxps://amazon-co-jp.signin-verify[.]xyz/ap/signin\nmailto:x@example.com\nhttp://3279880203/\n',
    );
    expect(r.code).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(3);
    expect(out[0]).toMatchObject({
      canonical: 'https://amazon-co-jp.signin-verify.xyz/ap/signin',
      registrableDomain: 'signin-verify.xyz',
      publicSuffix: 'xyz',
    });
    expect(out[0].brand?.id).toBe('amazon');
    expect(out[1]).toMatchObject({
      input: 'mailto:x@example.com',
      error: { code: 'url.unsupported_scheme' },
    });
    expect(out[2]).toMatchObject({
      canonical: 'http://195.127.0.11/',
      registrableDomain: null,
      features: expect.arrayContaining(['ip_host']),
    });
  });

  it('lists the brand registry as JSON', async () => {
    const r = await run(['brands', '--json']);
    expect(r.code).toBe(0);
    const brands = JSON.parse(r.stdout) as {
      slug: string;
      nameJa: string;
      sector: string;
      aliases: string[];
    }[];
    expect(brands.length).toBeGreaterThan(100);
    const amazon = brands.find((b) => b.slug === 'amazon');
    expect(amazon?.aliases).toEqual(expect.arrayContaining(['Amazon', 'アマゾン']));
  });

  it('fails with a one-line reason and exit ≠ 0 on bad input or configuration', async () => {
    const missing = await run(['import', '--format', 'jpcert', path.join(dir, 'nope.csv')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.csv/);
    const badFormat = await run(['import', '--format', 'xml', 'x']);
    expect(badFormat.code).not.toBe(0);
    const badEnv = await run(['brands'], undefined, { DATABASE_URL: 'mysql://nope' });
    expect(badEnv.code).not.toBe(0);
    expect(badEnv.stderr).toMatch(/DATABASE_URL/);
  });

  it('parse-email prints valid JSON for every Phishing Pot e-mail and exits 0', async () => {
    const files = fs
      .readdirSync(path.join(DATA, 'phishing-pot'))
      .filter((f) => f.endsWith('.eml'))
      .map((f) => path.join(DATA, 'phishing-pot', f));
    const r = await run(['parse-email', ...files]);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(files.length);
    for (const o of out) {
      expect(o).toHaveProperty('subject');
      expect(o).toHaveProperty('from');
      expect(Array.isArray(o.urls)).toBe(true);
      expect(o).toHaveProperty('auth');
    }
    const withUrl = out.filter((o) => o.urls.length > 0).length / out.length;
    const withDmarc = out.filter((o) => o.auth.dmarc !== null).length / out.length;
    console.log(
      `parse-email: ${out.length} files, ${(withUrl * 100).toFixed(1)}% with a URL, ${(withDmarc * 100).toFixed(1)}% with a DMARC verdict`,
    );
    expect(withUrl).toBeGreaterThan(0.5);
  }, 120_000);
});
