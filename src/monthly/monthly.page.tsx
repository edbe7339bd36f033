/**
 * The monthly report page (フィッシング報告状況), server-rendered like every public page: headline figures
 * with their change, generated commentary, the analyst's summary, SVG charts and every table. The same
 * HTML is what Chromium prints to the PDF, so the print CSS below is the PDF's layout (A4).
 */
import type { Translate } from '../../web/src/i18n/translate.ts';
import { type PageContext, renderPage } from '../pages/layout.tsx';
import { ShareBars, TrendChart } from './charts.tsx';
import { commentary } from './commentary.ts';
import { formatInt, formatMonth, formatShare, sectorName, shortMonth } from './format.ts';
import { keyed } from './keyed.ts';
import type { MonthlyReportSummary, MonthlyReportView } from './monthly.service.ts';
import { SummaryText } from './summary-text.tsx';
import { type Cell, reportTables } from './tables.ts';

const CSS = `
.status{background:#fff3cd;border:1px solid #e0c36a;padding:.5rem 1rem}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:1rem;margin:1rem 0}
.figure{border:1px solid #ccc;border-radius:6px;padding:.75rem 1rem}
.figure .label{font-size:.9rem;color:#444}.figure .value{font-size:1.8rem;font-weight:700}
.figure .change{font-size:.9rem}.up{color:#b00020}.down{color:#2e7d32}
.chart{width:100%;height:auto;max-width:40rem;display:block;margin:.5rem 0 1.5rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.25rem 0}
.downloads a{margin-right:1rem}
@page{size:A4;margin:14mm 12mm}
@media print{
  body{font-size:10pt;line-height:1.5}header nav,.downloads{display:none}
  header,main,footer{max-width:none;padding:0 0 .5rem}
  a{color:inherit;text-decoration:none}
  .figures{grid-template-columns:repeat(4,1fr);gap:.4rem}.figure .value{font-size:15pt}
  section,figure,table,.figure{break-inside:avoid}h2{break-after:avoid}
  .chart{max-width:100%}
}`;

function cellText(cell: Cell): string {
  if (cell === null) return '—';
  if (typeof cell === 'string') return cell;
  return 'int' in cell ? formatInt(cell.int) : formatShare(cell.share);
}

function Change(props: {
  t: Translate;
  figure: { value: number; change: number; changeRatio: number | null; previous: number };
}) {
  const { t, figure } = props;
  const ratio = figure.changeRatio === null ? null : formatShare(Math.abs(figure.changeRatio));
  const change = formatInt(Math.abs(figure.change));
  const text =
    figure.change === 0
      ? t('monthly.change.same')
      : ratio === null
        ? t('monthly.change.new', { change })
        : t(figure.change > 0 ? 'monthly.change.up' : 'monthly.change.down', { change, ratio });
  return (
    <div className={`change ${figure.change > 0 ? 'up' : figure.change < 0 ? 'down' : ''}`}>
      {text}
      <br />
      {t('monthly.previous', { value: formatInt(figure.previous) })}
    </div>
  );
}

const jstDay = (iso: string, endExclusive = false) =>
  new Date(Date.parse(iso) + 9 * 3600_000 - (endExclusive ? 1 : 0)).toISOString().slice(0, 10);

