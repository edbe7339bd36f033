import fs from 'node:fs';
import pino from 'pino';
import { type Config, loadConfig } from '../config.ts';
import { type AppContext, createContext } from '../context.ts';
import { AppError } from '../errors.ts';

export type CliContextOptions = {
  /**
   * Whether this command may create the embedded database when it is not there yet. Only commands whose
   * point is to put something in (import, first admin, db migrate, serve) may; a read such as `user list`
   * run with another DATA_DIR than the server would otherwise answer from a new, empty database.
   */
  createsDatabase?: boolean;
};

/** Runs a CLI action with a context whose logs go to stderr (stdout is reserved for the output). */
export async function withContext<T>(
  action: (ctx: AppContext) => Promise<T>,
  options: CliContextOptions = {},
): Promise<T> {
  const config = loadConfig();
  if (!options.createsDatabase) refuseMissingDatabase(config);
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const ctx = await createContext(config, { log });
  try {
    return await action(ctx);
  } finally {
    await ctx.close();
  }
}

/** `sqlite:/abs/path` or the PostgreSQL URL without its password: which database a command uses. */
export function describeDatabase(config: Config): string {
  if (config.database.kind === 'sqlite') return `sqlite:${config.database.file}`;
  return config.database.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

function refuseMissingDatabase(config: Config): void {
  if (config.database.kind !== 'sqlite' || config.database.file === ':memory:') return;
  if (fs.existsSync(config.database.file)) return;
  throw new AppError(
    'storage.no_database',
    `no database at ${config.database.file}: run this where the server runs (same DATA_DIR or DATABASE_URL), ` +
      'or create it with `phishdesk db migrate`',
  );
}
