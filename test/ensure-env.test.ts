/**
 * scripts/ensure-env.sh (npm's pretest and prestart) on fake machines: a root directory standing for the
 * file system (ENSURE_ENV_ROOT) and stub commands on PATH that record what they were asked and change
 * the fake machine as apt-get and pg_ctlcluster would.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve('scripts/ensure-env.sh');

const STUBS: Record<string, string> = {
  id: 'echo "$FAKE_UID"',
  'apt-get': `echo "apt-get $*" >> "$ENSURE_ENV_ROOT/calls"
case " $* " in *" install "*)
  case " $* " in *" chromium "*) mkdir -p "$ENSURE_ENV_ROOT/usr/bin"; printf '#!/bin/sh\\n' > "$ENSURE_ENV_ROOT/usr/bin/chromium"; chmod +x "$ENSURE_ENV_ROOT/usr/bin/chromium";; esac
  case " $* " in *" fonts-noto-cjk "*) touch "$ENSURE_ENV_ROOT/font";; esac
  case " $* " in *" strace "*) mkdir -p "$ENSURE_ENV_ROOT/usr/bin"; printf '#!/bin/sh\\n' > "$ENSURE_ENV_ROOT/usr/bin/strace"; chmod +x "$ENSURE_ENV_ROOT/usr/bin/strace";; esac;;
esac`,
  'fc-list':
    '[ -e "$ENSURE_ENV_ROOT/font" ] && echo "Noto Sans CJK JP,Noto Sans CJK JP Regular"; echo "DejaVu Sans"',
  pg_isready: '[ -e "$ENSURE_ENV_ROOT/pg-running" ]',
  pg_ctlcluster: 'echo "pg_ctlcluster $*" >> "$ENSURE_ENV_ROOT/calls"; touch "$ENSURE_ENV_ROOT/pg-running"',
  psql: '[ -e "$ENSURE_ENV_ROOT/db-test" ]',
  createdb: 'echo "createdb $*" >> "$ENSURE_ENV_ROOT/calls"; touch "$ENSURE_ENV_ROOT/db-test"',
};

type Machine = {
  chromium?: boolean;
  font?: boolean;
  /** Present unless a test says otherwise (only the test mode asks for it). */
  strace?: boolean;
  postgres?: 'running' | 'stopped' | 'absent';
  db?: boolean;
};

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
});

function machine(m: Machine): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-ensure-env-'));
  roots.push(root);
  const bin = path.join(root, 'stubs');
  fs.mkdirSync(bin);
  for (const [name, body] of Object.entries(STUBS)) {
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
  if (m.chromium) {
    fs.mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
    fs.writeFileSync(path.join(root, 'usr/bin/chromium'), '#!/bin/sh\n', { mode: 0o755 });
  }
  if (m.font) fs.writeFileSync(path.join(root, 'font'), '');
  if (m.strace ?? true) {
    fs.mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
    fs.writeFileSync(path.join(root, 'usr/bin/strace'), '#!/bin/sh\n', { mode: 0o755 });
  }
  if ((m.postgres ?? 'running') !== 'absent')
    fs.mkdirSync(path.join(root, 'etc/postgresql/17'), { recursive: true });
  if ((m.postgres ?? 'running') === 'running') fs.writeFileSync(path.join(root, 'pg-running'), '');
  if (m.db ?? true) fs.writeFileSync(path.join(root, 'db-test'), '');
  return root;
}

function ensure(root: string, mode: 'test' | 'start', uid: number) {
  const env: Record<string, string> = {
    PATH: `${path.join(root, 'stubs')}:${process.env.PATH}`,
    ENSURE_ENV_ROOT: root,
    FAKE_UID: String(uid),
  };
  const r = spawnSync('bash', [SCRIPT, mode], { env, encoding: 'utf8' });
  const callsFile = path.join(root, 'calls');
  const calls = fs.existsSync(callsFile) ? fs.readFileSync(callsFile, 'utf8').trim().split('\n') : [];
  return { code: r.status, stderr: r.stderr, calls };
}

describe('scripts/ensure-env.sh', () => {
  it('on a fresh machine as root: installs chromium and the CJK font (update first), starts PostgreSQL, makes the test database', () => {
    const root = machine({ postgres: 'stopped', db: false, strace: false });
    const r = ensure(root, 'test', 0);
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls).toEqual([
      'apt-get update -qq',
      'apt-get install -y -qq chromium fonts-noto-cjk strace',
      'pg_ctlcluster --skip-systemctl-redirect 17 main start',
      'createdb -h 127.0.0.1 -U postgres test',
    ]);
    expect(fs.existsSync(path.join(root, 'usr/bin/chromium'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'usr/bin/strace'))).toBe(true);
  });

  it('does nothing and says nothing when everything is there', () => {
    const r = ensure(machine({ chromium: true, font: true }), 'test', 0);
    expect(r).toEqual({ code: 0, stderr: '', calls: [] });
  });

  it('not root: stops at once with one line naming what is missing and the command that fixes it', () => {
    const r = ensure(machine({ font: true }), 'test', 1000);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'ensure-env: chromium not installed; fix: sudo apt-get install -y chromium',
    ]);
    expect(r.calls).toEqual([]);

    const pg = ensure(machine({ chromium: true, font: true, postgres: 'stopped' }), 'test', 1000);
    expect(pg.code).toBe(1);
    expect(pg.stderr.trim().split('\n')).toEqual([
      'ensure-env: PostgreSQL does not answer at 127.0.0.1:5432; fix: sudo pg_ctlcluster --skip-systemctl-redirect 17 main start',
    ]);

    const none = ensure(machine({ chromium: true, font: true, postgres: 'absent' }), 'test', 0);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /^ensure-env: PostgreSQL is not installed; fix: sudo apt-get install -y postgresql\n$/,
    );
  });

  it('before start: installs as root, otherwise only warns (phishdesk runs without Chromium), and leaves PostgreSQL alone', () => {
    const asRoot = ensure(machine({ font: true, postgres: 'stopped' }), 'start', 0);
    expect(asRoot.code, asRoot.stderr).toBe(0);
    expect(asRoot.calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq chromium']);

    // strace is for the tests only: start never asks for it.
    const user = ensure(machine({ postgres: 'stopped', strace: false }), 'start', 1000);
    expect(user.code).toBe(0);
    expect(user.stderr).toBe(
      'ensure-env: warning: chromium fonts-noto-cjk not installed; fix: sudo apt-get install -y chromium fonts-noto-cjk\n',
    );
    expect(user.calls).toEqual([]);
  });
});
