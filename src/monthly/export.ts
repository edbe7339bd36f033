import type { Lang } from '../../web/src/i18n/catalogue.ts';
import { translator } from '../../web/src/i18n/translate.ts';
import { tableToCsv } from './csv.ts';
import type { MonthlyFigures } from './figures.ts';
import { reportTables, type TableName } from './tables.ts';

/** One CSV per table of the report, in the given language. */
export function csvFiles(lang: Lang, figures: MonthlyFigures): { table: TableName; data: Buffer }[] {
  return reportTables(translator(lang), lang, figures).map((table) => ({
    table: table.name,
    data: Buffer.from(tableToCsv(table), 'utf8'),
  }));
}
