import type { Command } from 'commander';
import { withContext } from './with-context.ts';

export function brandsCommand(program: Command): void {
  program
    .command('brands')
    .description('list the brand registry')
    .option('--json', 'print JSON (one array)')
    .action(async (opts: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const brands = ctx.brands.list();
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(brands, null, 2)}\n`);
          return;
        }
        for (const b of brands) {
          process.stdout.write(
            `${b.slug}\t${b.sector}\t${b.nameJa}\t${b.nameEn}\t${b.officialDomains.join(' ')}\n`,
          );
        }
        process.stdout.write(`${brands.length} brands\n`);
      });
    });
}
