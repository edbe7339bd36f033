import fs from 'node:fs';
import type { Command } from 'commander';
import { withContext } from '../cli/with-context.ts';
import { AppError } from '../errors.ts';
import { dayRange } from './period.ts';
import { presentRuleSet, presentVersion } from './rules.presenter.ts';

function readRuleFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('import.file_unreadable', `cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError('rule.invalid', `${file} is not JSON: ${(err as Error).message}`);
  }
}

const out = (s: string) => process.stdout.write(s);

/** `phishdesk rules list|show|set|test|apply` (the operator: audited without a user). */
export function rulesCommand(program: Command): void {
  const rules = program.command('rules').description('triage rules: the versioned rule set and dry runs');
  rules
    .command('list')
    .description('saved rule set versions, newest (the active one) first')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const items = (await ctx.rules.versions()).map(presentVersion);
        if (o.json) out(`${JSON.stringify(items, null, 2)}\n`);
        else
          for (const [i, v] of items.entries())
            out(
              `v${v.version}${i === 0 ? '\tactive' : '\t'}\t${v.createdAt}\t${v.rules} rules\t${v.comment}\n`,
            );
      });
    });
  rules
    .command('show [version]')
    .description(
      'a rule set as JSON (the active one unless a version is given); `rules set --file` takes it back',
    )
    .action(async (version: string | undefined) => {
      await withContext(async (ctx) => {
        const set =
          version === undefined
            ? await ctx.rules.active()
            : await ctx.rules.show(Number.parseInt(version, 10));
        out(`${JSON.stringify(presentRuleSet(set), null, 2)}\n`);
      });
    });
  rules
    .command('set')
    .description(
      'save the rule set in FILE (JSON {comment?, rules:[…]}) as the next version and make it active',
    )
    .requiredOption('--file <file>', 'the rule set as JSON')
    .option('--json', 'print the saved set as JSON')
    .action(async (o: { file: string; json?: boolean }) => {
      const input = readRuleFile(o.file);
      await withContext(async (ctx) => {
        const saved = presentRuleSet(await ctx.rules.save(null, input));
        if (o.json) out(`${JSON.stringify(saved, null, 2)}\n`);
        else out(`rule set v${saved.version} active (${saved.rules.length} rules)\n`);
      });
    });
  rules
    .command('test')
    .description(
      'dry run: what the active rule set (or the one in --file) would decide for URLs first seen from..to',
    )
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD (UTC)')
    .requiredOption('--to <day>', 'last day, YYYY-MM-DD (UTC, included)')
    .option('--file <file>', 'a draft rule set as JSON (checked like `rules set`, saved nowhere)')
    .option('--json', 'print JSON')
    .action(async (o: { from: string; to: string; file?: string; json?: boolean }) => {
      const range = dayRange(o.from, o.to);
      const draft = o.file === undefined ? undefined : readRuleFile(o.file);
      await withContext(async (ctx) => {
        const r = await ctx.rules.dryRun({ ...range, rules: draft });
        if (o.json) {
          out(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        out(
          `rule set ${r.ruleSetVersion === null ? 'draft' : `v${r.ruleSetVersion}`}: ${r.urls} URLs first seen ${o.from}..${o.to}${r.truncated ? ' (stopped at the limit)' : ''}\n`,
        );
        for (const a of ['confirm', 'benign', 'needs_info', 'none'] as const) out(`${a}\t${r.counts[a]}\n`);
        for (const [rule, n] of Object.entries(r.byRule)) out(`  rule ${rule}\t${n}\n`);
        for (const [p, n] of Object.entries(r.priorities)) out(`  priority ${p}\t${n}\n`);
        const p = r.againstPeople;
        out(
          `against people's verdicts: ${p.agree} agree, ${p.disagree} differ, ${p.confirmWhereBenign} confirmed where a person said benign\n`,
        );
        for (const a of ['confirm', 'benign', 'needs_info'] as const)
          for (const s of r.samples[a].slice(0, 5))
            out(`  ${a}\t${s.ruleId}\t${s.url}\t(now ${s.currentStatus})\n`);
      });
    });
  rules
    .command('apply')
    .description(
      'evaluate URLs first seen from..to again with the active rule set (verdicts on open URLs, queue priority), by job',
    )
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD (UTC)')
    .requiredOption('--to <day>', 'last day, YYYY-MM-DD (UTC, included)')
    .action(async (o: { from: string; to: string }) => {
      const range = dayRange(o.from, o.to);
      await withContext(async (ctx) => {
        const n = await ctx.rules.enqueuePeriod(range.from, range.to);
        out(`${n} URLs first seen ${o.from}..${o.to} queued for rules.evaluate\n`);
      });
    });
}
