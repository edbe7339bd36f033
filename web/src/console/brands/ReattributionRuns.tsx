import { useEffect } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { ErrorMessage, Hostile, useLoad } from '../ui.tsx';
import type { Page, Run } from './types.ts';

/** The latest re-attribution jobs with their progress; refreshed every 5 s while one is unfinished. */
export function ReattributionRuns({ version }: { version: number }) {
  const { t, formatTime } = useI18n();
  const runs = useLoad(() => api.get<Page<Run>>('/brands/reattributions', { limit: 10 }), [version]);
  const unfinished = runs.data?.items.some((r) => r.status === 'queued' || r.status === 'running');
  const { reload } = runs;
  useEffect(() => {
    if (!unfinished) return;
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [unfinished, reload]);
  return (
    <section aria-label={t('brands.runs')}>
      <h2>
        {t('brands.runs')}{' '}
        <button type="button" onClick={reload}>
          {t('brands.refresh')}
        </button>
      </h2>
      <ErrorMessage error={runs.error} />
      <ListTable
        label={t('brands.runs')}
        items={runs.data?.items}
        empty={t('brands.runs.empty')}
        head={
          <ColumnHeads
            labels={[
              t('brands.runs.col.id'),
              t('brands.runs.col.reason'),
              t('brands.runs.col.progress'),
              t('brands.runs.col.urls'),
              t('brands.runs.col.reports'),
              t('brands.runs.col.created'),
            ]}
          />
        }
        row={(r) => (
          <tr key={r.id}>
            <td>#{r.id}</td>
            <td>
              <Hostile>{r.reason}</Hostile>
            </td>
            <td>
              {t(`brands.runs.status.${r.status}`)} <progress max={1} value={r.progress} />{' '}
              {Math.round(r.progress * 100)}%{r.error ? <Hostile>{` ${r.error}`}</Hostile> : null}
            </td>
            <td>{`${r.urls.changed} / ${r.urls.scanned} / ${r.urls.total}, ${r.urls.keptCorrections}`}</td>
            <td>{`${r.reports.changed} / ${r.reports.scanned} / ${r.reports.total}`}</td>
            <td>{formatTime(r.createdAt)}</td>
          </tr>
        )}
      />
    </section>
  );
}
