import { useState } from 'react';
import { ApiError, api } from '../api.ts';
import { useAttempt } from '../attempt.ts';
import { SelectField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { navigate, withQuery } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { ErrorMessage, Hostile, Loading, Notice, ScreenTitle, useLoad } from '../ui.tsx';
import { type BrandDraft, BrandForm } from './BrandForm.tsx';
import { ReattributionRuns } from './ReattributionRuns.tsx';
import type { Brand, ChangeResult, Page } from './types.ts';

/**
 * The managed brand registry (GET/POST/PATCH /api/v1/brands…): search, add, edit, merge and retire
 * brands; each change queues a re-attribution job, whose progress shows below.
 */
export function BrandRegistry({ query }: ScreenProps) {
  const { t } = useI18n();
  const q = query.get('q') ?? '';
  const status = query.get('status') ?? 'active';
  const cursor = query.get('cursor') ?? '';
  const list = useLoad(
    () => api.get<Page<Brand>>('/brands', { q, status, cursor, limit: 50 }),
    [q, status, cursor],
  );
  const [selected, setSelected] = useState<Brand | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [runsVersion, setRunsVersion] = useState(0);
  const [merge, setMerge] = useState({ into: '', reason: '' });
  const [retireReason, setRetireReason] = useState('');
  const { error, attempt } = useAttempt();
  const go = (changes: Record<string, string>) =>
    navigate(withQuery('/brands', { q, status, cursor: '', ...changes }), { replace: true });

  const done = (r: ChangeResult) => {
    setNotice(t('brands.saved', { id: r.reattribution.id }));
    setSelected(r.brand.status === 'active' ? r.brand : null);
    setRunsVersion((v) => v + 1);
    list.reload();
  };
  const create = (d: BrandDraft) => attempt(async () => done(await api.post<ChangeResult>('/brands', d)));
  const edit = (b: Brand, { slug: _slug, ...d }: BrandDraft) =>
    attempt(async () => done(await api.patch<ChangeResult>(`/brands/${b.id}`, d)));
  const mergeInto = (b: Brand) =>
    attempt(async () =>
      done(
        await api.post<ChangeResult>(`/brands/${b.id}/merge`, {
          into: Number(merge.into),
          reason: merge.reason,
        }),
      ),
    );
  const retire = (b: Brand) =>
    attempt(async () =>
      done(await api.post<ChangeResult>(`/brands/${b.id}/retire`, { reason: retireReason })),
    );
  const rejected = error instanceof ApiError ? error.details?.value : undefined;

  return (
    <section>
      <ScreenTitle>{t('brands.title')}</ScreenTitle>
      <Notice>{notice}</Notice>
      <ErrorMessage error={error} />
      {typeof rejected === 'string' ? (
        <p className="error">
          <Hostile>{t('brands.rejected_value', { value: rejected })}</Hostile>
        </p>
      ) : null}
      <div className="grid-2">
        <BrandForm key="new" onSubmit={create} />
        {selected ? (
          <div>
            <BrandForm key={selected.id} brand={selected} onSubmit={(d) => edit(selected, d)} />
            <form
              className="card"
              aria-label={t('brands.merge')}
              onSubmit={(e) => {
                e.preventDefault();
                void mergeInto(selected);
              }}
            >
              <h2>{t('brands.merge')}</h2>
              <TextField
                id="brand-merge-into"
                label={t('brands.merge_into')}
                inputMode="numeric"
                required
                value={merge.into}
                onChange={(e) => setMerge((m) => ({ ...m, into: e.target.value }))}
              />
              <TextField
                id="brand-merge-reason"
                label={t('brands.reason')}
                required
                value={merge.reason}
                onChange={(e) => setMerge((m) => ({ ...m, reason: e.target.value }))}
              />
              <button type="submit" disabled={!/^\d+$/.test(merge.into) || !merge.reason.trim()}>
                {t('brands.merge_submit')}
              </button>
            </form>
            <form
              className="card"
              aria-label={t('brands.retire')}
              onSubmit={(e) => {
                e.preventDefault();
                void retire(selected);
              }}
            >
              <h2>{t('brands.retire')}</h2>
              <TextField
                id="brand-retire-reason"
                label={t('brands.reason')}
                required
                value={retireReason}
                onChange={(e) => setRetireReason(e.target.value)}
              />
              <button type="submit" disabled={!retireReason.trim()}>
                {t('brands.retire_submit')}
              </button>
            </form>
          </div>
        ) : null}
      </div>
      <form
        className="toolbar"
        aria-label={t('brands.search')}
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: String(new FormData(e.currentTarget).get('q') ?? '').trim() });
        }}
      >
        <TextField id="brands-q" label={t('brands.search')} name="q" type="search" defaultValue={q} key={q} />
        <button type="submit">{t('brands.search_submit')}</button>
        <SelectField
          id="brands-status"
          label={t('brands.status')}
          value={status}
          onChange={(e) => go({ status: e.target.value })}
        >
          {(['active', 'retired', 'merged', 'all'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`brands.status.${s}`)}
            </option>
          ))}
        </SelectField>
      </form>
      <ErrorMessage error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      <ListTable
        label={t('brands.title')}
        items={list.data?.items}
        empty={t('brands.empty')}
        head={
          <ColumnHeads
            labels={[
              t('brands.col.slug'),
              t('brands.col.names'),
              t('brands.col.sector'),
              t('brands.col.domains'),
              t('brands.col.keywords'),
              t('brands.status'),
            ]}
          />
        }
        row={(b) => (
          <tr key={b.id} aria-selected={selected?.id === b.id}>
            <td>
              <button
                type="button"
                className="link"
                disabled={b.status !== 'active'}
                onClick={() => setSelected(b)}
              >
                {b.slug}
              </button>{' '}
              <span className="muted">#{b.id}</span>
            </td>
            <td>
              <Hostile>{`${b.nameJa} / ${b.nameEn}`}</Hostile>
            </td>
            <td>{b.sector}</td>
            <td>
              <Hostile>{b.officialDomains.join(' ')}</Hostile>
            </td>
            <td>
              <Hostile>{b.keywords.join(' ')}</Hostile>
            </td>
            <td>
              {t(`brands.status.${b.status}`)}
              {b.mergedInto ? ` — ${t('brands.merged_into', { name: b.mergedInto.nameJa })}` : ''}
            </td>
          </tr>
        )}
      />
      <nav className="pager" aria-label={t('brands.title')}>
        <button type="button" disabled={!cursor} onClick={() => go({ cursor: '' })}>
          «
        </button>
        <button
          type="button"
          disabled={!list.data?.nextCursor}
          onClick={() => go({ cursor: list.data?.nextCursor ?? '' })}
        >
          »
        </button>
      </nav>
      <ReattributionRuns version={runsVersion} />
    </section>
  );
}
