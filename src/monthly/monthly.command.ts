import fs from 'node:fs';
import type { Command } from 'commander';
import { isLang } from '../../web/src/i18n/translate.ts';
import { withContext } from '../cli/with-context.ts';
import { AppError } from '../errors.ts';
import { pageContext } from '../pages/layout.tsx';
import { monthRange } from '../stats/period.ts';
import { createMonthlyModule } from './monthly.module.ts';
import { renderMonthlyReport } from './monthly.page.tsx';

/** `phishdesk report pdf --month YYYY-MM --out file.pdf`: the month's report printed by Chromium. */
export function monthlyCommand(program: Command): void {
  const report = program.command('report').description('monthly reports (月次報告書)');
  report
    .command('pdf')
    .description("print a month's report to PDF (published figures if published, else live figures)")
    .requiredOption('--month <YYYY-MM>', 'JST calendar month')
    .requiredOption('--out <file>', 'where to write the PDF')
    .option('--lang <ja|en>', 'language of the report', 'ja')
    .action(async (opts: { month: string; out: string; lang: string }) => {
      monthRange(opts.month);
      if (!isLang(opts.lang))
        throw new AppError('request.invalid', `--lang must be ja or en, got "${opts.lang}"`);
      const lang = opts.lang;
      await withContext(async (ctx) => {
        const { monthly, printPdf } = createMonthlyModule(ctx);
        const view = await monthly.operatorView(opts.month);
        const path = `/reports/monthly/${opts.month}`;
        const pdf = await monthly.pdf(view, lang, () =>
          printPdf(renderMonthlyReport(pageContext(lang, path), view)),
        );
        fs.writeFileSync(opts.out, pdf);
        process.stderr.write(`${opts.out}: ${pdf.length} bytes, ${opts.month} (${view.status})\n`);
      });
    });
}
