import { formatInt } from '../../../../src/monthly/format.ts';
import { survivalColumns, survivalNotes, survivalRows } from '../../../../src/stats/survival.present.ts';
import type { SurvivalFigures } from '../../../../src/stats/survival.schema.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import type { ScreenProps } from '../screens.tsx';
import { ErrorMessage, Loading, ScreenTitle, useLoad } from '../ui.tsx';

/**
 * Time to takedown of the brand's own cases (issue 20 part 3): the figures of the public page over the
 * cases the API lets this user see (a brand user: the brand's confirmed URLs; staff: every case), with the
 * same table builder as the public page and the monthly report, so the three never disagree.
 */
export function PortalTakedownTimes(_props: ScreenProps) {
  const { t, formatTime } = useI18n();
  const figures = useLoad(() => api.get<SurvivalFigures>('/stats/time-to-takedown'), []);
  if (figures.error) return <ErrorMessage error={figures.error} />;
  if (!figures.data) return <Loading />;
  const f = figures.data;
  const rows = survivalRows(t, f);
  return (
    <section>
      <ScreenTitle>{t('sharing.portal.time_to_takedown')}</ScreenTitle>
      <p>{t('sharing.portal.time_to_takedown_intro')}</p>
      <p className="muted">{t('sharing.portal.computed_at', { time: formatTime(f.computedAt) })}</p>
      <ListTable
        label={t('sharing.portal.time_to_takedown')}
        items={rows}
        empty={t('survival.none', { min: f.minCases })}
        head={<ColumnHeads labels={survivalColumns(t)} />}
        row={(row, i) => (
          <tr key={i}>
            {row.map((cell, c) =>
              cell !== null && typeof cell === 'object' ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                <td key={c} className="num">
                  {formatInt(cell.int)}
                </td>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                <td key={c}>{cell ?? '—'}</td>
              ),
            )}
          </tr>
        )}
      />
      <div className="muted">
        <p>{t('survival.method', { min: f.minCases })}</p>
        {survivalNotes(t, f).map((note) => (
          <p key={note}>{note}</p>
        ))}
      </div>
    </section>
  );
}
