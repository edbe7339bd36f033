import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../storage/database.ts';
import { type MigrationProgress, migrateToLatest } from '../storage/migrate.ts';

export function dbCommand(program: Command): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending migrations (they also run at every start)')
    .action(async () => {
      const handle = openDatabase(loadConfig().database);
      try {
        const applied = await migrateToLatest(handle, printProgress);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'up to date\n');
      } finally {
        await handle.close();
      }
    });
}

/** One stderr line per committed step of a long data migration (stdout keeps the result). */
export const printProgress: MigrationProgress = (p) => {
  const pct = p.total > 0 ? ` (${Math.floor((p.done / p.total) * 100)}%)` : '';
  process.stderr.write(`migration ${p.migration}: ${p.step} ${p.done}/${p.total}${pct}\n`);
};
