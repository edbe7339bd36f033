import type { FormEvent, RefObject } from 'react';
import { useI18n } from '../i18n.tsx';
import { brandName, type TriageFilters } from './types.ts';

export const FILTER_KEYS = ['status', 'brand', 'source', 'tld', 'feature', 'from', 'to', 'q'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The triage queue's search and filters; every change goes to the URL (so a filtered queue can be shared). */
export function TriageFilterForm(props: {
  filters: Record<FilterKey, string>;
  options: TriageFilters | undefined;
  staff: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
  onChange(changes: Partial<Record<FilterKey, string>>): void;
}) {
  const { t, lang } = useI18n();
  const { filters, options, staff, searchRef } = props;
  const setFilter = props.onChange;

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
      <div className="field">
        <label htmlFor="triage-q">{t('triage.search')}</label>
        <input
          id="triage-q"
          name="q"
          type="search"
          ref={searchRef}
          defaultValue={filters.q}
          key={filters.q}
          placeholder={t('triage.search_placeholder')}
          onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
        />
      </div>
      <button type="submit">{t('triage.search_submit')}</button>
      <div className="field">
        <label htmlFor="triage-status">{t('triage.filter.status')}</label>
        <select
          id="triage-status"
          value={filters.status || 'all'}
          onChange={(e) => setFilter({ status: e.target.value })}
        >
          <option value="all">{t('triage.filter.all')}</option>
          {(options?.statuses ?? []).map((s) => (
            <option key={s} value={s}>
              {t(`triage.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="triage-brand">{t('triage.filter.brand')}</label>
        <select
          id="triage-brand"
          value={filters.brand}
          onChange={(e) => setFilter({ brand: e.target.value })}
        >
          <option value="">{t('triage.filter.all')}</option>
          {staff ? <option value="none">{t('triage.filter.no_brand')}</option> : null}
          {(options?.brands ?? []).map((b) => (
            <option key={b.id} value={String(b.id)}>
              {brandName(b, lang)}
            </option>
          ))}
        </select>
      </div>
      {staff ? (
        <div className="field">
          <label htmlFor="triage-source">{t('triage.filter.source')}</label>
          <select
            id="triage-source"
            value={filters.source}
            onChange={(e) => setFilter({ source: e.target.value })}
          >
            <option value="">{t('triage.filter.all')}</option>
            {(options?.sources ?? []).map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="triage-feature">{t('triage.filter.feature')}</label>
        <select
          id="triage-feature"
          value={filters.feature}
          onChange={(e) => setFilter({ feature: e.target.value })}
        >
          <option value="">{t('triage.filter.all')}</option>
          {(options?.features ?? []).map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="triage-tld">{t('triage.filter.tld')}</label>
        <input
          id="triage-tld"
          name="tld"
          size={6}
          defaultValue={filters.tld}
          key={`tld-${filters.tld}`}
          onBlur={(e) => e.target.value.trim() !== filters.tld && setFilter({ tld: e.target.value.trim() })}
        />
      </div>
      <div className="field">
        <label htmlFor="triage-from">{t('triage.filter.from')}</label>
        <input
          id="triage-from"
          type="date"
          value={filters.from}
          onChange={(e) => setFilter({ from: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="triage-to">{t('triage.filter.to')}</label>
        <input
          id="triage-to"
          type="date"
          value={filters.to}
          onChange={(e) => setFilter({ to: e.target.value })}
        />
      </div>
    </form>
  );
}
