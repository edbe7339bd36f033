import pino from 'pino';
import { loadConfig } from '../config.ts';
import { type AppContext, createContext } from '../context.ts';

/** Runs a CLI action with a context whose logs go to stderr (stdout is reserved for the output). */
export async function withContext<T>(action: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const ctx = await createContext(config, { log });
  try {
    return await action(ctx);
  } finally {
    await ctx.close();
  }
}
