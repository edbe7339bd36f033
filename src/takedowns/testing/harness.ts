import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createTestDb, type TestDb } from '../../../test/databases.ts';
import { loadConfig } from '../../config.ts';
import { type AppContext, createContext } from '../../context.ts';
import { type FakeSite, fakeHosts, startFakeSite, tableResolver } from '../../fetch/testing/fake-site.ts';
import { buildServer } from '../../http/server.ts';
import { createTableQueue } from '../../jobs/table-queue.ts';
import type { fixedClock } from '../../lib/clock.ts';
import { type RdapServer, startRdapServer } from '../../rdap/testing/rdap-server.ts';
import type { Dialect } from '../../storage/database.ts';
import { type CapturedMail, startSmtpSink } from './smtp-sink.ts';

export type TakedownHarness = {
  db: TestDb;
  site: FakeSite;
  rdap: RdapServer;
  smtp: { url: string; mails: CapturedMail[]; close(): Promise<void> };
  ctx: AppContext;
  app: FastifyInstance;
  /** The data directory (evidence, the signing key); removed by close(). */
  dataDir: string;
  close(): Promise<void>;
};

/**
 * The whole application against loopback fakes, as the takedown tests run it: a fake phishing site on
 * `address` port 80 (stored URLs have no port) whose names resolve there, an RDAP server, an SMTP sink for
 * outgoing mail, outbound visits on (private addresses allowed for the fakes), the table queue.
 */
export async function startTakedownHarness(options: {
  dialect: Dialect;
  address: string;
  clock: ReturnType<typeof fixedClock>;
  /** More names that resolve to the fake site. */
  extraHosts?: readonly string[];
}): Promise<TakedownHarness> {
  const { address, clock } = options;
  const db = await createTestDb(options.dialect);
  const site = await startFakeSite({ address, port: 80 });
  const rdap = await startRdapServer();
  const smtp = await startSmtpSink();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phishdesk-takedown-'));
  const config = loadConfig({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    SMTP_ENABLED: 'false',
    OUTBOUND_ENABLED: 'true',
    FETCH_ALLOW_PRIVATE: 'true',
    FETCH_TIMEOUT_MS: '5000',
    MAIL_OUT_URL: smtp.url,
    MAIL_FROM: 'phishdesk <takedown@phishdesk.example>',
    RDAP_BOOTSTRAP_URL: rdap.bootstrapUrl,
    ORGANISATION_NAME: 'フィッシング対策テストセンター',
  });
  const log = pino({ level: 'silent' });
  const hosts = { ...fakeHosts(address) } as Record<string, string[]>;
  for (const name of options.extraHosts ?? []) hosts[name] = [address];
  const ctx = await createContext(config, {
    db,
    clock,
    log,
    queue: createTableQueue({ db, clock, log, pollMs: 50 }),
    resolve: tableResolver(hosts),
  });
  const app = await buildServer(ctx);
  return {
    db,
    site,
    rdap,
    smtp,
    ctx,
    app,
    dataDir,
    async close() {
      await app.close();
      await ctx.queue.stop();
      await site.close();
      await rdap.close();
      await smtp.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
