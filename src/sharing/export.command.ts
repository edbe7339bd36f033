import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withContext } from '../cli/with-context.ts';
import { AppError } from '../errors.ts';
import { isTlp, type Tlp } from '../lib/tlp.ts';
import { blocklistText, domainBlocklist, urlBlocklist } from './blocklist.ts';
import { jpcertCsv, sharedUrlJson, sharedUrlsCsv } from './export-csv.ts';
import { parseTime } from './feeds.routes.ts';
import type { SharingService } from './sharing.service.ts';

export const EXPORT_FORMATS = [
  'stix',
  'csv',
  'json',
  'jpcert',
  'blocklist-urls',
  'blocklist-domains',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * One export as text. The operator at the command line owns the data, so `tlp` may be anything up to
 * RED; it is the highest marking included (default CLEAR, the safe choice for a file that travels).
 */
export async function exportText(
  sharing: SharingService,
  format: ExportFormat,
  options: { tlp: Tlp; since: number | null; until: number | null; brandIds?: readonly number[] | null },
): Promise<string> {
  const scope = { clearance: options.tlp, brandIds: options.brandIds ?? null };
  const filter = { since: options.since, until: options.until };
  if (format === 'stix') return `${JSON.stringify(await sharing.stixBundle(scope, filter), null, 2)}\n`;
  const items = await sharing.all(scope, filter);
  switch (format) {
    case 'csv':
      return sharedUrlsCsv(items);
    case 'json':
      return `${JSON.stringify(items.map(sharedUrlJson), null, 2)}\n`;
    case 'jpcert':
      return jpcertCsv(items, await sharing.sourceLabels(items));
    case 'blocklist-urls':
      return blocklistText(urlBlocklist(items));
    case 'blocklist-domains':
      return blocklistText(domainBlocklist(items, await sharing.protection()));
  }
}

export function exportCommand(program: Command): void {
  program
    .command('export')
    .description(`export confirmed phishing URLs (${EXPORT_FORMATS.join(', ')})`)
    .requiredOption('--format <format>', EXPORT_FORMATS.join('|'))
    .option('--tlp <level>', 'highest TLP marking to include: clear|green|amber|red', 'clear')
    .option('--since <time>', 'changed at or after (ISO 8601 or epoch ms)')
    .option('--until <time>', 'changed before (ISO 8601 or epoch ms)')
    .option('--out <file>', 'output file ("-" for stdout, the default)', '-')
    .action(async (opts: { format: string; tlp: string; since?: string; until?: string; out: string }) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format))
        throw new AppError('request.invalid', `--format must be one of ${EXPORT_FORMATS.join(', ')}`);
      if (!isTlp(opts.tlp)) throw new AppError('request.invalid', '--tlp must be clear, green, amber or red');
      const options = {
        tlp: opts.tlp,
        since: parseTime(opts.since, 'since'),
        until: parseTime(opts.until, 'until'),
      };
      await withContext(async (ctx) => {
        const text = await exportText(ctx.sharing, opts.format as ExportFormat, options);
        if (opts.out === '-') {
          process.stdout.write(text);
          return;
        }
        // Written next to the target and renamed, so a reader never sees half a file.
        const tmp = path.join(
          path.dirname(path.resolve(opts.out)),
          `.${path.basename(opts.out)}.${process.pid}.tmp`,
        );
        fs.writeFileSync(tmp, text);
        fs.renameSync(tmp, opts.out);
        process.stderr.write(`phishdesk: wrote ${opts.out} (${opts.format}, TLP up to ${opts.tlp})\n`);
      });
    });
}
