import { useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { canOpen } from '../links.ts';
import { Link } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { isStaffRole, useMe } from '../session.tsx';
import { brandName, statusLabel } from '../triage/types.ts';
import { UrlRowStart } from '../triage/UrlRowStart.tsx';
import { Empty, Hostile, Loading, ScreenError, ScreenTitle, StatusBadge, useLoad } from '../ui.tsx';
import { CampaignActions } from './CampaignActions.tsx';
import type { CampaignDetail } from './types.ts';

/**
 * One campaign (GET /api/v1/campaigns/:id): its URLs, sample subjects/senders/SMS texts (hostile text),
 * timeline and status counts; staff rename, close/reopen, merge others into it and split URLs off.
 */
export function CampaignPage({ params }: ScreenProps) {
  const { t, lang, formatTime } = useI18n();
  const me = useMe();
  const staff = isStaffRole(me.role);
  const id = params.id ?? '';
  const detail = useLoad(() => api.get<CampaignDetail>(`/campaigns/${encodeURIComponent(id)}`), [id]);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());

  if (detail.error) {
    return <ScreenError title={t('campaigns.page_title')} error={detail.error} />;
  }
  const c = detail.data;
  if (!c) return <Loading />;
  const maxDay = Math.max(1, ...c.timeline.map((d) => d.urls));
  const toggle = (urlId: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(urlId)) next.delete(urlId);
      else next.add(urlId);
      return next;
    });

  return (
    <section>
      <ScreenTitle>{t('campaigns.page_title')}</ScreenTitle>
      <h2 className="campaign-name">
        <Hostile>{c.name}</Hostile>{' '}
        <StatusBadge status={c.status} label={t(`campaigns.status.${c.status}`)} />
      </h2>
      {c.mergedInto ? (
        <p>
          <Link to={`/campaigns/${c.mergedInto}`}>{t('campaigns.merged_into', { id: c.mergedInto })}</Link>
        </p>
      ) : null}
      <div className="grid-2">
        <div className="card">
          <dl className="facts">
            <dt>{t('triage.col.brand')}</dt>
            <dd>{brandName(c.brand, lang) ?? '—'}</dd>
            <dt>{t('campaigns.col.urls')}</dt>
            <dd>{c.urlsTotal}</dd>
            <dt>{t('triage.col.first_seen')}</dt>
            <dd>{formatTime(c.firstSeen)}</dd>
            <dt>{t('triage.url.last_seen')}</dt>
            <dd>{formatTime(c.lastSeen)}</dd>
            <dt>{t('campaigns.created_by')}</dt>
            <dd>{t(`campaigns.created_by.${c.createdBy}`)}</dd>
          </dl>
        </div>
        <div className="card">
          <h3>{t('campaigns.status_counts')}</h3>
          <dl className="facts" aria-label={t('campaigns.status_counts')}>
            <dt>{t('campaigns.live')}</dt>
            <dd>{c.statusCounts.live ?? '—'}</dd>
            <dt>{t('campaigns.down')}</dt>
            <dd>{c.statusCounts.down ?? '—'}</dd>
            <dt>{t('campaigns.unknown')}</dt>
            <dd>{c.statusCounts.unknown ?? '—'}</dd>
            {Object.entries(c.statusCounts.byStatus).map(([status, count]) => (
              <div key={status} className="facts-row">
                <dt>{statusLabel(t, status)}</dt>
                <dd>{count}</dd>
              </div>
            ))}
          </dl>
        </div>
      </div>

      {staff && canOpen('/alerts', me.role) ? (
        <p>
          <Link to={`/alerts?campaign=${c.id}`}>{t('campaigns.start_alert')}</Link>
        </p>
      ) : null}
      {staff ? (
        <CampaignActions campaign={c} selectedUrlIds={[...selected]} onChanged={detail.reload} />
      ) : null}

      <h2>{t('campaigns.urls', { count: c.urlsTotal })}</h2>
      <ListTable
        label={t('campaigns.urls', { count: c.urlsTotal })}
        items={c.urls}
        empty={t('console.none')}
        head={
          <>
            {staff ? <th scope="col">{t('campaigns.split_select')}</th> : null}
            <ColumnHeads
              labels={[
                t('triage.col.first_seen'),
                t('triage.col.url'),
                t('triage.col.status'),
                t('triage.col.reports'),
              ]}
            />
          </>
        }
        row={(u) => (
          <tr key={u.id} className={selected.has(u.id) ? 'selected' : undefined}>
            <UrlRowStart url={u} staff={staff} selected={selected.has(u.id)} onToggle={() => toggle(u.id)} />
            <td>
              <StatusBadge status={u.status} label={t(`triage.status.${u.status}`)} />
            </td>
            <td>{u.reportCount}</td>
          </tr>
        )}
      />

      <div className="grid-2">
        <div>
          <h2>{t('campaigns.timeline')}</h2>
          {c.timeline.length === 0 ? (
            <Empty>{t('console.none')}</Empty>
          ) : (
            <table className="list timeline-table" aria-label={t('campaigns.timeline')}>
              <thead>
                <tr>
                  <th scope="col">{t('campaigns.day')}</th>
                  <th scope="col">{t('campaigns.col.urls')}</th>
                </tr>
              </thead>
              <tbody>
                {c.timeline.map((d) => (
                  <tr key={d.day}>
                    <td>{d.day}</td>
                    <td>
                      <span
                        className="bar"
                        style={{ width: `${(d.urls / maxDay) * 100}%` }}
                        aria-hidden="true"
                      />{' '}
                      {d.urls}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h2>{t('campaigns.samples')}</h2>
          <Samples title={t('campaigns.samples.subjects')} items={c.samples.subjects} />
          <Samples title={t('campaigns.samples.senders')} items={c.samples.senders} />
          <Samples title={t('campaigns.samples.sms')} items={c.samples.smsTexts} />
        </div>
      </div>
    </section>
  );
}

function Samples({ title, items }: { title: string; items: string[] }) {
  const { t } = useI18n();
  return (
    <>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <Empty>{t('console.none')}</Empty>
      ) : (
        <ul className="samples">
          {items.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: samples may repeat and never reorder
            <li key={i}>
              <Hostile>{s}</Hostile>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
