import { type PageContext, renderPage } from '../pages/layout.tsx';
import { formatJst } from '../takedowns/takedowns.templates.ts';
import type { ReportStatusView } from './outcome.service.ts';

const CSS = '.outcome{font-size:1.1rem;font-weight:600}ul.urls li{margin:.5rem 0}';

/**
 * A report's public status page: what became of it, in plain words, one line per reported URL. URLs are
 * defanged text (no link); nothing beyond the report itself is shown.
 */
export function renderReportStatus(ctx: PageContext, s: ReportStatusView): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t('outcome.title'),
    <>
      <h1>{t('outcome.title')}</h1>
      <p>
        {t('outcome.number')}: <strong id="report-number">{s.id}</strong>
      </p>
      <p>{t('outcome.received_at', { time: formatJst(s.receivedAt) })}</p>
      <h2>{t('outcome.overall')}</h2>
      <p className="outcome" id="outcome" data-outcome={s.outcome}>
        {t(`outcome.state.${s.outcome}`)}
      </p>
      {s.outcome === 'received' ? null : (
        <>
          <h2>{t('outcome.urls')}</h2>
          {s.urls.length === 0 ? (
            <p>{t('outcome.no_urls')}</p>
          ) : (
            <>
              <ul className="urls">
                {s.urls.map((u, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: static markup, the order is the report's
                  <li key={i} data-outcome={u.outcome}>
                    <span className="defanged">{u.url}</span> — {t(`outcome.state.${u.outcome}`)}
                  </li>
                ))}
              </ul>
              <p>
                <small>{t('outcome.defanged_note')}</small>
              </p>
            </>
          )}
        </>
      )}
      <p>
        <small>{t('outcome.privacy')}</small>
      </p>
    </>,
    { css: CSS },
  );
}
