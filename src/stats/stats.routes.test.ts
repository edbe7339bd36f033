import { Command } from 'commander';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../test/auth.ts';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { createAccountsService } from '../accounts/accounts.service.ts';
import { registerAuth } from '../accounts/auth.hook.ts';
import { authRoutes } from '../accounts/auth.routes.ts';
import { createAuditLog } from '../audit/audit.log.ts';
import { registerErrorHandling } from '../http/errors.ts';
import { fixedClock } from '../lib/clock.ts';
import { createIngestRepository } from '../reports/ingest.repository.ts';
import { createSourcesRepository } from '../sources/sources.repository.ts';
import { statsCommand } from './stats.command.ts';
import { createStatsRepository } from './stats.repository.ts';
import { statsRoutes } from './stats.routes.ts';
import type { Stats } from './stats.schema.ts';
import { createStatsService } from './stats.service.ts';

const JST = 9 * 3600 * 1000;

/** Two reports in April 2024 (JST) naming two URLs on subdomains of one domain, one in March. */
async function seed(db: TestDb): Promise<void> {
  const sourceId = (await createSourcesRepository(db).ensure('jpcert', 'jpcert', 1)).id;
  const ingest = createIngestRepository(db);
  const at = [Date.UTC(2024, 3, 1) - JST, Date.UTC(2024, 3, 30, 14), Date.UTC(2024, 2, 10)];
  const hosts = ['a.evil.test', 'b.evil.test', 'a.evil.test'];
  await ingest.ingest({
    sourceId,
    reports: at.map((t, i) => ({
      report: {
        externalId: `r${i}`,
        kind: 'feed',
        status: 'processed',
        receivedAt: t,
        reportedAt: t,
        brandLabel: null,
        brandId: null,
        contentType: null,
        payload: '{}',
      },
      urls: [
        {
          urlHash: `h${hosts[i]}`,
          canonical: `https://${hosts[i]}/`,
          scheme: 'https',
          host: hosts[i]!,
          isIp: false,
          registrableDomain: 'evil.test',
          publicSuffix: 'test',
          tld: 'test',
          path: '/',
          features: 'random_subdomain',
          threat: 'phishing',
          brandId: null,
          brandConfidence: null,
          brandEvidence: null,
          seenAt: t,
        },
      ],
    })),
  });
}

describe.each(DIALECTS)('GET /api/v1/stats and `phishdesk stats` on %s', (dialect) => {
  let db: TestDb;
  let app: FastifyInstance;
  let analyst: Record<string, string>;
  let brandUser: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    await seed(db);
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandling(app);
    const accounts = createAccountsService({
      db,
      clock: fixedClock(0),
      audit: createAuditLog(db, fixedClock(0)),
    });
    registerAuth(app, accounts);
    await app.register(authRoutes({ accounts, cookie: { secure: false }, limits: { ratePerMinute: 1000 } }));
    const stats = createStatsService({ repo: createStatsRepository(db), clock: fixedClock(0) });
    await app.register(statsRoutes({ stats }));
    analyst = (await signIn(app, { accounts }, { role: 'analyst' })).headers;
    brandUser = (await signIn(app, { accounts }, { role: 'brand' })).headers;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('is for staff only: 401 signed out, 403 for a brand user', async () => {
    const url = '/api/v1/stats?month=2024-04';
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url, headers: brandUser })).statusCode).toBe(403);
  });

  it('serves a month with its headline figures and changes', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/stats?month=2024-04&top=5',
      headers: analyst,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as Stats;
    expect(body.period.label).toBe('2024-04');
    expect(body.headline.reports).toEqual({ value: 2, previous: 1, change: 1, changeRatio: 1 });
    expect(body.headline.uniqueUrls).toEqual({ value: 2, previous: 1, change: 1, changeRatio: 1 });
    expect(body.headline.uniqueUrlsMergedSubdomains.value).toBe(1);
    expect(body.sites.tlds.top).toEqual([{ tld: 'test', urls: 2, share: 1 }]);
    expect(body.takedowns).toEqual({
      opened: 0,
      takenDown: 0,
      medianMs: null,
      medianFromReportMs: null,
      previous: { opened: 0, takenDown: 0, medianMs: null },
    });
    expect(body.email.dmarc).toEqual({ judged: 0, verdicts: [], withPolicy: 0, policies: [] });
  });

  it('serves a range of days', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/stats?from=2024-04-30&to=2024-04-30',
      headers: analyst,
    });
    expect(res.statusCode).toBe(200);
    expect((res.json() as Stats).headline.reports.value).toBe(1);
  });

  it('answers 400 request.invalid for a bad or missing period', async () => {
    for (const query of [
      'month=2024-13',
      'month=april',
      'month=2024-04&from=2024-04-01',
      'from=2024-04-01',
      '',
      'month=2024-04&top=0',
      'month=2024-04&unknown=1',
    ]) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/stats?${query}`, headers: analyst });
      expect(res.statusCode, query).toBe(400);
      expect((res.json() as { error: { code: string } }).error.code, query).toBe('request.invalid');
    }
  });

  it('prints the statistics as JSON and as text from the command line', async () => {
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const env = { ...process.env };
    Object.assign(process.env, { DATABASE_URL: db.url, SMTP_ENABLED: 'false', LOG_LEVEL: 'silent' });
    try {
      const run = async (...args: string[]) => {
        const program = new Command('phishdesk').exitOverride();
        statsCommand(program);
        await program.parseAsync(['node', 'phishdesk', 'stats', ...args]);
      };
      await run('--month', '2024-04', '--json');
      const json = JSON.parse(out.join('')) as Stats;
      expect(json.headline.uniqueUrls.value).toBe(2);
      out.length = 0;
      await run('--month', '2024-04');
      expect(out.join('')).toMatch(/unique URLs\s+2 \(previous 1, \+1 \+100\.0%\)/);
      await expect(run('--month', '2024-4')).rejects.toMatchObject({ code: 'request.invalid' });
    } finally {
      write.mockRestore();
      process.env = env;
    }
  });
});
