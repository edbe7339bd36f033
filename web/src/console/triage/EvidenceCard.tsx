import { type ReactNode, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { DefangedUrl, Empty, ErrorMessage, Hostile, Loading, StatusBadge, useLoad } from '../ui.tsx';
import type { UrlEvidence } from './evidence-types.ts';

/**
 * What phishdesk stored about the site (GET /api/v1/urls/:id/evidence): the latest capture's screenshot
 * as an image from the staff-only evidence route (never the live page, never the captured HTML), liveness,
 * addresses, RDAP, TLS and the redirect chain. "Capture now" runs the existing capture route.
 */
export function EvidenceCard({ urlId }: { urlId: number }) {
  const { t, formatTime } = useI18n();
  const evidence = useLoad(() => api.get<UrlEvidence>(`/urls/${urlId}/evidence`), [urlId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const captureNow = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/urls/${urlId}/capture`, {});
      evidence.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (evidence.error) return <ErrorMessage error={evidence.error} />;
  const e = evidence.data;
  if (!e) return <Loading />;
  const c = e.capture;

  return (
    <section aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">{t('urlpage.evidence')}</h2>
      <div className="grid-2">
        <div className="card">
          <h3>{t('urlpage.capture.title')}</h3>
          {c?.screenshotUrl ? (
            <figure className="screenshot">
              <a href={c.screenshotUrl} target="_blank" rel="noopener noreferrer">
                <img
                  src={c.screenshotUrl}
                  alt={t('urlpage.capture.alt', { time: formatTime(c.capturedAt) })}
                  loading="lazy"
                />
              </a>
              <figcaption className="muted">{t('urlpage.capture.image_note')}</figcaption>
            </figure>
          ) : (
            <Empty>{c ? t('urlpage.capture.no_screenshot') : t('urlpage.capture.none')}</Empty>
          )}
          {c ? (
            <dl className="facts">
              <dt>{t('urlpage.capture.at')}</dt>
              <dd>
                {formatTime(c.capturedAt)}{' '}
                <StatusBadge
                  status={c.status}
                  label={t(c.status === 'ok' ? 'urlpage.capture.ok' : 'urlpage.capture.failed')}
                />
              </dd>
              <dt>{t('urlpage.http_status')}</dt>
              <dd>{c.httpStatus ?? '—'}</dd>
              <dt>{t('urlpage.capture.page_title')}</dt>
              <dd>
                <Hostile>{c.title || '—'}</Hostile>
              </dd>
              <dt>{t('urlpage.final_url')}</dt>
              <dd>{c.finalUrl ? <DefangedUrl url={c.finalUrl} /> : '—'}</dd>
              <dt>{t('urlpage.capture.fields')}</dt>
              <dd>
                {c.formFields.length === 0
                  ? t('urlpage.capture.no_fields')
                  : c.formFields.map((f, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: fields in page order, never reordered
                      <span key={i} className="chip">
                        <Hostile>{f.label || f.name || f.type}</Hostile>
                        <span className="muted"> ({f.type})</span>
                      </span>
                    ))}
              </dd>
              {c.error ? (
                <>
                  <dt>{t('urlpage.error')}</dt>
                  <dd>
                    <Hostile>{c.error}</Hostile>
                  </dd>
                </>
              ) : null}
              <dt>{t('urlpage.capture.count')}</dt>
              <dd>{t('urlpage.count', { count: e.captureCount })}</dd>
            </dl>
          ) : null}
          <div className="form-actions">
            <button type="button" className="primary" onClick={captureNow} disabled={busy}>
              {busy ? t('urlpage.capture.running') : t('urlpage.capture.now')}
            </button>
          </div>
          <p className="muted">{t('urlpage.capture.how')}</p>
          <ErrorMessage error={error} />
        </div>

        <div className="card">
          <h3>{t('urlpage.liveness.title')}</h3>
          <p>
            <StatusBadge status={e.liveness.state} label={t(`urlpage.liveness.${e.liveness.state}`)} />
            {e.liveness.since ? (
              <span className="muted">
                {' '}
                {t('urlpage.liveness.since', { time: formatTime(e.liveness.since) })}
              </span>
            ) : null}
          </p>
          <dl className="facts">
            <dt>{t('urlpage.liveness.last_checked')}</dt>
            <dd>{e.liveness.lastCheckedAt ? formatTime(e.liveness.lastCheckedAt) : '—'}</dd>
            <dt>{t('urlpage.liveness.first_live')}</dt>
            <dd>{e.liveness.firstLiveAt ? formatTime(e.liveness.firstLiveAt) : '—'}</dd>
            <dt>{t('urlpage.liveness.last_live')}</dt>
            <dd>{e.liveness.lastLiveAt ? formatTime(e.liveness.lastLiveAt) : '—'}</dd>
          </dl>
          {e.checks.length === 0 ? (
            <Empty>{t('urlpage.liveness.no_checks')}</Empty>
          ) : (
            <div className="table-wrap">
              <table aria-label={t('urlpage.liveness.history')}>
                <caption>
                  {t('urlpage.liveness.history_caption', {
                    shown: e.checks.length,
                    total: e.liveness.checks,
                  })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('urlpage.liveness.col.at')}</th>
                    <th scope="col">{t('urlpage.liveness.col.result')}</th>
                    <th scope="col">{t('urlpage.http_status')}</th>
                    <th scope="col">{t('urlpage.address')}</th>
                  </tr>
                </thead>
                <tbody>
                  {e.checks.map((k) => (
                    <tr key={k.id}>
                      <td>{formatTime(k.at)}</td>
                      <td>
                        <StatusBadge status={k.result} label={t(`urlpage.check.${k.result}`)} />
                        {k.error ? (
                          <div className="muted">
                            <Hostile>{k.error}</Hostile>
                          </div>
                        ) : null}
                      </td>
                      <td>{k.httpStatus ?? '—'}</td>
                      <td>
                        <Hostile>{k.address ?? '—'}</Hostile>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>

      <div className="grid-2">
        <div className="card">
          <h3>{t('urlpage.network.title')}</h3>
          {e.addresses.length === 0 ? (
            <Empty>{t('urlpage.network.no_addresses')}</Empty>
          ) : (
            <ul aria-label={t('urlpage.network.addresses')}>
              {e.addresses.map((a) => (
                <li key={a.address}>
                  <code>{a.address}</code>{' '}
                  <span className="muted">
                    {t('urlpage.network.seen', {
                      first: formatTime(a.firstSeen),
                      last: formatTime(a.lastSeen),
                      count: a.checks,
                    })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h4>{t('urlpage.rdap.network')}</h4>
          <RdapAnswer answer={e.rdap.network} query={(n) => <code>{n.query}</code>}>
            {(n) => (
              <>
                <dt>{t('urlpage.rdap.network_name')}</dt>
                <dd>
                  <Hostile>{n.name ?? '—'}</Hostile>{' '}
                  <span className="muted">
                    <Hostile>{n.handle ?? ''}</Hostile>
                  </span>
                </dd>
                <dt>{t('urlpage.rdap.range')}</dt>
                <dd>
                  <Hostile>{rangeOf(n.startAddress, n.endAddress)}</Hostile>
                </dd>
                <dt>{t('urlpage.rdap.registrant')}</dt>
                <dd>
                  <Hostile>{n.registrant ?? '—'}</Hostile>
                </dd>
                <dt>{t('urlpage.rdap.country')}</dt>
                <dd>
                  <Hostile>{n.country ?? '—'}</Hostile>
                </dd>
                <dt>{t('urlpage.rdap.abuse')}</dt>
                <dd>
                  <Hostile>{n.abuseEmails.join(', ') || '—'}</Hostile>
                </dd>
              </>
            )}
          </RdapAnswer>
          <h4>{t('urlpage.rdap.domain')}</h4>
          <RdapAnswer answer={e.rdap.domain} query={(d) => <Hostile>{d.query}</Hostile>}>
            {(d) => (
              <>
                <dt>{t('urlpage.rdap.registrar')}</dt>
                <dd>
                  <Hostile>{d.registrar ?? '—'}</Hostile>
                  {d.registrarIanaId ? <span className="muted"> (IANA ID {d.registrarIanaId})</span> : null}
                </dd>
                <dt>{t('urlpage.rdap.status')}</dt>
                <dd>
                  <Hostile>{d.status.join(', ') || '—'}</Hostile>
                </dd>
                <dt>{t('urlpage.rdap.abuse')}</dt>
                <dd>
                  <Hostile>{d.abuseEmails.join(', ') || '—'}</Hostile>
                </dd>
              </>
            )}
          </RdapAnswer>
          <p className="muted">{t('urlpage.rdap.how')}</p>
        </div>

        <div className="card">
          <h3>{t('urlpage.tls.title')}</h3>
          {e.tls ? (
            <dl className="facts">
              <dt>{t('urlpage.tls.subject')}</dt>
              <dd>
                <Hostile>{e.tls.subject ?? '—'}</Hostile>
              </dd>
              <dt>{t('urlpage.tls.issuer')}</dt>
              <dd>
                <Hostile>{e.tls.issuer ?? '—'}</Hostile>
              </dd>
              <dt>{t('urlpage.tls.san')}</dt>
              <dd>
                <Hostile>{e.tls.subjectAltName ?? '—'}</Hostile>
              </dd>
              <dt>{t('urlpage.tls.validity')}</dt>
              <dd>
                <Hostile>{`${e.tls.validFrom ?? '?'} – ${e.tls.validTo ?? '?'}`}</Hostile>
              </dd>
              <dt>{t('urlpage.tls.verified')}</dt>
              <dd>
                {e.tls.authorized ? t('urlpage.tls.trusted') : t('urlpage.tls.untrusted')}
                {e.tls.authorizationError ? (
                  <span className="muted">
                    {' '}
                    (<Hostile>{e.tls.authorizationError}</Hostile>)
                  </span>
                ) : null}
              </dd>
              <dt>{t('urlpage.tls.protocol')}</dt>
              <dd>
                <Hostile>{e.tls.protocol ?? '—'}</Hostile>
              </dd>
              <dt>{t('urlpage.tls.fingerprint')}</dt>
              <dd>
                <code className="hostile url">{e.tls.fingerprint256 ?? '—'}</code>
              </dd>
              <dt>{t('urlpage.tls.seen')}</dt>
              <dd>{formatTime(e.tls.at)}</dd>
            </dl>
          ) : (
            <Empty>{t('urlpage.tls.none')}</Empty>
          )}

          <h3>{t('urlpage.redirects.title')}</h3>
          {e.redirects ? (
            <>
              <p className="muted">
                {t(
                  e.redirects.source === 'capture'
                    ? 'urlpage.redirects.from_capture'
                    : 'urlpage.redirects.from_check',
                  {
                    time: formatTime(e.redirects.at),
                  },
                )}
              </p>
              <ol className="redirects" aria-label={t('urlpage.redirects.title')}>
                {e.redirects.hops.map((h, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: hops in order, a URL may repeat
                  <li key={i}>
                    <span className="badge">{h.status}</span> <DefangedUrl url={h.url} />{' '}
                    <span className="muted">
                      (<Hostile>{h.address}</Hostile>)
                    </span>
                  </li>
                ))}
                {e.redirects.finalUrl ? (
                  <li>
                    <span className="badge">{t('urlpage.redirects.final')}</span>{' '}
                    <DefangedUrl url={e.redirects.finalUrl} />
                  </li>
                ) : null}
              </ol>
            </>
          ) : (
            <Empty>{t('urlpage.redirects.none')}</Empty>
          )}
        </div>
      </div>
    </section>
  );
}

/**
 * One stored RDAP answer as the URL page shows it: what was asked, the facts when something was found
 * (children, called only then), when it was fetched and whether that is past its cache lifetime.
 */
function RdapAnswer<A extends { query: string; found: boolean; fetchedAt: string; expired: boolean }>(props: {
  answer: A | null;
  query(answer: A): ReactNode;
  children(answer: A): ReactNode;
}) {
  const { t, formatTime } = useI18n();
  const a = props.answer;
  if (!a) return <Empty>{t('urlpage.rdap.none')}</Empty>;
  return (
    <dl className="facts">
      <dt>{t('urlpage.rdap.query')}</dt>
      <dd>{props.query(a)}</dd>
      {a.found ? (
        props.children(a)
      ) : (
        <>
          <dt>{t('urlpage.rdap.result')}</dt>
          <dd>{t('urlpage.rdap.not_found')}</dd>
        </>
      )}
      <dt>{t('urlpage.rdap.fetched')}</dt>
      <dd>
        {formatTime(a.fetchedAt)}
        {a.expired ? <span className="muted"> {t('urlpage.rdap.expired')}</span> : null}
      </dd>
    </dl>
  );
}

function rangeOf(start: string | null, end: string | null): string {
  if (!start && !end) return '—';
  return `${start ?? '?'} – ${end ?? '?'}`;
}