export function renderMonthlyReport(ctx: PageContext, view: MonthlyReportView): string {
  const { t, lang } = ctx;
  const f = view.figures;
  const s = f.stats;
  const h = s.headline;
  const monthName = formatMonth(t, view.month);
  const title = t('monthly.title', { month: monthName });
  const summary = lang === 'ja' ? view.summaryJa : view.summaryEn || view.summaryJa;
  const tables = reportTables(t, lang, f);
  const brandLabel = (b: (typeof s.brands.top)[number]) =>
    (lang === 'ja' ? b.nameJa || b.nameEn : b.nameEn || b.nameJa) || b.slug;
  const base = `/reports/monthly/${view.month}`;
  const bars = (n: number) => t('monthly.chart.bars.desc', { n });
  const first = f.trend[0]?.month ?? view.month;
  return renderPage(
    ctx,
    title,
    <>
      <h1>{title}</h1>
      {view.status !== 'published' && (
        <p className="status" role="status">
          {t(view.status === 'draft' ? 'monthly.status.draft' : 'monthly.status.none')}
        </p>
      )}
      <p>
        {t('monthly.period', { from: jstDay(s.period.from), to: jstDay(s.period.to, true) })}
        {view.publishedAt !== null && (
          <>
            <br />
            {t('monthly.published_at', { date: jstDay(new Date(view.publishedAt).toISOString()) })}
          </>
        )}
      </p>
      <p className="downloads">
        <a href={`${base}.pdf?lang=${lang}`}>{t('monthly.download.pdf')}</a>
        <a href={`${base}.zip?lang=${lang}`}>{t('monthly.download.csv')}</a>
      </p>

      <section aria-labelledby="headline">
        <h2 id="headline">{t('monthly.headline')}</h2>
        <div className="figures">
          {(
            [
              ['monthly.headline.reports', h.reports],
              ['monthly.headline.unique_urls', h.uniqueUrls],
              ['monthly.headline.unique_urls_merged', h.uniqueUrlsMergedSubdomains],
              ['monthly.headline.brands', h.brandsAbused],
            ] as const
          ).map(([key, figure]) => (
            <div className="figure" key={key}>
              <div className="label">{t(key)}</div>
              <div className="value">{formatInt(figure.value)}</div>
              <Change t={t} figure={figure} />
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="commentary">
        <h2 id="commentary">{t('monthly.commentary')}</h2>
        <ul>
          {commentary(t, lang, f).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="summary">
        <h2 id="summary">{t('monthly.summary')}</h2>
        {summary.trim() ? <SummaryText text={summary} /> : <p>{t('monthly.summary.empty')}</p>}
      </section>

      <section aria-labelledby="charts">
        <h2 id="charts">{t('monthly.charts')}</h2>
        <TrendChart
          title={t('monthly.chart.trend')}
          description={t('monthly.chart.trend.desc', { from: formatMonth(t, first), to: monthName })}
          barLabel={t('monthly.legend.reports')}
          lineLabel={t('monthly.legend.urls')}
          points={f.trend.map((p) => ({ label: shortMonth(p.month), bar: p.reports, line: p.uniqueUrls }))}
        />
        <ShareBars
          title={t('monthly.chart.brands')}
          description={bars(s.brands.top.length)}
          items={s.brands.top.map((b) => ({ label: brandLabel(b), share: b.share, count: b.reports }))}
        />
        <ShareBars
          title={t('monthly.chart.sectors')}
          description={bars(s.sectors.length)}
          items={s.sectors.map((x) => ({ label: sectorName(t, x.sector), share: x.share, count: x.reports }))}
        />
        <ShareBars
          title={t('monthly.chart.tlds')}
          description={bars(s.sites.tlds.top.length)}
          items={s.sites.tlds.top.map((x) => ({
            label: x.tld === null ? t('monthly.tld.ip') : `.${x.tld}`,
            share: x.share,
            count: x.urls,
          }))}
        />
      </section>

      <section aria-labelledby="tables">
        <h2 id="tables">{t('monthly.tables')}</h2>
        <p>
          {t('monthly.brands.unattributed', { n: formatInt(s.brands.unattributedReports) })}
          <br />
          {t('monthly.brands.many', {
            threshold: formatInt(s.brands.atLeast.threshold),
            brands: formatInt(s.brands.atLeast.brands),
            share: formatShare(s.brands.atLeast.share),
          })}
          <br />
          {t('monthly.domains.note')}
        </p>
        {tables.map((table) => (
          <table key={table.name} id={`table-${table.name}`}>
            <caption>{table.title}</caption>
            <thead>
              <tr>
                {keyed(table.columns).map(({ key: i, item: c }) => (
                  <th key={i} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {keyed(table.rows).map(({ key: i, item: row }) => (
                <tr key={i}>
                  {keyed(row).map(({ key: j, item: cell }) => (
                    <td key={j} className={cell !== null && typeof cell === 'object' ? 'num' : undefined}>
                      {cellText(cell)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </section>
    </>,
    { css: CSS },
  );
}

/** The list of published months (and drafts, for staff). */
export function renderMonthlyIndex(ctx: PageContext, reports: MonthlyReportSummary[]): string {
  const { t, lang } = ctx;
  return renderPage(
    ctx,
    t('monthly.index.title'),
    <>
      <h1>{t('monthly.index.title')}</h1>
      {reports.length === 0 ? (
        <p>{t('monthly.index.empty')}</p>
      ) : (
        <ul>
          {reports.map((r) => (
            <li key={r.month}>
              <a href={`/reports/monthly/${r.month}?lang=${lang}`}>
                {t('monthly.title', { month: formatMonth(t, r.month) })}
              </a>
              {r.status === 'draft' && ` (${t('monthly.editor.status.draft')})`}
            </li>
          ))}
        </ul>
      )}
    </>,
  );
}
