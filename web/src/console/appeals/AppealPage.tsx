import { useState } from 'react';
import { api } from '../api.ts';
import { useAttempt } from '../attempt.ts';
import { TextAreaField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { Link } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { ErrorMessage, Hostile, Loading, ScreenError, ScreenTitle, StatusBadge, useLoad } from '../ui.tsx';
import type { AppealDetail } from './types.ts';

/**
 * One appeal: what the appellant wrote (hostile text, shown as text), the listed URLs it names now, and
 * the decision. Upholding takes those URLs out of every partner output at once; the server audits it.
 */
export function AppealPage({ params }: ScreenProps) {
  const { t, formatTime } = useI18n();
  const id = Number(params.id);
  const appeal = useLoad(() => api.get<AppealDetail>(`/appeals/${id}`), [id]);
  const [reason, setReason] = useState('');
  const { error, attempt } = useAttempt();
  const decide = (outcome: 'upheld' | 'rejected') =>
    attempt(async () => {
      await api.post(`/appeals/${id}/decision`, { outcome, reason });
      appeal.reload();
    });
  if (appeal.error) return <ScreenError title={t('appeals.console.title')} error={appeal.error} />;
  const a = appeal.data;
  if (!a) return <Loading />;
  return (
    <section>
      <ScreenTitle>{`${t('appeals.console.title')} #${a.id}`}</ScreenTitle>
      <p>
        <Link to="/appeals">{t('appeals.console.back')}</Link>
      </p>
      <dl className="card">
        <dt>{t('appeals.console.target')}</dt>
        <dd>
          <Hostile className="url">{a.target.defanged}</Hostile> ({t(`appeals.console.kind.${a.target.kind}`)}
          )
        </dd>
        <dt>{t('appeals.console.contact')}</dt>
        <dd>
          <Hostile>{a.contactEmail}</Hostile>
        </dd>
        <dt>{t('appeals.console.statement')}</dt>
        <dd>
          <Hostile>{a.statement}</Hostile>
        </dd>
        <dt>{t('appeals.console.received')}</dt>
        <dd>{formatTime(a.receivedAt)}</dd>
        <dt>{t('appeals.console.deadline')}</dt>
        <dd>
          {formatTime(a.deadline)}{' '}
          {a.overdue ? <StatusBadge status="overdue" label={t('appeals.console.overdue')} /> : null}
        </dd>
        <dt>{t('appeals.console.status')}</dt>
        <dd>
          <StatusBadge status={a.status} label={t(`appeals.console.status.${a.status}`)} />
        </dd>
      </dl>
      {a.status === 'open' ? (
        <>
          <h2>{t('appeals.console.listed', { count: a.listedTotal })}</h2>
          <ListTable
            label={t('appeals.console.listed', { count: a.listedTotal })}
            items={a.listed}
            empty={t('appeals.console.unknown')}
            head={<ColumnHeads labels={['URL', 'TLP', t('appeals.console.received')]} />}
            row={(u) => (
              <tr key={u.urlId}>
                <td>
                  <Link to={`/urls/${u.urlId}`}>#{u.urlId}</Link>{' '}
                  <code className="hostile url">{u.defanged}</code>
                </td>
                <td>{u.tlp}</td>
                <td>{formatTime(u.listedAt)}</td>
              </tr>
            )}
          />
          <ErrorMessage error={error} />
          <TextAreaField
            id="appeal-reason"
            label={t('appeals.console.reason')}
            rows={3}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="toolbar">
            <button
              type="button"
              className="primary"
              disabled={!reason.trim()}
              onClick={() => decide('upheld')}
            >
              {t('appeals.console.uphold')}
            </button>
            <button type="button" disabled={!reason.trim()} onClick={() => decide('rejected')}>
              {t('appeals.console.reject')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p>
            {t('appeals.console.decided', {
              status: t(`appeals.console.status.${a.status}`),
              time: a.decidedAt ? formatTime(a.decidedAt) : '—',
              reason: a.decisionReason ?? '—',
            })}
          </p>
          <p>{t('appeals.console.removed', { count: a.removedUrlIds.length })}</p>
        </>
      )}
    </section>
  );
}
