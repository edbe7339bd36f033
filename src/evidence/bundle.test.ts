import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Capture } from '../capture/capture.service.ts';
import type { EvidenceStore } from '../capture/evidence-store.ts';
import { runCli } from '../cli/main.ts';
import { fixedClock } from '../lib/clock.ts';
import { readTar, writeTar } from '../lib/tar.ts';
import type { CheckRow } from '../liveness/liveness.repository.ts';
import { buildBundle, verifyBundle } from './bundle.ts';
import type { BundlesRepository } from './bundles.repository.ts';
import { createEvidenceBundles } from './bundles.service.ts';
import { KEY_FILE, loadOrCreateSigningKey } from './signing-key.ts';

const T0 = Date.UTC(2026, 4, 22, 1, 0, 0);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-evidence-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const key = loadOrCreateSigningKey(path.join(dir, 'operator'));
const otherKey = loadOrCreateSigningKey(path.join(dir, 'other'));

function sample() {
  return buildBundle({
    bundleId: '9b2f7c1e-0000-4000-8000-000000000001',
    createdAt: T0,
    organisation: 'テストセンター',
    keyUrl: 'http://127.0.0.1/.well-known/phishdesk-evidence-key',
    subject: { caseId: 1, kind: 'request', url: 'hxxp://login[.]phish[.]test/' },
    files: [
      { name: 'screenshot.png', bytes: Buffer.from('\x89PNG fake'), at: T0 - 60_000, description: 'shot' },
      {
        name: 'dom.html',
        bytes: Buffer.from('<form>パスワード</form>'.repeat(40)),
        at: T0 - 60_000,
        description: 'dom',
      },
      { name: 'request.txt', bytes: Buffer.from('閉鎖のお願い\n'), at: T0, description: 'mail' },
    ],
    key,
  });
}

describe('tar', () => {
  it('reads back what it writes, and refuses unsafe names', () => {
    const entries = [
      { name: 'a.txt', bytes: Buffer.from('x'.repeat(513)), mtimeMs: T0 },
      { name: 'empty', bytes: Buffer.alloc(0), mtimeMs: T0 },
    ];
    const tar = writeTar(entries);
    expect(tar.length % 512).toBe(0);
    expect(readTar(tar)).toEqual(entries);
    expect(() => writeTar([{ name: '../etc/passwd', bytes: Buffer.alloc(1), mtimeMs: 0 }])).toThrow(/unsafe/);
  });
});

