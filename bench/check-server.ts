/**
 * The server side of bench/check.ts, in its own process: `noop` answers a GET with a fixed verdict
 * without looking anything up (HTTP cost alone); `phishdesk FILE` is the real server on a seeded SQLite
 * file. Prints the port on stdout once listening.
 */
import Fastify from 'fastify';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { buildServer } from '../src/http/server.ts';

const mode = process.argv[2];
if (mode === 'noop') {
  const app = Fastify();
  app.get('/noop', async () => ({ verdict: 'unknown', canonical: 'x', matches: [] }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log((app.server.address() as { port: number }).port);
} else {
  const config = loadConfig({
    DATABASE_URL: `sqlite:${process.argv[3]}`,
    SMTP_ENABLED: 'false',
    CHECK_RATE_LIMIT_PER_MINUTE: '100000000',
    LOG_LEVEL: 'silent',
  });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
  const app = await buildServer(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log((app.server.address() as { port: number }).port);
}
process.on('SIGINT', () => process.exit(0));
