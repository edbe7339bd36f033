import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { feedsCommand } from './feeds.command.ts';
import { fixturePath, type Loopback, serveStatic, startLoopback } from './testing/loopback.ts';

describe('phishdesk feeds (CLI)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-feeds-cli-'));
  let server: Loopback;
  beforeAll(async () => {
    Object.assign(process.env, {
      DATABASE_URL: `sqlite:${path.join(tmp, 'cli.sqlite')}`,
      DATA_DIR: tmp,
      SMTP_ENABLED: 'false',
      LOG_LEVEL: 'silent',
      FEED_PASSWORD: 'cli-secret-pw-77',
      // The feed is a loopback fake: outbound visits on, to loopback only.
      OUTBOUND_ENABLED: 'true',
      FETCH_ALLOW_PRIVATE: 'true',
    });
    server = await startLoopback((req, res) => {
      if (req.headers.authorization !== `Basic ${Buffer.from('member:cli-secret-pw-77').toString('base64')}`)
        return res.writeHead(401).end();
      serveStatic(req, res, fs.readFileSync(fixturePath('urlhaus/csv.txt')), { etag: '"u1"' });
    });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function cli(...args: string[]): Promise<string> {
    const program = new Command('phishdesk').exitOverride();
    feedsCommand(program);
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    try {
      await program.parseAsync(args, { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    return out.join('');
  }

  it('adds, runs, lists and disables a source; the password never appears', async () => {
    const added = await cli(
      'feeds',
      'add',
      'urlhaus-recent',
      '--kind',
      'urlhaus',
      '--url',
      `${server.url}/downloads/csv_recent/`,
      '--every',
      '5',
      '--licence',
      'CC0 (abuse.ch)',
      '--user',
      'member',
      '--password-env',
      'FEED_PASSWORD',
      '--json',
    );
    expect(JSON.parse(added)).toMatchObject({
      name: 'urlhaus-recent',
      kind: 'urlhaus',
      scheduleMinutes: 5,
      credentials: 'basic',
    });

    const run = await cli('feeds', 'run', 'urlhaus-recent', '--json');
    expect(JSON.parse(run)).toMatchObject({ status: 'ok', new: 6, rejected: 1 });
    process.exitCode = undefined;
    expect(JSON.parse(await cli('feeds', 'run', 'urlhaus-recent', '--json'))).toMatchObject({
      status: 'not_modified',
    });

    const list = await cli('feeds', 'list');
    expect(list).toMatch(/^urlhaus-recent\turlhaus\tevery 5 min\tok\tnot_modified /m);
    expect(list).toMatch(/1 sources, 0 failing/);
    const json = await cli('feeds', 'list', '--json');
    expect(json).not.toContain('cli-secret-pw-77');
    expect(added + run + list).not.toContain('cli-secret-pw-77');

    expect(await cli('feeds', 'disable', 'urlhaus-recent')).toMatch(/\tdisabled\t/);
  });

  it('refuses a URL with user:password inside and an unknown source', async () => {
    await expect(
      cli('feeds', 'add', 'bad', '--kind', 'openphish', '--url', 'https://u:p@feeds.example/feed.txt'),
    ).rejects.toThrow(/credentials, not in the URL/);
    await expect(cli('feeds', 'run', 'nope')).rejects.toThrow(/no feed source nope/);
  });
});
