import { useI18n } from '../i18n.tsx';
import { Hostile } from '../ui.tsx';
import type { ReportRef } from './types.ts';

/** Heads of a report row's first columns: when and how it came, then the ReportWordCells columns. */
export function reportColumnLabels(t: ReturnType<typeof useI18n>['t']): string[] {
  return [
    t('triage.report.received'),
    t('triage.report.kind'),
    t('triage.filter.source'),
    t('triage.report.subject'),
    t('triage.report.sender'),
  ];
}

/**
 * The source, subject (with the report's text folded away) and sender cells of a report row, in the report
 * queue and under a URL. All of it is the attacker's words, so it is shown as text only.
 */
export function ReportWordCells({ report, textClassName }: { report: ReportRef; textClassName?: string }) {
  const { t } = useI18n();
  return (
    <>
      <td>
        <Hostile>{report.source.name}</Hostile>
      </td>
      <td>
        <Hostile>{report.subject ?? '—'}</Hostile>
        {report.text ? (
          <details>
            <summary>{t('triage.report.text')}</summary>
            <Hostile className={textClassName}>{report.text}</Hostile>
          </details>
        ) : null}
      </td>
      <td>
        <Hostile>{report.sender ?? '—'}</Hostile>
      </td>
    </>
  );
}
