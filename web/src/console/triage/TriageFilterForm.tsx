import type { FormEvent, RefObject } from 'react';
import { BrandPicker, useBrandChoices } from '../brands/BrandPicker.tsx';
import { NamedOptions, SelectField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { featureLabel } from './features.ts';
import type { TriageFilters } from './types.ts';

export const FILTER_KEYS = [
  'status',
  'brand',
  'source',
  'tld',
  'feature',
  'from',
  'to',
  'q',
  'sort',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The triage queue's search and filters; every change goes to the URL (so a filtered queue can be shared). */
export function TriageFilterForm(props: {
  filters: Record<FilterKey, string>;
  options: TriageFilters | undefined;
  staff: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
  onChange(changes: Partial<Record<FilterKey, string>>): void;
}) {
  const { t } = useI18n();
  const { filters, options, staff, searchRef } = props;
  const setFilter = props.onChange;
  const brands = useBrandChoices(options?.brands);

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    // Leave the field so j/k/x and the verdict keys act on the results right away.
    (document.activeElement as HTMLElement | null)?.blur();
    // Enter in the TLD field submits too: take both text fields.
    setFilter({ q: text('q'), tld: text('tld') });
  };

  return (
    <form className="toolbar" onSubmit={onSearch} aria-label={t('triage.filters')}>
      <TextField
        id="triage-q"
        label={t('triage.search')}
        name="q"
        type="search"
        ref={searchRef}
        defaultValue={filters.q}
        key={filters.q}
        placeholder={t('triage.search_placeholder')}
        onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
      />
      <button type="submit">{t('triage.search_submit')}</button>
      {staff ? (
        <SelectField
          id="triage-sort"
          label={t('triage.sort')}
          value={filters.sort}
          onChange={(e) => setFilter({ sort: e.target.value })}
        >
          <option value="priority">{t('triage.sort.priority')}</option>
          <option value="newest">{t('triage.sort.newest')}</option>
        </SelectField>
      ) : null}
      <SelectField
        id="triage-status"
        label={t('triage.filter.status')}
        value={filters.status || 'all'}
        onChange={(e) => setFilter({ status: e.target.value })}
      >
        <option value="all">{t('triage.filter.all')}</option>
        {(options?.statuses ?? []).map((s) => (
          <option key={s} value={s}>
            {t(`triage.status.${s}`)}
          </option>
        ))}
      </SelectField>
      <BrandPicker
        id="triage-brand"
        label={t('triage.filter.brand')}
        brands={brands}
        value={filters.brand}
        onChange={(brand) => setFilter({ brand })}
        extra={[
          { value: '', label: t('triage.filter.all') },
          ...(staff ? [{ value: 'none', label: t('triage.filter.no_brand') }] : []),
        ]}
      />
      {staff ? (
        <SelectField
          id="triage-source"
          label={t('triage.filter.source')}
          value={filters.source}
          onChange={(e) => setFilter({ source: e.target.value })}
        >
          <option value="">{t('triage.filter.all')}</option>
          <NamedOptions items={options?.sources} />
        </SelectField>
      ) : null}
      <SelectField
        id="triage-feature"
        label={t('triage.filter.feature')}
        value={filters.feature}
        onChange={(e) => setFilter({ feature: e.target.value })}
      >
        <option value="">{t('triage.filter.all')}</option>
        {(options?.features ?? []).map((f) => (
          <option key={f} value={f}>
            {featureLabel(t, f)}
          </option>
        ))}
      </SelectField>
      <TextField
        id="triage-tld"
        label={t('triage.filter.tld')}
        name="tld"
        size={6}
        defaultValue={filters.tld}
        key={`tld-${filters.tld}`}
        onBlur={(e) => e.target.value.trim() !== filters.tld && setFilter({ tld: e.target.value.trim() })}
      />
      <TextField
        id="triage-from"
        label={t('triage.filter.from')}
        type="date"
        value={filters.from}
        onChange={(e) => setFilter({ from: e.target.value })}
      />
      <TextField
        id="triage-to"
        label={t('triage.filter.to')}
        type="date"
        value={filters.to}
        onChange={(e) => setFilter({ to: e.target.value })}
      />
    </form>
  );
}
