import type { Command } from 'commander';
import { withContext } from '../cli/with-context.ts';
import { AppError } from '../errors.ts';
import { createReportsRepository } from '../reports/reports.repository.ts';
import type { AllowlistKind } from './allowlist.index.ts';
import { reindexReportTexts } from './report-texts.ts';
import { createTriageRepository } from './triage.repository.ts';

/** `phishdesk allowlist …` and `phishdesk triage reindex-texts` (the operator: audited without a user). */
export function triageCommands(program: Command): void {
  const allow = program.command('allowlist').description('hosts and domains intake never treats as phishing');
  allow
    .command('list')
    .description('list entries, newest first')
    .option('--source <source>', 'official | analyst | brand')
    .option('--search <text>', 'part of the host or domain')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .action(async (o: { source?: string; search?: string; limit: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const { items } = await ctx.allowlist.list({
          source: o.source,
          search: o.search,
          limit: Number(o.limit) || 100,
        });
        if (o.json) process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
        else
          for (const e of items)
            process.stdout.write(`${e.id}\t${e.kind}\t${e.value}\t${e.source}\t${e.at}\t${e.reason}\n`);
      });
    });
  allow
    .command('add <kind> <value>')
    .description('add a domain (with its subdomains) or a host')
    .requiredOption('--reason <text>', 'why this is not phishing')
    .action(async (kind: string, value: string, o: { reason: string }) => {
      if (kind !== 'domain' && kind !== 'host')
        throw new AppError('request.invalid', 'kind is domain or host');
      await withContext(async (ctx) => {
        const e = await ctx.allowlist.add(null, { kind: kind as AllowlistKind, value, reason: o.reason });
        process.stdout.write(`${e.id}\t${e.kind}\t${e.value}\n`);
      });
    });
  allow
    .command('remove <id>')
    .description('remove an entry (official brand domains stay)')
    .action(async (id: string) => {
      await withContext(async (ctx) => ctx.allowlist.remove(null, Number(id)));
    });

  program
    .command('triage')
    .description('triage maintenance')
    .command('reindex-texts')
    .description('index subjects and senders of e-mail reports analysed before migration 0004 (resumable)')
    .action(async () => {
      await withContext(async (ctx) => {
        const n = await reindexReportTexts({
          db: ctx.db,
          reports: createReportsRepository(ctx.db),
          repo: createTriageRepository(ctx.db),
        });
        process.stdout.write(`indexed ${n} e-mail reports\n`);
      });
    });
}
