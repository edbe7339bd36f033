import type { Command } from 'commander';
import { presentBrand, presentRun } from '../brands/brands.presenter.ts';
import type { BrandChangeResult } from '../brands/brands.service.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { withContext } from './with-context.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `phishdesk brands [list]|add|edit|merge|retire|reattribution`: the managed registry from the command
 * line (the operator: audited with no account). A change queues its re-attribution job; a worker runs
 * it, or `brands reattribution <id> --run` here.
 */
export function brandsCommand(program: Command): void {
  const brands = program.command('brands').description('the brand registry: list, add, edit, merge, retire');

  brands
    .command('list', { isDefault: true })
    .description('list the brand registry')
    .option('--status <status>', 'active | retired | merged | all', 'active')
    .option('--json', 'print JSON (one array)')
    .action(async (opts: { json?: boolean; status: string }) => {
      await withContext(async (ctx) => {
        const list = ctx.brands.all().filter((b) => opts.status === 'all' || b.status === opts.status);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        for (const b of list) {
          process.stdout.write(
            `${b.slug}\t${b.sector}\t${b.nameJa}\t${b.nameEn}\t${b.officialDomains.join(' ')}\n`,
          );
        }
        process.stdout.write(`${list.length} brands\n`);
      });
    });

  brands
    .command('add')
    .description('add a brand (its URLs and reports are re-attributed by a job)')
    .requiredOption('--slug <slug>', 'stable id: lowercase ASCII and hyphens')
    .requiredOption('--name-ja <name>', 'Japanese name')
    .requiredOption('--name-en <name>', 'English name')
    .requiredOption('--sector <sector>', 'sector of the monthly report (bank, securities, ecommerce…)')
    .option('--domain <domain>', 'official domain (repeat)', collect, [])
    .option('--keyword <keyword>', 'URL keyword (repeat)', collect, [])
    .option('--alias <alias>', 'another spelling (repeat)', collect, [])
    .option('--json', 'print JSON')
    .action(async (o) => {
      await withContext(async (ctx) => {
        const r = await ctx.brandsService.create(null, {
          slug: o.slug,
          nameJa: o.nameJa,
          nameEn: o.nameEn,
          sector: o.sector,
          officialDomains: o.domain,
          keywords: o.keyword,
          aliases: o.alias,
        });
        await print(ctx, r, o.json);
      });
    });

  brands
    .command('edit <brand>')
    .description('edit a brand (by slug or id)')
    .option('--name-ja <name>')
    .option('--name-en <name>')
    .option('--sector <sector>')
    .option('--add-domain <domain>', 'repeat', collect, [])
    .option('--remove-domain <domain>', 'repeat', collect, [])
    .option('--add-keyword <keyword>', 'repeat', collect, [])
    .option('--remove-keyword <keyword>', 'repeat', collect, [])
    .option('--add-alias <alias>', 'repeat', collect, [])
    .option('--remove-alias <alias>', 'repeat', collect, [])
    .option('--json', 'print JSON')
    .action(async (ref: string, o) => {
      await withContext(async (ctx) => {
        const b = find(ctx, ref);
        const edit = (list: string[], add: string[], remove: string[]) => [
          ...list.filter((x) => !remove.includes(x)),
          ...add,
        ];
        const r = await ctx.brandsService.edit(null, b.id, {
          nameJa: o.nameJa,
          nameEn: o.nameEn,
          sector: o.sector,
          officialDomains: edit(b.officialDomains, o.addDomain, o.removeDomain),
          keywords: edit(b.keywords, o.addKeyword, o.removeKeyword),
          aliases: edit(b.aliases, o.addAlias, o.removeAlias),
        });
        await print(ctx, r, o.json);
      });
    });

  brands
    .command('merge <brand>')
    .description('merge a brand into another: its aliases, domains, keywords and corrections move')
    .requiredOption('--into <brand>', 'the brand that stays')
    .requiredOption('--reason <text>')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { into: string; reason: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const r = await ctx.brandsService.merge(null, find(ctx, ref).id, find(ctx, o.into).id, o.reason);
        await print(ctx, r, o.json);
      });
    });

  brands
    .command('retire <brand>')
    .description('retire a brand: no longer matched; its URLs and reports are re-attributed')
    .requiredOption('--reason <text>')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { reason: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        await print(ctx, await ctx.brandsService.retire(null, find(ctx, ref).id, o.reason), o.json);
      });
    });

  brands
    .command('reattribution [id]')
    .description('progress of re-attribution runs (the latest ones, or one)')
    .option('--run', 'run (or resume) it in this process instead of waiting for a worker')
    .option('--limit <n>', 'runs to list', '20')
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, o: { run?: boolean; limit: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        if (id === undefined) {
          const runs = await ctx.brandsService.listRuns({ limit: Number(o.limit) || 20 });
          const shown = runs.map((r) => presentRun(r, ctx.brands));
          if (o.json) process.stdout.write(`${JSON.stringify(shown)}\n`);
          else for (const r of shown) process.stdout.write(`${runLine(r)}\n`);
          return;
        }
        const runId = Number(id);
        const run = o.run ? await ctx.reattribution.run(runId) : await ctx.brandsService.getRun(runId);
        if (!run) throw new AppError('not_found', `no re-attribution run ${id}`);
        const shown = presentRun(run, ctx.brands);
        process.stdout.write(o.json ? `${JSON.stringify(shown)}\n` : `${runLine(shown)}\n`);
      });
    });
}

function find(ctx: AppContext, ref: string) {
  const b = /^\d+$/.test(ref) ? ctx.brands.byId(Number(ref)) : ctx.brands.all().find((x) => x.slug === ref);
  if (!b) throw new AppError('not_found', `no brand ${ref}`);
  return b;
}

async function print(ctx: AppContext, r: BrandChangeResult, json?: boolean) {
  const run = await ctx.brandsService.getRun(r.reattributionId);
  const brand = presentBrand(r.brand, ctx.brands);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ brand, reattribution: run ? presentRun(run, ctx.brands) : null })}\n`,
    );
    return;
  }
  process.stdout.write(
    `${brand.id}\t${brand.slug}\t${brand.status}\t${brand.nameJa}\t${brand.nameEn}\t${brand.officialDomains.join(' ')}\n`,
  );
  process.stderr.write(
    `phishdesk: re-attribution #${r.reattributionId} queued (phishdesk brands reattribution ${r.reattributionId})\n`,
  );
}

function runLine(r: ReturnType<typeof presentRun>): string {
  return [
    `#${r.id}`,
    r.status,
    `${Math.round(r.progress * 100)}%`,
    `urls ${r.urls.changed}/${r.urls.scanned}/${r.urls.total} (kept ${r.urls.keptCorrections})`,
    `reports ${r.reports.changed}/${r.reports.scanned}/${r.reports.total}`,
    r.reason,
  ].join('\t');
}
