import type { Command } from 'commander';
import { withContext } from '../cli/with-context.ts';

/** `phishdesk sources list|trust` (the operator: audited without a user). */
export function sourcesCommand(program: Command): void {
  const sources = program
    .command('sources')
    .description('sources (feeds, partners, intake channels) and their trust');
  sources
    .command('list')
    .description('every source with its kind, trust and report count')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const items = await ctx.sources.list();
        if (o.json) process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
        else
          for (const s of items)
            process.stdout.write(`${s.id}\t${s.name}\t${s.kind}\t${s.trust}\t${s.reports}\n`);
      });
    });
  sources
    .command('trust <name> <level>')
    .description(
      'set the trust of a source: confirmed (its URLs are confirmed on arrival) | trusted | public',
    )
    .option('--json', 'print the source as JSON')
    .action(async (name: string, level: string, o: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const s = await ctx.sources.setTrust(null, { name }, level);
        if (o.json) process.stdout.write(`${JSON.stringify(s)}\n`);
        else process.stdout.write(`${s.id}\t${s.name}\t${s.kind}\t${s.trust}\n`);
      });
    });
}
