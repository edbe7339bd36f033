import { useState } from 'react';
import { neutraliseBidi } from '../../text/bidi.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { canOpen } from '../links.ts';
import { Link, navigate } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { isStaffRole, useMe } from '../session.tsx';
import {
  DefangedUrl,
  Empty,
  ErrorMessage,
  Hostile,
  Loading,
  Notice,
  ScreenError,
  ScreenTitle,
  StatusBadge,
  useLoad,
} from '../ui.tsx';
import { BrandCard } from './BrandCard.tsx';
import { EvidenceCard } from './EvidenceCard.tsx';
import { featureLabel } from './features.ts';
import { RelatedUrls } from './RelatedUrls.tsx';
import { ReportAttachments } from './ReportAttachments.tsx';
import {
  brandName,
  type HistoryItem,
  statusLabel,
  TRANSITIONS,
  type UrlDetail,
  type Verdict,
} from './types.ts';
import { UrlReports } from './UrlReports.tsx';
import { VerdictDialog } from './VerdictDialog.tsx';

/**
 * One URL (GET /api/v1/urls/:id): canonical and defanged forms (never a link), reports and sources that
 * mentioned it, brand attribution with evidence and correction, verdicts, history. Another brand's URL
 * answers 404 and shows "not found".
 */
export function UrlPage({ params }: ScreenProps) {
  const { t, lang, formatTime } = useI18n();
  const me = useMe();
  const staff = isStaffRole(me.role);
  const id = params.id ?? '';
  const detail = useLoad(() => api.get<UrlDetail>(`/urls/${encodeURIComponent(id)}`), [id]);
  const history = useLoad(
    () => api.get<{ items: HistoryItem[] }>(`/urls/${encodeURIComponent(id)}/history`),
    [id],
  );
  const [pending, setPending] = useState<Verdict | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  if (detail.error) {
    return <ScreenError title={t('triage.url.title')} error={detail.error} />;
  }
  const u = detail.data;
  if (!u) return <Loading />;

  const reload = () => {
    detail.reload();
    history.reload();
  };

  return (
    <section>
      <ScreenTitle>{t('triage.url.title')}</ScreenTitle>
      <p className="card">
        <DefangedUrl url={u.canonical} defanged={u.defanged} />
      </p>
      <Notice>{notice}</Notice>
      {staff ? (
        <div className="toolbar" role="toolbar" aria-label={t('triage.actions')}>
          {u.status === 'confirmed' && canOpen('/takedowns', me.role) ? (
            <Link to={`/takedowns?url=${u.id}`} className="button-link">
              {t('triage.url.start_takedown')}
            </Link>
          ) : null}
          {u.brand && canOpen('/alerts', me.role) ? (
            <button
              type="button"
              onClick={async () => {
                setActionError(null);
                try {
                  const alert = await api.post<{ id: number }>('/alerts', {
                    brandId: u.brand!.id,
                    campaignId: u.campaign?.id ?? null,
                    urls: [u.canonical],
                  });
                  navigate(`/alerts/${alert.id}`);
                } catch (e) {
                  setActionError(e);
                }
              }}
            >
              {t('urlpage.draft_alert', { brand: brandName(u.brand, lang) ?? '' })}
            </button>
          ) : null}
          {TRANSITIONS[u.status].map((v) => (
            <button
              key={v}
              type="button"
              className={v === 'confirmed' ? 'primary' : undefined}
              onClick={() => setPending(v)}
            >
              {t(`triage.action.${v}`)}
            </button>
          ))}
        </div>
      ) : null}
      <ErrorMessage error={actionError} />
      <div className="grid-2">
        <div className="card">
          <h2>{t('triage.url.facts')}</h2>
          <dl className="facts">
            <dt>{t('triage.col.status')}</dt>
            <dd>
              <StatusBadge status={u.status} label={t(`triage.status.${u.status}`)} />
            </dd>
            <dt>{t('triage.url.canonical')}</dt>
            <dd>
              {/* The real URL, as text only: selectable for copying into tools, never clickable. */}
              <code className="hostile url" dir="ltr">
                {neutraliseBidi(u.canonical, 'percent')}
              </code>
            </dd>
            <dt>{t('triage.url.host')}</dt>
            <dd>
              <Hostile>{u.host}</Hostile>
            </dd>
            <dt>{t('triage.url.domain')}</dt>
            <dd>
              <Hostile>{u.domain ?? '—'}</Hostile>
            </dd>
            <dt>{t('triage.filter.tld')}</dt>
            <dd>
              <Hostile>{u.tld ?? '—'}</Hostile>
            </dd>
            <dt>{t('triage.url.path')}</dt>
            <dd>
              <Hostile>{u.path}</Hostile>
            </dd>
            <dt>{t('triage.col.features')}</dt>
            <dd>
              {u.features.length
                ? u.features.map((f) => featureLabel(t, f)).join(lang === 'ja' ? '、' : ', ')
                : '—'}
            </dd>
            <dt>{t('triage.col.first_seen')}</dt>
            <dd>{formatTime(u.firstSeen)}</dd>
            <dt>{t('triage.url.last_seen')}</dt>
            <dd>{formatTime(u.lastSeen)}</dd>
            <dt>{t('triage.url.campaign')}</dt>
            <dd>
              {u.campaign ? (
                <Link to={`/campaigns/${u.campaign.id}`}>
                  <Hostile>{u.campaign.name}</Hostile>
                </Link>
              ) : (
                '—'
              )}
            </dd>
            {u.allowlisted ? (
              <>
                <dt>{t('triage.url.allowlisted')}</dt>
                <dd>
                  <Hostile>{`${u.allowlisted.kind}: ${u.allowlisted.value} — ${u.allowlisted.reason}`}</Hostile>
                </dd>
              </>
            ) : null}
          </dl>
        </div>
        <BrandCard detail={u} staff={staff} onChanged={reload} />
      </div>

      {staff ? <EvidenceCard urlId={u.id} /> : null}
      {staff ? <RelatedUrls urlId={u.id} /> : null}

      <h2>{t('triage.url.sources', { count: u.sources.length })}</h2>
      {u.sources.length === 0 ? (
        <Empty>{t('console.none')}</Empty>
      ) : (
        <ul>
          {u.sources.map((s) => (
            <li key={s.id}>
              <Hostile>{s.name}</Hostile> <span className="muted">({s.kind})</span> —{' '}
              {t('triage.url.report_count', { count: s.reports })}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('triage.url.reports', { count: u.reportsTotal })}</h2>
      <UrlReports reports={u.reports} />
      {staff ? <ReportAttachments reports={u.reports} /> : null}

      <h2>{t('triage.url.history')}</h2>
      <ErrorMessage error={history.error} />
      {history.data && history.data.items.length === 0 ? <Empty>{t('console.none')}</Empty> : null}
      {history.data && history.data.items.length > 0 ? (
        <ol className="timeline" aria-label={t('triage.url.history')}>
          {history.data.items.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: history is append-only, oldest first
            <li key={`${h.at}-${i}`}>
              <span className="muted">{formatTime(h.at)}</span>{' '}
              <strong>{t(`triage.history.${h.kind}`)}</strong>
              {h.from || h.to ? (
                <>
                  {' '}
                  <Hostile>{`${statusLabel(t, h.from)} → ${statusLabel(t, h.to)}`}</Hostile>
                </>
              ) : null}
              {h.action ? (
                <>
                  {' '}
                  <span className="muted">{h.action}</span>
                </>
              ) : null}
              {h.actor ? <span className="muted"> · {h.actor.name ?? `#${h.actor.id}`}</span> : null}
              {h.reason ? (
                <div>
                  <Hostile>{h.reason}</Hostile>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}

      {pending ? (
        <VerdictDialog
          verdict={pending}
          count={1}
          onClose={() => setPending(null)}
          onSubmit={async (input) => {
            await api.post(`/urls/${u.id}/verdict`, { status: pending, ...input });
            setPending(null);
            setNotice(t('triage.verdict.done', { count: 1, verdict: t(`triage.status.${pending}`) }));
            reload();
          }}
        />
      ) : null}
    </section>
  );
}
