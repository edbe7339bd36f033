import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { BrandPicker, useBrandChoices } from '../brands/BrandPicker.tsx';
import { SelectField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { Link, navigate, withQuery } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { brandName, type Page, type TriageFilters } from '../triage/types.ts';
import {
  CursorPager,
  ErrorMessage,
  Hostile,
  Loading,
  ScreenTitle,
  StatusBadge,
  useCursorTrail,
  useLoad,
} from '../ui.tsx';
import type { CampaignSummary } from './types.ts';

/** Campaigns (GET /api/v1/campaigns), newest activity first; filters in the URL. */
export function CampaignList({ query }: ScreenProps) {
  const { t, lang, formatTime } = useI18n();
  const status = query.get('status') ?? '';
  const brand = query.get('brand') ?? '';
  const q = query.get('q') ?? '';
  const cursor = query.get('cursor') ?? '';
  const trail = useCursorTrail();
  const options = useLoad(() => api.get<TriageFilters>('/triage/filters'), []);
  const brands = useBrandChoices(options.data?.brands);
  const list = useLoad(
    () => api.get<Page<CampaignSummary>>('/campaigns', { status, brand, q, cursor, limit: 50 }),
    [status, brand, q, cursor],
  );

  const go = (changes: Record<string, string>) => {
    if (!('cursor' in changes)) trail.reset();
    navigate(withQuery('/campaigns', { status, brand, q, cursor: '', ...changes }), { replace: true });
  };
  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('q');
    go({ q: typeof value === 'string' ? value.trim() : '' });
  };

  return (
    <section>
      <ScreenTitle>{t('campaigns.title')}</ScreenTitle>
      <form className="toolbar" onSubmit={onSearch} aria-label={t('campaigns.filters')}>
        <TextField
          id="campaigns-q"
          label={t('campaigns.search')}
          name="q"
          type="search"
          defaultValue={q}
          key={q}
        />
        <button type="submit">{t('triage.search_submit')}</button>
        <SelectField
          id="campaigns-status"
          label={t('triage.filter.status')}
          value={status}
          onChange={(e) => go({ status: e.target.value })}
        >
          <option value="">{t('triage.filter.all')}</option>
          {(['open', 'closed', 'merged'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`campaigns.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <BrandPicker
          id="campaigns-brand"
          label={t('triage.filter.brand')}
          brands={brands}
          value={brand}
          onChange={(b) => go({ brand: b })}
          extra={[{ value: '', label: t('triage.filter.all') }]}
        />
      </form>
      <ErrorMessage error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      <ListTable
        label={t('campaigns.title')}
        items={list.data?.items}
        empty={t('campaigns.empty')}
        head={
          <ColumnHeads
            labels={[
              t('campaigns.col.name'),
              t('triage.col.brand'),
              t('triage.col.status'),
              t('campaigns.col.urls'),
              t('triage.col.first_seen'),
              t('triage.url.last_seen'),
            ]}
          />
        }
        row={(c) => (
          <tr key={c.id}>
            <td>
              <Link to={`/campaigns/${c.id}`}>
                <Hostile>{c.name}</Hostile>
              </Link>
            </td>
            <td>{brandName(c.brand, lang) ?? '—'}</td>
            <td>
              <StatusBadge status={c.status} label={t(`campaigns.status.${c.status}`)} />
            </td>
            <td>{c.urlCount}</td>
            <td>{formatTime(c.firstSeen)}</td>
            <td>{formatTime(c.lastSeen)}</td>
          </tr>
        )}
      />
      <CursorPager cursor={cursor} nextCursor={list.data?.nextCursor} trail={trail} go={go} />
    </section>
  );
}
