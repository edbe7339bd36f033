import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { TextAreaField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { Link, navigate } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { ErrorMessage, Loading, ScreenTitle, StatusBadge, useLoad } from '../ui.tsx';
import type { MonthlyReportSummary } from './types.ts';

/** The previous JST month as 'YYYY-MM': the one usually being written. */
function lastMonth(): string {
  const jst = new Date(Date.now() + 9 * 3600_000);
  const d = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** Monthly reports: the list, and the editor of one month (summaries ja/en, publish, unpublish). */
export function MonthlyEditor({ params }: ScreenProps) {
  const { t, formatTime } = useI18n();
  const month = params.month ?? '';
  const list = useLoad(() => api.get<{ reports: MonthlyReportSummary[] }>('/monthly-reports'), []);
  const current = list.data?.reports.find((r) => r.month === month);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await work();
      setSaved(true);
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const onSave = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void run(() =>
      api.put(`/monthly-reports/${month}`, {
        summaryJa: String(form.get('summaryJa') ?? ''),
        summaryEn: String(form.get('summaryEn') ?? ''),
      }),
    );
  };
  const onOpen = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('month') ?? '');
    if (/^\d{4}-\d{2}$/.test(value)) navigate(`/monthly/${value}`);
  };
  const published = current?.status === 'published';

  return (
    <section>
      <ScreenTitle>{t('monthly.editor.title')}</ScreenTitle>
      <form className="toolbar" onSubmit={onOpen}>
        <TextField
          id="monthly-month"
          label={t('monthly.editor.month')}
          name="month"
          type="month"
          defaultValue={month || lastMonth()}
          key={month}
        />
        <button type="submit">{t('monthly.editor.open')}</button>
      </form>
      <ErrorMessage error={list.error ?? error} />
      {list.loading && !list.data && <Loading />}
      {month && list.data && (
        <div className="card">
          <h2>
            {month}{' '}
            <StatusBadge
              status={current?.status ?? 'draft'}
              label={t(published ? 'monthly.editor.status.published' : 'monthly.editor.status.draft')}
            />
          </h2>
          <p>
            <a href={`/reports/monthly/${month}`} target="_blank" rel="noreferrer">
              {t('monthly.editor.preview')}
            </a>
          </p>
          <form onSubmit={onSave} key={`${month}-${current?.updatedAt ?? ''}`}>
            <TextAreaField
              id="summary-ja"
              label={t('monthly.editor.summary_ja')}
              name="summaryJa"
              rows={10}
              defaultValue={current?.summaryJa ?? ''}
              disabled={published}
            />
            <TextAreaField
              id="summary-en"
              label={t('monthly.editor.summary_en')}
              name="summaryEn"
              rows={10}
              defaultValue={current?.summaryEn ?? ''}
              disabled={published}
            />
            <div className="toolbar">
              {!published && (
                <button type="submit" disabled={busy}>
                  {t('monthly.editor.save')}
                </button>
              )}
              {current && !published && (
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() => void run(() => api.post(`/monthly-reports/${month}/publish`))}
                >
                  {t('monthly.editor.publish')}
                </button>
              )}
              {published && (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => void run(() => api.post(`/monthly-reports/${month}/unpublish`))}
                >
                  {t('monthly.editor.unpublish')}
                </button>
              )}
            </div>
          </form>
          {saved && <p role="status">{t('monthly.editor.saved')}</p>}
        </div>
      )}
      <h2>{t('monthly.editor.list')}</h2>
      <table className="list">
        <thead>
          <tr>
            <th scope="col">{t('monthly.col.month')}</th>
            <th scope="col">{t('monthly.editor.status')}</th>
            <th scope="col">{t('monthly.editor.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {(list.data?.reports ?? []).map((r) => (
            <tr key={r.month}>
              <td>
                <Link to={`/monthly/${r.month}`}>{r.month}</Link>
              </td>
              <td>
                <StatusBadge
                  status={r.status}
                  label={t(
                    r.status === 'published'
                      ? 'monthly.editor.status.published'
                      : 'monthly.editor.status.draft',
                  )}
                />
              </td>
              <td>{formatTime(Date.parse(r.updatedAt))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
