import { useState } from 'react';
import { api } from '../api.ts';
import { TextAreaField, WrappingLabel } from '../fields.tsx';
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
  const [reference, setReference] = useState('');
  // A request prepared for a web-form desk: its text and bundle, to paste into and attach to the form.
  const [prepared, setPrepared] = useState<Prepared | null>(null);

  const act = async (action: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      if (action === 'request' || action === 'escalate') {
        const r = await api.post<{ sent: boolean; reason?: string } & Partial<Prepared>>(
          `/takedowns/${id}/${action}`,
          {},
        );
        setPrepared(r.request && r.bundle ? { request: r.request, bundle: r.bundle } : null);
        setNotice(
          r.sent
            ? t('takedowns.console.sent')
            : r.reason === 'file_by_hand'
              ? t('takedowns.console.not_sent_form')
              : t('takedowns.console.not_sent_down'),
        );
      } else if (action === 'filed' || action === 'filed_escalation') {
        await api.post(`/takedowns/${id}/filed`, {
          kind: action === 'filed' ? 'request' : 'escalation',
          ...(reference ? { reference } : {}),
        });
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
  // A desk that takes a web form (or an API, not automated yet) is filed by hand, then recorded.
  const byHand = c.desk !== null && c.desk.channel !== 'email';
  const filing = !byHand
    ? []
    : c.state === 'open'
      ? ['filed']
      : ['requested', 'acknowledged', 'escalated'].includes(c.state)
        ? ['filed_escalation']
        : [];
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
        <dt>{t('takedowns.console.desk')}</dt>
        <dd>{c.desk ? <DeskSummary desk={c.desk} /> : t('takedowns.console.desk_none')}</dd>
      </dl>
      <div className="toolbar">
        <WrappingLabel label={t('takedowns.console.reason')}>
          <input value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
        </WrappingLabel>
        {filing.length ? (
          <WrappingLabel label={t('takedowns.console.reference')}>
            <input value={reference} maxLength={500} onChange={(e) => setReference(e.target.value)} />
          </WrappingLabel>
        ) : null}
        {[...filing, ...ACTIONS[c.state]].map((a) => (
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
      {prepared ? <PreparedRequest prepared={prepared} /> : null}
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
            <ChannelNote detail={e.detail} />
          </li>
        ))}
      </ol>
    </section>
  );
}

const CHANNELS = ['email', 'web_form', 'api'] as const;

/** How a request or escalation went out (events since the desk registry say so). */
function ChannelNote({ detail }: { detail: Record<string, unknown> }) {
  const { t } = useI18n();
  const channel = CHANNELS.find((ch) => ch === detail.channel);
  return channel ? <> · {t(`takedowns.event.channel_${channel}`)}</> : null;
}

/**
 * The case's desk: how it wants to be asked and what it needs. A web form's URL is shown as text to copy
 * and as a link that opens apart from the console (no referrer, no opener); nothing follows it by itself.
 */
function DeskSummary({ desk }: { desk: NonNullable<CaseDetail['desk']> }) {
  const { t } = useI18n();
  const address =
    desk.channel === 'email' ? desk.email : desk.channel === 'web_form' ? desk.formUrl : desk.apiUrl;
  return (
    <div>
      <div>
        {t(`takedowns.desks.channel_${desk.channel}`)} · <Hostile>{desk.name ?? desk.key}</Hostile> (
        {t(`takedowns.desks.lang_${desk.lang}`)})
      </div>
      {desk.channel === 'web_form' ? <p>{t('takedowns.console.file_form')}</p> : null}
      {desk.channel === 'api' ? <p>{t('takedowns.desks.api_note')}</p> : null}
      {address ? (
        <div>
          <code>{address}</code>{' '}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(address)}>
            {t('takedowns.console.copy')}
          </button>
          {desk.channel === 'web_form' ? (
            <>
              {' '}
              <a href={desk.formUrl ?? undefined} target="_blank" rel="noreferrer noopener">
                {t('takedowns.desks.form_url')}
              </a>
            </>
          ) : null}
        </div>
      ) : null}
      {desk.needs ? (
        <p>
          {t('takedowns.desks.needs')}: <Hostile>{desk.needs}</Hostile>
        </p>
      ) : null}
    </div>
  );
}

type Prepared = {
  request: { subject: string; text: string };
  bundle: { url: string; sha256: string };
};

/** The request text to paste into a desk's form, and the bundle link to give it (text, copied by hand). */
function PreparedRequest({ prepared }: { prepared: Prepared }) {
  const { t } = useI18n();
  const all = `${prepared.request.subject}\n\n${prepared.request.text}`;
  return (
    <div className="card">
      <TextAreaField
        id="prepared-request"
        label={t('takedowns.console.prepared')}
        readOnly
        rows={12}
        value={all}
      />
      <button type="button" onClick={() => void navigator.clipboard?.writeText(all)}>
        {t('takedowns.console.copy')}
      </button>
      <p>
        {t('takedowns.console.bundle')}: <code>{prepared.bundle.url}</code> (SHA-256 {prepared.bundle.sha256})
      </p>
    </div>
  );
}
