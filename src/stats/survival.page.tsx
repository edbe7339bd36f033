/**
 * The public page テイクダウンまでの時間 / Time to takedown: every takedown case over public URLs, all time,
 * as one Kaplan–Meier table. Server-rendered like every public page (React escapes all text; no script).
 */
import { formatInt } from '../monthly/format.ts';
import { keyed } from '../monthly/keyed.ts';
import { type PageContext, renderPage } from '../pages/layout.tsx';
import { formatJst } from '../takedowns/takedowns.templates.ts';
import { survivalColumns, survivalNotes, survivalRows } from './survival.present.ts';
import type { SurvivalFigures } from './survival.schema.ts';

const CSS = `
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.name{word-break:break-all}
.notes{color:#444;font-size:.9rem}`;

export function renderSurvivalPage(ctx: PageContext, f: SurvivalFigures): string {
  const { t } = ctx;
  const title = t('survival.title');
  const rows = survivalRows(t, f);
  return renderPage(
    ctx,
    title,
    <>
      <h1>{title}</h1>
      <p>{t('survival.intro')}</p>
      <p>{t('survival.computed_at', { time: formatJst(Date.parse(f.computedAt)) })}</p>
      {rows.length === 0 ? (
        <p>{t('survival.none', { min: f.minCases })}</p>
      ) : (
        <table id="time-to-takedown">
          <caption>{title}</caption>
          <thead>
            <tr>
              {keyed(survivalColumns(t)).map(({ key, item }) => (
                <th key={key} scope="col">
                  {item}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {keyed(rows).map(({ key, item: row }) => (
              <tr key={key}>
                {keyed(row).map(({ key: c, item: cell }) =>
                  cell !== null && typeof cell === 'object' ? (
                    <td key={c} className="num">
                      {formatInt(cell.int)}
                    </td>
                  ) : (
                    <td key={c} className={c === 'k1' ? 'name' : undefined}>
                      {cell ?? '—'}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="notes">
        <p>{t('survival.method', { min: f.minCases })}</p>
        {keyed(survivalNotes(t, f)).map(({ key, item }) => (
          <p key={key}>{item}</p>
        ))}
      </div>
    </>,
    { css: CSS },
  );
}
