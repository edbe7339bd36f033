import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { BrandPicker, useBrandChoices } from '../brands/BrandPicker.tsx';
import { NamedOptions, SelectField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { navigate, withQuery } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { CursorPager, ErrorMessage, Loading, ScreenTitle, useCursorTrail, useLoad } from '../ui.tsx';
import { ReportWordCells, reportColumnLabels } from './ReportWordCells.tsx';
import { brandName, type Page, type ReportRef, type TriageFilters } from './types.ts';

type ReportRow = ReportRef & { urlCount: number; brandId: number | null };
const KINDS = ['url', 'email', 'sms', 'text', 'feed'] as const;

/** Incoming reports (GET /api/v1/triage/reports), newest first: what people and feeds sent, as text. */
export function ReportQueue({ query }: ScreenProps) {
  const { t, lang, formatTime } = useI18n();
  const filter = {
    kind: query.get('kind') ?? '',
    source: query.get('source') ?? '',
    brand: query.get('brand') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
    q: query.get('q') ?? '',
  };
  const cursor = query.get('cursor') ?? '';
  const qs = query.toString();
  const trail = useCursorTrail();
  const options = useLoad(() => api.get<TriageFilters>('/triage/filters'), []);
  const brands = useBrandChoices(options.data?.brands);
  const list = useLoad(
    () => api.get<Page<ReportRow>>('/triage/reports', { ...filter, cursor, limit: 50 }),
    [qs],
  );
  const brandById = new Map((options.data?.brands ?? []).map((b) => [b.id, b]));

  const go = (changes: Record<string, string>) => {
    if (!('cursor' in changes)) trail.reset();
    navigate(withQuery('/triage/reports', { ...filter, cursor: '', ...changes }), { replace: true });
  };
  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    go({ q: String(new FormData(event.currentTarget).get('q') ?? '').trim() });
  };

  return (
    <section>
      <ScreenTitle>{t('triage.reports.title')}</ScreenTitle>
      <form className="toolbar" onSubmit={onSearch} aria-label={t('triage.filters')}>
        <TextField
          id="reports-q"
          label={t('triage.search')}
          name="q"
          type="search"
          defaultValue={filter.q}
          key={filter.q}
        />
        <button type="submit">{t('triage.search_submit')}</button>
        <SelectField
          id="reports-kind"
          label={t('triage.report.kind')}
          value={filter.kind}
          onChange={(e) => go({ kind: e.target.value })}
        >
          <option value="">{t('triage.filter.all')}</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`triage.reports.kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="reports-source"
          label={t('triage.filter.source')}
          value={filter.source}
          onChange={(e) => go({ source: e.target.value })}
        >
          <option value="">{t('triage.filter.all')}</option>
          <NamedOptions items={options.data?.sources} />
        </SelectField>
        <BrandPicker
          id="reports-brand"
          label={t('triage.filter.brand')}
          brands={brands}
          value={filter.brand}
          onChange={(brand) => go({ brand })}
          extra={[{ value: '', label: t('triage.filter.all') }]}
        />
        <TextField
          id="reports-from"
          label={t('triage.reports.from')}
          type="date"
          value={filter.from}
          onChange={(e) => go({ from: e.target.value })}
        />
        <TextField
          id="reports-to"
          label={t('triage.reports.to')}
          type="date"
          value={filter.to}
          onChange={(e) => go({ to: e.target.value })}
        />
      </form>
      <ErrorMessage error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      <ListTable
        label={t('triage.reports.title')}
        items={list.data?.items}
        empty={t('triage.reports.empty')}
        head={
          <ColumnHeads
            labels={[
              ...reportColumnLabels(t),
              t('triage.col.brand'),
              t('triage.reports.urls'),
              t('triage.col.status'),
            ]}
          />
        }
        row={(r) => (
          <tr key={r.id}>
            <td>{formatTime(r.receivedAt)}</td>
            <td>{t(`triage.reports.kind.${r.kind}`)}</td>
            <ReportWordCells report={r} />
            <td>
              {r.brandId !== null ? (brandName(brandById.get(r.brandId), lang) ?? `#${r.brandId}`) : '—'}
            </td>
            <td>{r.urlCount}</td>
            <td>{r.status}</td>
          </tr>
        )}
      />
      <CursorPager cursor={cursor} nextCursor={list.data?.nextCursor} trail={trail} go={go} />
    </section>
  );
}
