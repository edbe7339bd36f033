import { api } from '../api.ts';
import { useAttempt } from '../attempt.ts';
import { useI18n } from '../i18n.tsx';
import { ListTable } from '../ListTable.tsx';
import { Link } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { ErrorMessage, Hostile, Loading, ScreenTitle, StatusBadge, useLoad } from '../ui.tsx';

type Answer = {
  id: number;
  urlId: number;
  brandId: number;
  verdict: 'not_ours' | 'legitimate';
  comment: string | null;
  status: string;
  createdAt: string;
};

/** Staff: what brands answered about their URLs; "ours (legitimate)" proposals are accepted or rejected. */
export function Proposals(_props: ScreenProps) {
  const { t, formatTime } = useI18n();
  const list = useLoad(() => api.get<{ items: Answer[] }>('/portal/feedback', { limit: 200 }), []);
  const { error, attempt } = useAttempt();
  const decide = (id: number, decision: 'accept' | 'reject') =>
    attempt(async () => {
      await api.post(`/portal/feedback/${id}/decision`, { decision });
      list.reload();
    });
  return (
    <section>
      <ScreenTitle>{t('sharing.proposals.title')}</ScreenTitle>
      <ErrorMessage error={error} />
      {list.error ? <ErrorMessage error={list.error} /> : null}
      {!list.data && !list.error ? <Loading /> : null}
      <ListTable
        label={t('sharing.proposals.title')}
        items={list.data?.items}
        empty={t('sharing.proposals.empty')}
        head={
          <>
            <th>URL</th>
            <th>{t('sharing.proposals.verdict')}</th>
            <th>{t('sharing.proposals.comment')}</th>
            <th>{t('sharing.proposals.status')}</th>
            <th />
          </>
        }
        row={(a) => (
          <tr key={a.id}>
            <td>
              <Link to={`/urls/${a.urlId}`}>#{a.urlId}</Link> {formatTime(a.createdAt)}
            </td>
            <td>
              {a.verdict === 'legitimate' ? t('sharing.portal.legitimate') : t('sharing.portal.not_ours')}
            </td>
            <td>{a.comment ? <Hostile>{a.comment}</Hostile> : '—'}</td>
            <td>
              <StatusBadge status={a.status} label={a.status} />
            </td>
            <td>
              {a.status === 'proposed' ? (
                <span className="toolbar">
                  <button type="button" className="primary" onClick={() => decide(a.id, 'accept')}>
                    {t('sharing.proposals.accept')}
                  </button>
                  <button type="button" onClick={() => decide(a.id, 'reject')}>
                    {t('sharing.proposals.reject')}
                  </button>
                </span>
              ) : null}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
