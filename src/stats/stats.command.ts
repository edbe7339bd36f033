import type { Command } from 'commander';
import { withContext } from '../cli/with-context.ts';
import { periodRequestFrom, resolvePeriod } from './period.ts';
import { createStatsRepository } from './stats.repository.ts';
import type { Stats } from './stats.schema.ts';
import { createStatsService } from './stats.service.ts';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const int = (n: number) => n.toLocaleString('en');

function signed(figure: Stats['headline']['reports']): string {
  const ratio =
    figure.changeRatio === null ? '' : ` ${figure.change >= 0 ? '+' : ''}${pct(figure.changeRatio)}`;
  return `${int(figure.value)} (previous ${int(figure.previous)}, ${figure.change >= 0 ? '+' : ''}${int(figure.change)}${ratio})`;
}

/** The figures as plain text for a terminal; --json prints the full structure instead. */
export function formatStats(s: Stats): string {
  const h = s.headline;
  const lines = [
    `statistics ${s.period.label} (${s.period.timezone}; previous ${s.period.previous.label})`,
    `  reports                       ${signed(h.reports)}`,
    `  unique URLs                   ${signed(h.uniqueUrls)}`,
    `  unique URLs, subdomains merged ${signed(h.uniqueUrlsMergedSubdomains)}`,
    `  brands abused                 ${signed(h.brandsAbused)}`,
    `top brands (of all reports; unattributed ${int(s.brands.unattributedReports)}):`,
    ...s.brands.top.map(
      (b, i) =>
        `  ${String(i + 1).padStart(2)}. ${b.nameJa} / ${b.nameEn}  ${int(b.reports)}  ${pct(b.share)}  (cumulative ${pct(b.cumulativeShare)})`,
    ),
    `brands with ≥ ${int(s.brands.atLeast.threshold)} reports: ${s.brands.atLeast.brands}, ${int(s.brands.atLeast.reports)} reports, ${pct(s.brands.atLeast.share)}`,
    'sectors:',
    ...s.sectors.map(
      (x) => `  ${x.sector.padEnd(14)} ${int(x.reports)}  ${pct(x.share)}  brands ${x.brands}`,
    ),
    `TLDs (of ${int(s.sites.uniqueUrls)} unique URLs, ${s.sites.tlds.distinct} TLDs):`,
    ...s.sites.tlds.top.map((t) => `  ${(t.tld ?? '(IP)').padEnd(14)} ${int(t.urls)}  ${pct(t.share)}`),
    `registrable domains (${int(s.sites.domains.distinct)}; IP hosts ${int(s.sites.domains.withoutDomain)}):`,
    ...s.sites.domains.top.map((d) => `  ${d.domain}  ${int(d.urls)}  ${pct(d.share)}`),
    'URL tricks:',
    ...s.sites.tricks.map((t) => `  ${t.feature.padEnd(18)} ${int(t.urls)}  ${pct(t.share)}`),
    'sources:',
    ...s.sources.byKind.map((k) => `  ${k.kind.padEnd(14)} ${int(k.reports)}  ${pct(k.share)}`),
    `e-mail: ${int(s.email.reports)} reports (${pct(s.email.share)}); real service's domain as sender: ${
      s.email.realServiceSender.share === null
        ? 'no e-mail with a known sender and brand'
        : `${pct(s.email.realServiceSender.share)} of ${int(s.email.realServiceSender.judged)}`
    }; DMARC: not available`,
    `SMS: ${int(s.sms.reports)} reports (${pct(s.sms.share)})`,
    `takedowns: ${int(s.takedowns.opened)} opened, ${int(s.takedowns.takenDown)} taken down; median time to takedown ${
      s.takedowns.medianMs === null ? '-' : `${(s.takedowns.medianMs / 3_600_000).toFixed(1)} h`
    } from the request, ${
      s.takedowns.medianFromReportMs === null
        ? '-'
        : `${(s.takedowns.medianFromReportMs / 3_600_000).toFixed(1)} h`
    } from the first report`,
  ];
  return `${lines.join('\n')}\n`;
}

export function statsCommand(program: Command): void {
  program
    .command('stats')
    .description('monthly report statistics for a JST month or a range of days')
    .option('--month <YYYY-MM>', 'calendar month (JST)')
    .option('--from <YYYY-MM-DD>', 'first day of a range (JST)')
    .option('--to <YYYY-MM-DD>', 'last day of a range (JST, included)')
    .option('--top <n>', 'length of the ranked lists', '20')
    .option('--json', 'print the full statistics as JSON')
    .action(async (opts: { month?: string; from?: string; to?: string; top: string; json?: boolean }) => {
      // Checked before opening the database, so a typo fails fast.
      const request = periodRequestFrom(opts);
      resolvePeriod(request);
      await withContext(async (ctx) => {
        const stats = createStatsService({ repo: createStatsRepository(ctx.db), clock: ctx.clock });
        const result = await stats.computeMonth(request, { top: Number(opts.top) || 20 });
        process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatStats(result));
      });
    });
}
