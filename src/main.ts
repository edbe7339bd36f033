import { ConfigError, loadConfig } from './config.ts';
import { createContext } from './context.ts';
import { buildServer } from './http/server.ts';
import { createSmtpIntake } from './reports/smtp-intake.ts';

/** Starts phishdesk in the given role; resolves once listening, and stops cleanly on SIGTERM/SIGINT. */
export async function start(role?: 'web' | 'worker' | 'all'): Promise<void> {
  const config = loadConfig();
  const ctx = await createContext({ ...config, role: role ?? config.role });
  const serveHttp = ctx.config.role !== 'worker';
  const app = await buildServer(ctx);
  if (serveHttp) await app.listen({ port: ctx.config.port, host: ctx.config.host });
  const smtp =
    serveHttp && ctx.config.smtp.enabled
      ? createSmtpIntake({
          intake: ctx.intake,
          log: ctx.log,
          maxBytes: ctx.config.limits.uploadBytes,
          clientLimits: ctx.config.smtpClients,
          clock: ctx.clock,
        })
      : null;
  if (smtp) await smtp.listen(ctx.config.smtp.port, ctx.config.smtp.host);
  if (ctx.config.role !== 'web') await ctx.startWorkers();
  // The bound port, not the configured one: PORT=0 lets the system choose (tests read it from this line).
  const address = serveHttp ? app.server.address() : null;
  const port = address && typeof address === 'object' ? address.port : null;
  ctx.log.info({ role: ctx.config.role, port }, 'phishdesk started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal }, 'shutting down');
    // Stop accepting, let in-flight requests and jobs finish, then close the database.
    await smtp?.close();
    await app.close();
    await ctx.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

export function describeStartupError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
