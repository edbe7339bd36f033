import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { Hostile } from '../ui.tsx';
import { ReportWordCells, reportColumnLabels } from './ReportWordCells.tsx';
import type { ReportRef } from './types.ts';

/** Reports that mentioned a URL. Subjects, senders and texts are the attacker's words: text only. */
export function UrlReports({ reports }: { reports: ReportRef[] }) {
  const { t, formatTime } = useI18n();
  return (
    <ListTable
      label={t('triage.url.reports_table')}
      items={reports}
      empty={t('console.none')}
      head={<ColumnHeads labels={[...reportColumnLabels(t), t('triage.report.label'), 'TLP']} />}
      row={(r) => (
        <tr key={r.id}>
          <td>{formatTime(r.receivedAt)}</td>
          <td>{t(`triage.reports.kind.${r.kind}`)}</td>
          <ReportWordCells report={r} textClassName="report-text" />
          <td>
            <Hostile>{r.brandLabel ?? '—'}</Hostile>
          </td>
          <td>{r.tlp ?? '—'}</td>
        </tr>
      )}
    />
  );
}
