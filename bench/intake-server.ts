/**
 * The server side of bench/intake.ts, in its own process so the load generator does not share its event
 * loop: `noop` answers 202 without storage; `phishdesk` is the real server on a fresh SQLite file.
 * Prints the port on stdout once listening.
 */
import path from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { buildServer } from '../src/http/server.ts';
import { tempDir } from './lib.ts';

const mode = process.argv[2];
if (mode === 'noop') {
  const app = Fastify();
  app.post('/noop', async (_req, reply) => reply.status(202).send({ id: 'x', status: 'received' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log((app.server.address() as { port: number }).port);
} else {
  const dir = tempDir('intake');
  const config = loadConfig({
    DATABASE_URL: `sqlite:${path.join(dir, 'phishdesk.sqlite')}`,
    SMTP_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: '10000000',
    LOG_LEVEL: 'silent',
  });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
  const app = await buildServer(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log((app.server.address() as { port: number }).port);
}
process.on('SIGINT', () => process.exit(0));
