import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../storage/database.ts';
import { migrateToLatest } from '../storage/migrate.ts';

export function dbCommand(program: Command): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending migrations (they also run at every start)')
    .action(async () => {
      const handle = openDatabase(loadConfig().database);
      try {
        const applied = await migrateToLatest(handle);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'up to date\n');
      } finally {
        await handle.close();
      }
    });
}
