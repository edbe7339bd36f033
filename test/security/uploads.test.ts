import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.ts';
import { signIn } from '../auth.ts';
import { createTestContext, type TestContext } from '../context.ts';
import { multipartBody } from '../multipart.ts';
import { listRoutes } from './routes.ts';

const EML = Buffer.from('From: a@evil.example\r\nSubject: hi\r\n\r\nhttps://evil.example/login\r\n');
const UPLOAD_LIMIT = 64 * 1024;

describe('uploads and file-serving routes under attack', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const tag = randomBytes(4).toString('hex');

  beforeAll(async () => {
    ctx = await createTestContext('sqlite', {
      UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT),
      RATE_LIMIT_PER_MINUTE: '10000',
    });
    app = await buildServer(ctx);
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const report = JSON.stringify({ kind: 'email', content: '', consent: { police: false, brand: false } });
  const post = (body: Buffer, headers: Record<string, string>, url = '/api/v1/reports') =>
    app.inject({ method: 'POST', url, payload: body, headers });

  it('stores a traversal filename as its last component and writes nothing outside the database', async () => {
    const names = [
      `../../../../tmp/pwn-${tag}.eml`,
      `..\\..\\windows\\pwn-${tag}.eml`,
      `/etc/pwn-${tag}.eml`,
      `%2e%2e%2fpwn-${tag}.eml`,
      `pwn-${tag}\u0000.eml`,
    ];
    for (const filename of names) {
      const form = multipartBody({ report }, [{ field: 'attachments', filename, data: EML }]);
      const res = await post(form.body, form.headers);
      expect(res.statusCode, filename).toBe(202);
    }
    const stored = await ctx.db.kysely.selectFrom('report_attachments').select('filename').execute();
    expect(stored).toHaveLength(names.length);
    for (const { filename } of stored) {
      expect(filename).not.toMatch(/[\\/\u0000]/);
      expect(filename).toContain(`pwn-${tag}`);
    }
    expect(fs.existsSync(`/tmp/pwn-${tag}.eml`)).toBe(false);
    expect(fs.existsSync(`/etc/pwn-${tag}.eml`)).toBe(false);
  });

  it('serves no file outside its own directories, however the path is spelled', async () => {
    const secrets = [/root:x:0:0/, /"name": "phishdesk"/, /DATABASE_URL/, /BEGIN [A-Z ]*PRIVATE KEY/];
    const traversals = [
      '../../../../etc/passwd',
      '..%2f..%2f..%2f..%2fetc%2fpasswd',
      '%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '..%252f..%252f..%252fetc%252fpasswd',
      '....//....//....//etc/passwd',
      '..\\..\\..\\..\\etc\\passwd',
      '%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
      '../package.json',
      '../../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '..%00/package.json',
    ];
    const admin = (await signIn(app, ctx, { role: 'admin' })).headers;
    // Every route ending in a wildcard or a parameter may map onto files (static assets, exports, docs).
    const prefixes = new Set(['/']);
    for (const r of listRoutes(app)) {
      if (r.method !== 'GET') continue;
      const cut = r.url.search(/[:*]/);
      if (cut > 0) prefixes.add(r.url.slice(0, cut));
    }
    const failures: string[] = [];
    for (const prefix of prefixes) {
      for (const t of traversals) {
        for (const headers of [{}, admin]) {
          const res = await app.inject({ method: 'GET', url: `${prefix}${t}`, headers });
          if (res.statusCode >= 500) failures.push(`${prefix}${t} → ${res.statusCode}`);
          for (const s of secrets) if (s.test(res.body)) failures.push(`${prefix}${t} serves ${s}`);
        }
      }
    }
    expect(prefixes.size).toBeGreaterThan(1);
    expect(failures).toEqual([]);
  });

  it('refuses oversized and malformed multipart bodies with a 4xx, and keeps serving', async () => {
    const boundary = 'XyZ';
    const head = (extra = '') =>
      `--${boundary}\r\nContent-Disposition: form-data; name="report"\r\n${extra}\r\n${report}\r\n`;
    const fileHead = (name = 'a.eml') =>
      `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${name}"\r\nContent-Type: message/rfc822\r\n\r\n`;
    const mp = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const cases: [string, Buffer, Record<string, string>][] = [
      [
        'file over the upload limit',
        Buffer.from(`${head()}${fileHead()}${EML}${'x'.repeat(UPLOAD_LIMIT + 10)}\r\n--${boundary}--\r\n`),
        mp,
      ],
      ['body over the request limit', Buffer.alloc(2 * 1024 * 1024, 'a'), mp],
      [
        'no boundary parameter',
        Buffer.from(`${head()}--${boundary}--\r\n`),
        { 'content-type': 'multipart/form-data' },
      ],
      ['boundary never closed', Buffer.from(`${head()}${fileHead()}${EML}`), mp],
      ['empty body', Buffer.alloc(0), mp],
      ['garbage', randomBytes(5000), mp],
      [
        'too many files',
        Buffer.from(`${head()}${`${fileHead()}${EML}\r\n`.repeat(40)}--${boundary}--\r\n`),
        mp,
      ],
      [
        'too many fields',
        Buffer.from(
          `${Array.from({ length: 500 }, (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('')}--${boundary}--\r\n`,
        ),
        mp,
      ],
      [
        'huge part header',
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="report"\r\nX-Pad: ${'p'.repeat(200_000)}\r\n\r\n${report}\r\n--${boundary}--\r\n`,
        ),
        mp,
      ],
      [
        'field over the field size',
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="report"\r\n\r\n${'r'.repeat(300 * 1024)}\r\n--${boundary}--\r\n`,
        ),
        mp,
      ],
      [
        'no Content-Disposition',
        Buffer.from(`--${boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${boundary}--\r\n`),
        mp,
      ],
      [
        'executable attachment',
        Buffer.from(
          `${head()}${fileHead('x.exe')}MZ\u0090\u0000${'\u0000'.repeat(100)}\r\n--${boundary}--\r\n`,
        ),
        mp,
      ],
      [
        'boundary of 5,000 characters',
        Buffer.from(`--${'b'.repeat(5000)}\r\n\r\n`),
        { 'content-type': `multipart/form-data; boundary=${'b'.repeat(5000)}` },
      ],
    ];
    for (const url of ['/api/v1/reports', '/report']) {
      for (const [label, body, headers] of cases) {
        const res = await post(body, headers, url);
        expect(res.statusCode, `${url} ${label}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${url} ${label}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      }
    }
    const ok = multipartBody({ report }, [{ field: 'attachments', filename: 'ok.eml', data: EML }]);
    expect((await post(ok.body, ok.headers)).statusCode).toBe(202);
    // Nothing of the refused bodies was stored.
    const names = await ctx.db.kysely.selectFrom('report_attachments').select('filename').execute();
    expect(names.map((n) => n.filename)).not.toContain('x.exe');
  });

  it('keeps stored attachments out of the file system', () => {
    const dataDir = ctx.config.dataDir;
    const files = fs.existsSync(dataDir) ? fs.readdirSync(dataDir, { recursive: true }).map(String) : [];
    expect(files.filter((f) => path.basename(f).includes(`pwn-${tag}`))).toEqual([]);
  });
});
