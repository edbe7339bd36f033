import { ShareBars, TrendChart } from '../../../../src/monthly/charts.tsx';
import { formatInt } from '../../../../src/monthly/format.ts';
import { api } from '../api.ts';
import { BrandPicker, useBrandChoices } from '../brands/BrandPicker.tsx';
import { NamedOptions, SelectField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { navigate, withQuery } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { ErrorMessage, Loading, ScreenTitle, useLoad } from '../ui.tsx';
import type { DashboardData } from './types.ts';

/** Last 30 days and last 13 months (GET /api/v1/dashboard), for one brand and/or source if chosen. */
export function Dashboard({ query }: ScreenProps) {
  const { t, lang } = useI18n();
  const brand = query.get('brand') ?? '';
  const source = query.get('source') ?? '';
  const data = useLoad(() => api.get<DashboardData>('/dashboard', { brand, source }), [brand, source]);
  const go = (changes: Record<string, string>) =>
    navigate(withQuery('/dashboard', { brand, source, ...changes }), { replace: true });
  const d = data.data;
  const name = (b: { nameJa: string; nameEn: string; slug: string }) =>
    (lang === 'ja' ? b.nameJa || b.nameEn : b.nameEn || b.nameJa) || b.slug;
  const brands = useBrandChoices(d?.options.brands);
  const total30 = d ? d.days.reduce((a, x) => a + x.reports, 0) : 0;

  return (
    <section>
      <ScreenTitle>{t('monthly.dashboard.title')}</ScreenTitle>
      <div className="toolbar">
        <BrandPicker
          id="dashboard-brand"
          label={t('monthly.dashboard.brand')}
          brands={brands}
          value={brand}
          onChange={(b) => go({ brand: b })}
          extra={[{ value: '', label: t('monthly.dashboard.all') }]}
        />
        <SelectField
          id="dashboard-source"
          label={t('monthly.dashboard.source')}
          value={source}
          onChange={(e) => go({ source: e.target.value })}
        >
          <option value="">{t('monthly.dashboard.all')}</option>
          <NamedOptions items={d?.options.sources} />
        </SelectField>
      </div>
      <ErrorMessage error={data.error} />
      {data.loading && !d && <Loading />}
      {d && (
        <>
          <h2>{t('monthly.dashboard.days')}</h2>
          <p className="muted">{t('monthly.dashboard.total', { n: formatInt(total30) })}</p>
          <TrendChart
            title={t('monthly.dashboard.days')}
            description={t('monthly.chart.trend.desc', { from: d.days[0]!.date, to: d.days.at(-1)!.date })}
            barLabel={t('monthly.legend.reports')}
            lineLabel={t('monthly.legend.urls')}
            points={d.days.map((x) => ({ label: x.date.slice(8), bar: x.reports, line: x.uniqueUrls }))}
          />
          <h2>{t('monthly.dashboard.months')}</h2>
          <TrendChart
            title={t('monthly.dashboard.months')}
            description={t('monthly.chart.trend.desc', {
              from: d.months[0]!.month,
              to: d.months.at(-1)!.month,
            })}
            barLabel={t('monthly.legend.reports')}
            lineLabel={t('monthly.legend.urls')}
            points={d.months.map((x) => ({
              label: x.month.slice(2).replace('-', '/'),
              bar: x.reports,
              line: x.uniqueUrls,
            }))}
          />
          <div className="card">
            <h2>{t('monthly.dashboard.top_brands')}</h2>
            <ShareBars
              title={t('monthly.dashboard.top_brands')}
              description={t('monthly.chart.bars.desc', { n: d.topBrands.length })}
              items={d.topBrands.map((b) => ({
                label: name(b),
                share: total30 > 0 ? b.reports / total30 : 0,
                count: b.reports,
              }))}
            />
            <p className="muted">
              {t('monthly.brands.unattributed', { n: formatInt(d.unattributedReports) })}
            </p>
          </div>
          <div className="card">
            <h2>{t('monthly.dashboard.sources')}</h2>
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">{t('monthly.col.source')}</th>
                  <th scope="col">{t('monthly.col.reports')}</th>
                </tr>
              </thead>
              <tbody>
                {d.sources.map((s) => (
                  <tr key={s.sourceId}>
                    <td>
                      {s.name} <span className="muted">({s.kind})</span>
                    </td>
                    <td>{formatInt(s.reports)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
