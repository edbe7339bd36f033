import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { AppError } from '../errors.ts';
import type { FeedEntry } from '../feeds/feed-item.ts';
import type { ImportSummary } from '../feeds/import.service.ts';
import { readJpcertCsv } from '../feeds/jpcert.ts';
import { withContext } from './with-context.ts';

const FORMATS = ['jpcert'] as const;
type Format = (typeof FORMATS)[number];

export function importCommand(program: Command): void {
  program
    .command('import')
    .description('import feed files; running it twice adds nothing the second time')
    .addOption(new Option('--format <format>', 'file format').choices(FORMATS).makeOptionMandatory())
    .option('--source <name>', 'source name to record (default: the format)')
    .option('--json', 'print the summary as JSON')
    .argument('<files...>', 'files to import')
    .action(async (files: string[], opts: { format: Format; source?: string; json?: boolean }) => {
      for (const f of files) {
        if (!fs.existsSync(f) || !fs.statSync(f).isFile()) {
          throw new AppError('import.file_unreadable', `cannot read ${f}: no such file`);
        }
      }
      await withContext(async (ctx) => {
        const started = performance.now();
        const progress = createProgress(started);
        const summary = await ctx.imports.importEntries(
          { name: opts.source ?? opts.format, kind: opts.format },
          entriesOf(files, opts.format),
          progress.update,
        );
        progress.done();
        const seconds = (performance.now() - started) / 1000;
        printSummary(summary, seconds, opts.json === true);
        if (summary.rejected.length > 0) process.exitCode = 3;
      });
    });
}

async function* entriesOf(files: string[], format: Format): AsyncGenerator<FeedEntry & { file?: string }> {
  for (const file of files) {
    const name = path.basename(file);
    const stream = fs.createReadStream(file);
    for await (const entry of readJpcertCsv(stream, format)) {
      if ('rejected' in entry)
        yield {
          rejected: { ...entry.rejected, reason: `${name}:${entry.rejected.line}: ${entry.rejected.reason}` },
        };
      else yield entry;
    }
  }
}

function printSummary(s: ImportSummary, seconds: number, json: boolean): void {
  const rate = Math.round(s.rows / Math.max(seconds, 0.001));
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ ...s, seconds: Number(seconds.toFixed(3)), rowsPerSecond: rate })}\n`,
    );
    return;
  }
  process.stdout.write(
    `rows ${s.rows}, new reports ${s.inserted}, already known ${s.known}, new URLs ${s.newUrls}, ` +
      `invalid URLs ${s.invalidUrls} (kept), unparseable rows ${s.rejected.length}, ${seconds.toFixed(1)} s (${rate} rows/s)\n`,
  );
  for (const r of s.rejected.slice(0, 50)) process.stdout.write(`  rejected ${r.reason}\n`);
  if (s.rejected.length > 50)
    process.stdout.write(`  … and ${s.rejected.length - 50} more (use --json for all)\n`);
}

/** A one-line progress display on a terminal; nothing when stderr is piped. */
function createProgress(started: number) {
  const tty = process.stderr.isTTY === true;
  return {
    update(s: ImportSummary) {
      if (!tty) return;
      const rate = Math.round(s.rows / ((performance.now() - started) / 1000));
      process.stderr.write(
        `\r  ${s.rows.toLocaleString('en')} rows · ${s.inserted.toLocaleString('en')} new · ${rate.toLocaleString('en')} rows/s `,
      );
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
