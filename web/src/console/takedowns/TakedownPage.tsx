import { useState } from 'react';
import { api } from '../api.ts';
import { WrappingLabel } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import type { ScreenProps } from '../screens.tsx';
import { DefangedUrl, ErrorMessage, Hostile, Loading, ScreenTitle, StatusBadge, useLoad } from '../ui.tsx';
import { hours } from './TakedownList.tsx';
import type { Capture, CaseDetail } from './types.ts';

const ACTIONS: Record<CaseDetail['state'], readonly string[]> = {
  open: ['request', 'closed'],
  requested: ['acknowledged', 'escalate', 'down', 'closed'],
  acknowledged: ['escalate', 'down', 'closed'],
  escalated: ['acknowledged', 'escalate', 'down', 'closed'],
  down: ['open'],
  closed: ['open'],
};

/**
 * One case: the site's liveness, whom to contact, the latest capture (screenshot only: the captured page
 * itself is never rendered), the history, and the next steps. Sending re-checks and re-captures first.
 */
const EVENT_KEYS = {
  opened: 'takedowns.event.opened',
  state: 'takedowns.event.state',
  liveness: 'takedowns.event.liveness',
  request_sent: 'takedowns.event.request_sent',
  escalation_sent: 'takedowns.event.escalation_sent',
} as const;

/** A stored event kind as a catalogue key: a kind this console does not know yet is named, not shown raw. */
function eventKey(kind: string) {
  return EVENT_KEYS[kind as keyof typeof EVENT_KEYS] ?? 'takedowns.event.other';
}

export function TakedownPage({ params }: ScreenProps) {
  const { t, formatTime } = useI18n();
  const id = Number(params.id);
  const detail = useLoad(() => api.get<CaseDetail>(`/takedowns/${id}`), [id]);
  const captures = useLoad(
    () =>
      detail.data
        ? api.get<{ captures: Capture[] }>(`/urls/${detail.data.urlId}/captures`)
        : Promise.resolve({ captures: [] }),
    [detail.data?.urlId, detail.data?.lastCaptureId],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reason, setReason] = useState('');

  const act = async (action: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      if (action === 'request' || action === 'escalate') {
        const r = await api.post<{ sent: boolean }>(`/takedowns/${id}/${action}`, {});
        setNotice(r.sent ? t('takedowns.console.sent') : t('takedowns.console.not_sent_down'));
      } else {
        await api.post(`/takedowns/${id}/transition`, { to: action, ...(reason ? { reason } : {}) });
      }
      detail.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (detail.error) return <ErrorMessage error={detail.error} />;
  if (!detail.data) return <Loading />;
  const c = detail.data;
  const shot = captures.data?.captures.find((x) => x.screenshotUrl);
  return (
    <section>
      <ScreenTitle>{t('takedowns.console.case', { id: c.id })}</ScreenTitle>
      <p>
        <StatusBadge status={c.state} label={t(`takedowns.state.${c.state}`)} />{' '}
        <DefangedUrl url={c.targetUrl} />
      </p>
      <dl className="card">
        <dt>{t('takedowns.console.live')}</dt>
        <dd>
          {t(`takedowns.console.live_${c.live.state}`)}
          {c.live.since ? ` (${formatTime(c.live.since)})` : ''}
        </dd>
        <dt>{t('takedowns.console.first_report')}</dt>
        <dd>{formatTime(c.firstReportedAt)}</dd>
        <dt>{t('takedowns.console.report_request')}</dt>
        <dd>{hours(c.metrics.reportToRequestMs)}</dd>
        <dt>{t('takedowns.console.request_down')}</dt>
        <dd>{hours(c.metrics.requestToDownMs)}</dd>
        <dt>{t('takedowns.console.contacts')}</dt>
        <dd>
          {c.contacts.length === 0 ? '—' : null}
          {c.contacts.map((k) => (
            <div key={k.role}>
              {t(`takedowns.console.role_${k.role}`)}: <Hostile>{k.name}</Hostile>{' '}
              <Hostile>{k.emails.join(', ')}</Hostile>
            </div>
          ))}
        </dd>
      </dl>
      <div className="toolbar">
        <WrappingLabel label={t('takedowns.console.reason')}>
          <input value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
        </WrappingLabel>
        {ACTIONS[c.state].map((a) => (
          <button
            key={a}
            type="button"
            disabled={busy}
            className={a === 'request' ? 'primary' : undefined}
            onClick={() => act(a)}
          >
            {t(`takedowns.console.action_${a}` as 'takedowns.console.action_request')}
          </button>
        ))}
      </div>
      {notice ? <p role="status">{notice}</p> : null}
      <ErrorMessage error={error} />
      {shot ? (
        <figure className="card">
          <img
            src={shot.screenshotUrl ?? undefined}
            alt={t('takedowns.console.screenshot')}
            style={{ maxWidth: '100%' }}
          />
          <figcaption>
            {formatTime(shot.capturedAt)} · <Hostile>{shot.title}</Hostile>
            {shot.formFields.length ? ` · ${t('takedowns.console.fields')}: ` : ''}
            <Hostile>{shot.formFields.map((f) => f.label ?? f.name ?? f.type).join(', ')}</Hostile>
          </figcaption>
        </figure>
      ) : null}
      <h2>{t('takedowns.console.history')}</h2>
      <ol>
        {c.events.map((e) => (
          <li key={e.id}>
            {formatTime(e.at)} · {t(eventKey(e.kind))}
            {e.toState ? ` → ${t(`takedowns.state.${e.toState as CaseDetail['state']}`)}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
