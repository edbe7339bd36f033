import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { AppError } from '../errors.ts';
import {
  FEED_FILE_FORMATS,
  type FeedFileFormat,
  parseMappingOption,
  readFeedFile,
} from '../feeds/feed-file.ts';
import type { FeedEntry } from '../feeds/feed-item.ts';
import type { ImportSummary } from '../feeds/import.service.ts';
import { TRUST_LEVELS, type TrustLevel } from '../sources/trust.ts';
import { withContext } from './with-context.ts';

export function importCommand(program: Command): void {
  program
    .command('import')
    .description('import feed files; running it twice adds nothing the second time')
    .addOption(
      new Option('--format <format>', 'file format').choices(FEED_FILE_FORMATS).makeOptionMandatory(),
    )
    .option('--source <name>', 'source name to record (default: the format)')
    .addOption(
      new Option(
        '--trust <level>',
        "set the trust of the import's source first (confirmed: its URLs are confirmed, allowlisted ones excepted)",
      ).choices(TRUST_LEVELS),
    )
    .option('--map <mapping>', 'generic format: url=COL,date=COL,brand=COL,id=COL,delimiter=;')
    .option('--json', 'print the summary as JSON')
    .option('--strict', 'exit 3 when any row could not be read (default: report them and exit 0)')
    .option(
      '--progress-json',
      'after each committed batch, one JSON line on stderr: what is durable so far (for supervisors)',
    )
    .argument('<files...>', 'files to import')
    .action(
      async (
        files: string[],
        opts: {
          format: FeedFileFormat;
          source?: string;
          trust?: TrustLevel;
          map?: string;
          json?: boolean;
          strict?: boolean;
          progressJson?: boolean;
        },
      ) => {
        for (const f of files) {
          if (!fs.existsSync(f) || !fs.statSync(f).isFile()) {
            throw new AppError('import.file_unreadable', `cannot read ${f}: no such file`);
          }
        }
        await withContext(
          async (ctx) => {
            const started = performance.now();
            const progress = createProgress(started, opts.progressJson === true);
            const source = { name: opts.source ?? opts.format, kind: opts.format };
            if (opts.trust)
              await ctx.sources.setTrust(
                null,
                { name: source.name, create: { kind: source.kind } },
                opts.trust,
              );
            const summary = await ctx.imports.importEntries(
              source,
              entriesOf(files, opts.format, opts.map),
              progress.update,
            );
            progress.done();
            const seconds = (performance.now() - started) / 1000;
            printSummary(summary, seconds, opts.json === true);
            if (opts.strict && summary.rejected.length > 0) process.exitCode = 3;
          },
          { createsDatabase: true },
        );
      },
    );
}

async function* entriesOf(
  files: string[],
  format: FeedFileFormat,
  map: string | undefined,
): AsyncGenerator<FeedEntry> {
  const mapping = map ? parseMappingOption(map) : undefined;
  for (const file of files) {
    const name = path.basename(file);
    // The source name stays the format: JPCERT/CC ids include it, so files imported before stay known.
    for await (const entry of readFeedFile(format, file, {
      sourceName: format,
      ...(mapping ? { mapping } : {}),
    })) {
      if ('rejected' in entry)
        yield {
          rejected: { ...entry.rejected, reason: `${name}:${entry.rejected.line}: ${entry.rejected.reason}` },
        };
      else {
        // Named if the import refuses the row for its size (the reader knows only the line).
        entry.item.file = name;
        yield entry;
      }
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
      `invalid URLs ${s.invalidUrls} (kept), confirmed ${s.confirmed}, unparseable rows ${s.rejected.length}, ${seconds.toFixed(1)} s (${rate} rows/s)\n`,
  );
  for (const r of s.rejected.slice(0, 50)) process.stdout.write(`  rejected ${r.reason}\n`);
  if (s.rejected.length > 50)
    process.stdout.write(`  … and ${s.rejected.length - 50} more (use --json for all)\n`);
}

/** A one-line progress display on a terminal; nothing when stderr is piped. */
function createProgress(started: number, json: boolean) {
  const tty = process.stderr.isTTY === true;
  return {
    update(s: ImportSummary) {
      // Called after each batch's commit: every row counted here survives a crash of this process.
      if (json) {
        const { rejected, ...counts } = s;
        process.stderr.write(`${JSON.stringify({ committed: { ...counts, rejected: rejected.length } })}\n`);
        return;
      }
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
