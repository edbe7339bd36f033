import { useI18n } from '../i18n.tsx';
import { Empty, Hostile } from '../ui.tsx';
import type { ReportRef } from './types.ts';

/** Reports that mentioned a URL. Subjects, senders and texts are the attacker's words: text only. */
export function UrlReports({ reports }: { reports: ReportRef[] }) {
  const { t, formatTime } = useI18n();
  if (reports.length === 0) return <Empty>{t('console.none')}</Empty>;
  return (
    <div className="table-wrap">
      <table className="list" aria-label={t('triage.url.reports_table')}>
        <thead>
          <tr>
            <th scope="col">{t('triage.report.received')}</th>
            <th scope="col">{t('triage.report.kind')}</th>
            <th scope="col">{t('triage.filter.source')}</th>
            <th scope="col">{t('triage.report.subject')}</th>
            <th scope="col">{t('triage.report.sender')}</th>
            <th scope="col">{t('triage.report.label')}</th>
            <th scope="col">TLP</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => (
            <tr key={r.id}>
              <td>{formatTime(r.receivedAt)}</td>
              <td>{r.kind}</td>
              <td>
                <Hostile>{r.source.name}</Hostile>
              </td>
              <td>
                <Hostile>{r.subject ?? '—'}</Hostile>
                {r.text ? (
                  <details>
                    <summary>{t('triage.report.text')}</summary>
                    <Hostile className="report-text">{r.text}</Hostile>
                  </details>
                ) : null}
              </td>
              <td>
                <Hostile>{r.sender ?? '—'}</Hostile>
              </td>
              <td>
                <Hostile>{r.brandLabel ?? '—'}</Hostile>
              </td>
              <td>{r.tlp ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
