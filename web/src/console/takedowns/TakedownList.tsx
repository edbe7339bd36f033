import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { useAttempt } from '../attempt.ts';
import { IdField, WrappingLabel } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { Link, navigate } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import type { UrlDetail } from '../triage/types.ts';
import { DefangedUrl, ErrorMessage, Loading, ScreenTitle, StatusBadge, useLoad } from '../ui.tsx';
import type { Metrics, TakedownCase } from './types.ts';

export const hours = (ms: number | null) => (ms === null ? '—' : `${(ms / 3_600_000).toFixed(1)} h`);

/** Every case, newest first, the overall figures, and opening a case for a URL. */
export function TakedownList({ query }: ScreenProps) {
  const { t, formatTime } = useI18n();
  const state = query.get('state') ?? '';
  const list = useLoad(
    () => api.get<{ cases: TakedownCase[] }>('/takedowns', { state, limit: 200 }),
    [state],
  );
  const metrics = useLoad(() => api.get<Metrics>('/takedowns/metrics'), []);
  const [urlId, setUrlId] = useState(query.get('url') ?? '');
  // Opened from a URL's page: the URL itself is shown, nothing to type.
  const given = query.get('url');
  const target = useLoad(
    () => (given ? api.get<UrlDetail>(`/urls/${encodeURIComponent(given)}`) : Promise.resolve(null)),
    [given],
  );
  const [scope, setScope] = useState<'url' | 'domain'>('url');
  const { error, attempt } = useAttempt();

  const open = (e: FormEvent) => {
    e.preventDefault();
    return attempt(async () => {
      const c = await api.post<TakedownCase>('/takedowns', { urlId: Number(urlId), scope });
      navigate(`/takedowns/${c.id}`);
    });
  };

  return (
    <section>
      <ScreenTitle>{t('takedowns.console.title')}</ScreenTitle>
      <div className="grid-2">
        <form className="card" onSubmit={open}>
          <h2>{t('takedowns.console.open')}</h2>
          {given ? (
            <div className="field">
              <span className="label">{t('urlpage.takedown.target')}</span>
              {target.data ? (
                <DefangedUrl url={target.data.canonical} defanged={target.data.defanged} />
              ) : null}
              <ErrorMessage error={target.error} />
            </div>
          ) : (
            <IdField label={t('takedowns.console.url_id')} value={urlId} onChange={setUrlId} />
          )}
          <WrappingLabel label={t('takedowns.console.scope')}>
            <select value={scope} onChange={(e) => setScope(e.target.value as 'url' | 'domain')}>
              <option value="url">{t('takedowns.console.scope_url')}</option>
              <option value="domain">{t('takedowns.console.scope_domain')}</option>
            </select>
          </WrappingLabel>
          <button type="submit" className="primary">
            {t('takedowns.console.open_button')}
          </button>
          <ErrorMessage error={error} />
        </form>
        <div className="card">
          <h2>{t('takedowns.console.metrics')}</h2>
          {metrics.data ? (
            <dl>
              <dt>{t('takedowns.console.cases')}</dt>
              <dd>{metrics.data.cases}</dd>
              <dt>{t('takedowns.console.median_report_request')}</dt>
              <dd>{hours(metrics.data.medianReportToRequestMs)}</dd>
              <dt>{t('takedowns.console.median_request_down')}</dt>
              <dd>{hours(metrics.data.medianRequestToDownMs)}</dd>
            </dl>
          ) : (
            <ErrorMessage error={metrics.error} />
          )}
        </div>
      </div>
      {list.error ? <ErrorMessage error={list.error} /> : null}
      {!list.data && !list.error ? <Loading /> : null}
      <ListTable
        label={t('takedowns.console.title')}
        items={list.data?.cases}
        empty={t('takedowns.console.empty')}
        head={
          <ColumnHeads
            labels={[
              '#',
              t('takedowns.console.target'),
              t('takedowns.console.state'),
              t('takedowns.console.opened'),
              t('takedowns.console.request_down'),
            ]}
          />
        }
        row={(c) => (
          <tr key={c.id}>
            <td>
              <Link to={`/takedowns/${c.id}`}>{String(c.id)}</Link>
            </td>
            <td>
              <DefangedUrl url={c.targetUrl} />
            </td>
            <td>
              <StatusBadge status={c.state} label={t(`takedowns.state.${c.state}`)} />
            </td>
            <td>{formatTime(c.openedAt)}</td>
            <td>{hours(c.metrics.requestToDownMs)}</td>
          </tr>
        )}
      />
    </section>
  );
}
