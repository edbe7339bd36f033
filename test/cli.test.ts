import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/phishdesk.mjs');
const DATA = path.resolve('../shared/data');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-cli-'));
const env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'cli.sqlite')}`, LOG_LEVEL: 'silent' };

function run(args: string[], input?: string, extraEnv: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    // An empty value unsets the variable (DATABASE_URL: '' → the default database under DATA_DIR).
    const merged = Object.fromEntries(Object.entries({ ...env, ...extraEnv }).filter(([, v]) => v !== ''));
    const child = spawn(process.execPath, [BIN, ...args], { env: merged });
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

// Every test below may run alone (-t): the database they share exists before any of them.
beforeAll(async () => {
  const r = await run(['db', 'migrate']);
  expect(r.code, r.stderr).toBe(0);
}, 60_000);
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
    // results on stdout, the refused line on stderr as one line, and exit 1 because one was refused
    expect(r.code).toBe(1);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({
      canonical: 'https://amazon-co-jp.signin-verify.xyz/ap/signin',
      registrableDomain: 'signin-verify.xyz',
      publicSuffix: 'xyz',
    });
    expect(out[0].brand).toMatchObject({
      slug: 'amazon',
      nameEn: expect.any(String),
      nameJa: expect.any(String),
    });
    expect(typeof out[0].brand.id).toBe('number');
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^phishdesk: url\.unsupported_scheme: line 2: /),
    ]);
    expect(out[1]).toMatchObject({
      canonical: 'http://195.127.0.11/',
      registrableDomain: null,
      features: expect.arrayContaining(['ip_host']),
    });
    const good = await run(['analyze-url'], 'https://example.org/\n');
    expect({ code: good.code, stderr: good.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('ends quietly with exit 0 when the reader closes the pipe early', async () => {
    // a real shell pipe into `head` (a spawn()ed child's stdout is a socket whose buffer holds it all)
    const script = `"${process.execPath}" "${BIN}" brands --json | head -c 1 >/dev/null; echo "exit:\${PIPESTATUS[0]}" >&2`;
    const r = await new Promise<{ stderr: string }>((resolve) => {
      const child = spawn('bash', ['-c', script], { env });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('close', () => resolve({ stderr }));
      child.stdin.end();
    });
    expect(r.stderr).toBe('exit:0\n');
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

  it('refuses to answer a read from a database that is not there, and creates none', async () => {
    const elsewhere = path.join(dir, 'elsewhere');
    const r = await run(['user', 'list'], '', { DATABASE_URL: '', DATA_DIR: elsewhere });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(
      `storage.no_database: no database at ${path.join(elsewhere, 'phishdesk.sqlite')}`,
    );
    expect(fs.existsSync(elsewhere)).toBe(false);
  });

  it('says which database an empty user list comes from', async () => {
    const r = await run(['user', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`no users in sqlite:${path.join(dir, 'cli.sqlite')}`);
  });

  it('creates the database where creating is the point (the first admin)', async () => {
    const fresh = path.join(dir, 'fresh');
    const r = await run(
      ['user', 'create', '--role', 'admin', '--email', 'first@example.test'],
      'a long enough passphrase 42\n',
      {
        DATABASE_URL: '',
        DATA_DIR: fresh,
        PASSWORD_HASH_COST: '4',
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(fresh, 'phishdesk.sqlite'))).toBe(true);
  });
});
