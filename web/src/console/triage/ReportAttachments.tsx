import { api } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { Empty, ErrorMessage, Hostile, HostileBlock, Loading, useLoad } from '../ui.tsx';
import type { ReportAttachment } from './evidence-types.ts';
import type { ReportRef } from './types.ts';

/** How many of the listed reports have their attachments looked up. */
const REPORTS_LOOKED_UP = 10;

/**
 * Files the public sent with the reports of this URL: screenshots as images (staff-only route, nosniff,
 * CSP default-src 'none'), e-mails as their parsed headers and plain text, escaped; never rendered HTML.
 */
export function ReportAttachments({ reports }: { reports: ReportRef[] }) {
  const { t } = useI18n();
  const shown = reports.filter((r) => r.kind !== 'feed').slice(0, REPORTS_LOOKED_UP);
  const ids = shown.map((r) => r.id).join(',');
  const files = useLoad(
    () =>
      Promise.all(
        shown.map(async (r) => ({
          report: r,
          items: (await api.get<{ items: ReportAttachment[] }>(`/triage/reports/${r.id}/attachments`)).items,
        })),
      ),
    [ids],
  );
  if (files.error) return <ErrorMessage error={files.error} />;
  if (!files.data) return <Loading />;
  const withFiles = files.data.filter((f) => f.items.length > 0);
  return (
    <section aria-labelledby="attachments-heading">
      <h2 id="attachments-heading">{t('urlpage.attachments.title')}</h2>
      {withFiles.length === 0 ? <Empty>{t('urlpage.attachments.none')}</Empty> : null}
      {withFiles.map(({ report, items }) => (
        <ReportFiles key={report.id} report={report} items={items} />
      ))}
    </section>
  );
}

function ReportFiles({ report, items }: { report: ReportRef; items: ReportAttachment[] }) {
  const { t, formatTime } = useI18n();
  return (
    <div className="card">
      <h3>
        {t('urlpage.attachments.of_report', {
          kind: t(`triage.reports.kind.${report.kind}`),
          time: formatTime(report.receivedAt),
        })}
      </h3>
      <div className="attachments">
        {items.map((a) =>
          a.kind === 'image' ? (
            <figure key={a.id} className="screenshot">
              <a href={a.url} target="_blank" rel="noopener noreferrer">
                <img
                  src={a.url}
                  alt={t('urlpage.attachments.image_alt', { name: a.filename ?? `#${a.id}` })}
                  loading="lazy"
                />
              </a>
              <figcaption className="muted">
                <Hostile>{a.filename ?? '—'}</Hostile> · {formatSize(a.size)}
              </figcaption>
            </figure>
          ) : a.kind === 'email' ? (
            <EmailView key={a.id} a={a} />
          ) : (
            <p key={a.id}>
              <a href={a.url} download>
                <Hostile>{a.filename ?? `#${a.id}`}</Hostile>
              </a>{' '}
              <span className="muted">{formatSize(a.size)}</span>
            </p>
          ),
        )}
      </div>
    </div>
  );
}

function EmailView({ a }: { a: ReportAttachment }) {
  const { t, formatTime } = useI18n();
  const m = a.email;
  return (
    <div className="email-attachment">
      <h4>
        {t('urlpage.attachments.email')} <Hostile>{a.filename ?? ''}</Hostile>{' '}
        <a href={a.url} download className="muted">
          {t('urlpage.attachments.download')}
        </a>
      </h4>
      {!m ? (
        <Empty>{t('urlpage.attachments.unreadable')}</Empty>
      ) : (
        <>
          <dl className="facts">
            <dt>{t('urlpage.email.subject')}</dt>
            <dd>
              <Hostile>{m.subject ?? '—'}</Hostile>
            </dd>
            <dt>{t('urlpage.email.from')}</dt>
            <dd>
              <Hostile>
                {m.from
                  ? [m.from.name, m.from.address && `<${m.from.address}>`].filter(Boolean).join(' ')
                  : '—'}
              </Hostile>
            </dd>
            <dt>{t('urlpage.email.reply_to')}</dt>
            <dd>
              <Hostile>{m.replyTo ?? '—'}</Hostile>
            </dd>
            <dt>{t('urlpage.email.return_path')}</dt>
            <dd>
              <Hostile>{m.returnPath ?? '—'}</Hostile>
            </dd>
            <dt>{t('urlpage.email.date')}</dt>
            <dd>{m.date ? formatTime(m.date) : '—'}</dd>
            <dt>{t('urlpage.email.message_id')}</dt>
            <dd>
              <Hostile>{m.messageId ?? '—'}</Hostile>
            </dd>
            <dt>{t('urlpage.email.auth')}</dt>
            <dd>
              SPF {authWord(t, m.auth.spf)} · DKIM {authWord(t, m.auth.dkim)} · DMARC{' '}
              {authWord(t, m.auth.dmarc)}
            </dd>
          </dl>
          {m.received.length > 0 ? (
            <details>
              <summary>{t('urlpage.email.received', { count: m.received.length })}</summary>
              <ol>
                {m.received.map((h, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: hops in header order
                  <li key={i}>
                    <Hostile>{`from ${h.from ?? '?'} by ${h.by ?? '?'}${h.ip ? ` [${h.ip}]` : ''}`}</Hostile>
                    {h.date ? <span className="muted"> {formatTime(h.date)}</span> : null}
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
          <h5>{t('urlpage.email.text')}</h5>
          <HostileBlock className="report-text email-text">{m.text || '—'}</HostileBlock>
          {m.textTruncated ? <p className="muted">{t('urlpage.email.truncated')}</p> : null}
          {m.htmlPresent ? <p className="muted">{t('urlpage.email.html_not_shown')}</p> : null}
        </>
      )}
    </div>
  );
}

function authWord(t: ReturnType<typeof useI18n>['t'], verdict: string | null): string {
  if (verdict === 'pass') return t('urlpage.email.auth_pass');
  if (verdict === 'fail' || verdict === 'softfail' || verdict === 'permerror')
    return t('urlpage.email.auth_fail');
  if (verdict === null || verdict === 'none') return t('urlpage.email.auth_none');
  return t('urlpage.email.auth_other');
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1_048_576) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
