import type { Command } from 'commander';
import { migrateData } from './migrate-data.ts';

/** `phishdesk migrate-data --from sqlite:PATH --to postgres://…`: move an embedded install to PostgreSQL. */
export function migrateDataCommand(program: Command): void {
  program
    .command('migrate-data')
    .description('copy every table of an embedded SQLite database into PostgreSQL (ids kept)')
    .requiredOption('--from <url>', 'source database: sqlite:PATH')
    .requiredOption('--to <url>', 'target database: postgres://… (migrated first; must be empty)')
    .option('--force', 'replace the data of a target that is not empty')
    .option('--batch <rows>', 'rows per INSERT', (v) => Number.parseInt(v, 10), 1000)
    .option('--jobs-schema <name>', 'pg-boss schema that receives the waiting jobs', 'pgboss')
    .action(
      async (opts: { from: string; to: string; force?: boolean; batch: number; jobsSchema: string }) => {
        const started = Date.now();
        const result = await migrateData({
          from: opts.from,
          to: opts.to,
          force: opts.force === true,
          batchSize: opts.batch,
          jobsSchema: opts.jobsSchema,
          onTable: ({ table, rows }) => process.stderr.write(`copied ${table}: ${rows} rows\n`),
        });
        const total = result.tables.reduce((n, t) => n + t.rows, 0);
        process.stdout.write(
          `${JSON.stringify({ ...result, totalRows: total, seconds: (Date.now() - started) / 1000 })}\n`,
        );
      },
    );
}