describe('evidence bundles', () => {
  it('keeps the key created at first start (mode 0600) and reuses it', () => {
    const file = path.join(dir, 'operator', KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSigningKey(path.join(dir, 'operator')).fingerprint).toBe(key.fingerprint);
    expect(otherKey.fingerprint).not.toBe(key.fingerprint);
  });

  it('accepts a good bundle with the operator key, and with the key inside it (saying so)', () => {
    const { archive } = sample();
    expect(verifyBundle(archive, key.publicKeyPem)).toMatchObject({
      valid: true,
      problems: [],
      keySource: 'given',
      keyFingerprint: key.fingerprint,
    });
    expect(verifyBundle(archive)).toMatchObject({ valid: true, keySource: 'embedded' });
  });

  it('rejects a bundle with any one byte changed (headers, contents, signature, padding, end blocks)', () => {
    const { archive } = sample();
    const positions = new Set<number>([0, 124, 148, 600, 1024 + 3, archive.length - 1]);
    for (let i = 0; i < archive.length; i += 97) positions.add(i);
    for (const at of positions) {
      const bad = Buffer.from(archive);
      bad[at] = bad[at]! ^ 0x01;
      expect(verifyBundle(bad, key.publicKeyPem).valid, `byte ${at}`).toBe(false);
      expect(verifyBundle(bad).valid, `byte ${at} with the embedded key`).toBe(false);
    }
  });

  it('rejects a bundle checked against a different key, and one re-signed by another key', () => {
    const { archive } = sample();
    const wrong = verifyBundle(archive, otherKey.publicKeyPem);
    expect(wrong.valid).toBe(false);
    expect(wrong.problems.join(' ')).toContain('signature is not valid');
    // A forger who swaps the files and re-signs with their own key fails against the operator key.
    const entries = readTar(archive).map((e) =>
      e.name === 'request.txt' ? { ...e, bytes: Buffer.from('forged\n') } : e,
    );
    const forged = buildBundle({
      bundleId: 'x',
      createdAt: T0,
      organisation: 'テストセンター',
      keyUrl: 'k',
      subject: {},
      files: entries
        .filter(
          (e) => e.name.includes('.') && !e.name.startsWith('manifest') && e.name !== 'operator-key.pem',
        )
        .map((e) => ({ name: e.name, bytes: e.bytes, at: e.mtimeMs, description: '' })),
      key: otherKey,
    }).archive;
    expect(verifyBundle(forged, key.publicKeyPem).valid).toBe(false);
  });

  it('phishdesk evidence verify: exit 0 for the good bundle, 1 for a changed byte or another key', async () => {
    const { archive } = sample();
    const good = path.join(dir, 'good.tar');
    const bad = path.join(dir, 'bad.tar');
    const keyFile = path.join(dir, 'operator.pem');
    const otherFile = path.join(dir, 'other.pem');
    fs.writeFileSync(good, archive);
    const changed = Buffer.from(archive);
    changed[1536 + 10] = changed[1536 + 10]! ^ 0xff;
    fs.writeFileSync(bad, changed);
    fs.writeFileSync(keyFile, key.publicKeyPem);
    fs.writeFileSync(otherFile, otherKey.publicKeyPem);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const cli = (...args: string[]) => runCli(['node', 'phishdesk', 'evidence', 'verify', ...args]);
      expect(await cli(good, '--key', keyFile)).toBe(0);
      expect(String(out.mock.calls.at(-2)?.[0] ?? out.mock.calls.at(-1)?.[0])).toContain('valid: 3 files');
      expect(await cli(bad, '--key', keyFile)).toBe(1);
      expect(await cli(good, '--key', otherFile)).toBe(1);
      expect(String(err.mock.calls.at(-1)?.[0])).toContain('evidence.invalid');
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });

  it('is never built from a capture or check older than the freshness window', async () => {
    const clock = fixedClock(T0);
    const stored: Buffer[] = [];
    const store = {
      read: async () => null,
      put: async (_k: string, _t: string, bytes: Buffer) => {
        stored.push(bytes);
        return { sha256: 'f'.repeat(64), size: bytes.length };
      },
    } as unknown as EvidenceStore;
    const repo = {
      insert: async (row: object) => ({ id: 1, ...row }),
    } as unknown as BundlesRepository;
    const bundles = createEvidenceBundles({
      repo,
      store,
      key,
      clock,
      freshnessMs: 60 * 60_000,
      publicBaseUrl: 'http://127.0.0.1:1',
      organisationName: 'test',
    });
    const capture = {
      id: 7,
      variant: 'desktop',
      user_agent: 'ua',
      requested_url: 'http://login.phish.test/',
      final_url: 'http://login.phish.test/',
      http_status: 200,
      title: 't',
      formFields: [],
      redirects: [],
      differences: [],
      screenshot_sha256: null,
      dom_sha256: null,
      har_sha256: null,
      captured_at: T0 - 61 * 60_000,
    } as unknown as Capture;
    const check = {
      id: 3,
      checked_at: T0 - 60_000,
      result: 'live',
      http_status: 200,
      final_url: null,
      address: '127.0.0.1',
      content_hash: null,
      redirects: '[]',
      tls: null,
    } as unknown as CheckRow;
    const input = {
      token: bundles.newToken(),
      caseId: 1,
      kind: 'request' as const,
      targetUrl: 'http://login.phish.test/',
      capture,
      check,
      mail: { to: ['a@b.example'], cc: [], subject: 's', text: 't' },
    };
    await expect(bundles.build(input)).rejects.toMatchObject({ code: 'evidence.stale' });
    expect(stored).toHaveLength(0);
    const fresh = await bundles.build({ ...input, capture: { ...capture, captured_at: T0 - 59 * 60_000 } });
    expect(verifyBundle(stored[0]!, key.publicKeyPem).valid).toBe(true);
    expect(fresh.manifest.files.map((f) => f.name)).toEqual([
      'capture.json',
      'fetch-chain.json',
      'request.txt',
    ]);
    expect(fresh.url).toBe(`http://127.0.0.1:1/api/v1/evidence-bundles/${input.token}`);
  });
});
