import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../src/config.ts';

/**
 * The container files must start phishdesk the way the README and package.json do, with variables
 * phishdesk actually reads. No container daemon runs on these machines, so the image itself is not built
 * here: this checks what the daemon would be given.
 */
const root = path.resolve('.');
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

type Instruction = { op: string; args: string };
function dockerfile(): Instruction[] {
  return read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}
const exec = (args: string) => (JSON.parse(args) as string[]).join(' ');

type Service = { command?: string[]; environment?: Record<string, string>; image?: string; build?: string };
const compose = parse(read('compose.yaml')) as { services: Record<string, Service> };

describe('Dockerfile and compose.yaml', () => {
  const steps = dockerfile();
  const all = (op: string) => steps.filter((s) => s.op === op);

  it('builds on Debian with its Chromium and CJK font, installs from the lock file and builds the console', () => {
    expect(all('FROM')[0]!.args).toMatch(/^node:(20|24)-bookworm/);
    const apt = all('RUN').find((r) => r.args.includes('apt-get install'))!;
    for (const p of ['chromium', 'fonts-noto-cjk']) expect(apt.args.split(/\s+/)).toContain(p);
    const runs = all('RUN').map((r) => r.args);
    expect(runs).toContain('npm ci --no-audit --no-fund');
    expect(runs).toContain('npm run build:web');
  });

  it('starts what `npm start` starts, on the README’s ports, with Chromium where phishdesk looks', () => {
    expect(exec(all('CMD').at(-1)!.args)).toBe(pkg.scripts.start);
    const env = Object.fromEntries(
      all('ENV')
        .flatMap((e) => e.args.split(/\s+/))
        .map((kv) => kv.split('=') as [string, string]),
    );
    for (const key of Object.keys(env)) expect(CONFIG_VARIABLES).toContain(key);
    const config = loadConfig(env);
    expect(config.browser.executablePath).toBe('/usr/bin/chromium');
    expect(all('EXPOSE')[0]!.args.split(/\s+/).map(Number)).toEqual([config.port, config.smtp.port]);
    expect(read('README.md')).toContain(`http://localhost:${config.port}`);
  });

  it('runs web and worker processes on PostgreSQL with variables phishdesk reads', () => {
    const { db, web, worker } = compose.services;
    expect(db?.image).toMatch(/^postgres:/);
    expect(web?.command?.join(' ')).toBe(`${pkg.scripts.start} --role web`);
    expect(worker?.command?.join(' ')).toBe(`${pkg.scripts.start} --role worker`);
    const configs = [web!, worker!].map((service) => {
      for (const key of Object.keys(service.environment ?? {})) expect(CONFIG_VARIABLES).toContain(key);
      // ${VAR} as compose would substitute it.
      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([k, v]) => [
          k,
          v.replace(/\$\{([A-Z_]+)(:-([^}]*))?\}/g, (_m, _n, _d, dflt) => dflt ?? 'secret'),
        ]),
      );
      const config = loadConfig(env);
      expect(config.database).toEqual({
        kind: 'postgres',
        url: 'postgres://phishdesk:secret@db:5432/phishdesk',
      });
      return config;
    });
    // SMTP intake on the web process only, as "Running at scale" says.
    expect(configs.map((c) => c.smtp.enabled)).toEqual([true, false]);
  });

  it('is what the README documents', () => {
    const readme = read('README.md');
    expect(readme).toContain('docker compose up');
    expect(readme).toContain('compose.yaml');
  });
});
