import { useState } from 'react';
import { api } from '../api.ts';
import { useAttempt } from '../attempt.ts';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { ErrorMessage, Hostile, Loading, ScreenTitle, useLoad } from '../ui.tsx';
import { bodyOf, DeskFields, draftOf } from './DeskForm.tsx';
import { hours } from './TakedownList.tsx';
import type { Desk } from './types.ts';

/** One desk: its key and record, and editing how it wants to be asked (every save is audited). */
export function DeskEdit({ params }: ScreenProps) {
  const { t, formatTime } = useI18n();
  const id = Number(params.id);
  const desk = useLoad(() => api.get<Desk>(`/takedowns/desks/${id}`), [id]);
  const [saved, setSaved] = useState(false);
  const { error, attempt } = useAttempt();
  if (desk.error) return <ErrorMessage error={desk.error} />;
  if (!desk.data) return <Loading />;
  const d = desk.data;
  return (
    <section>
      <ScreenTitle>{t('takedowns.desks.edit')}</ScreenTitle>
      <p>
        <Link to="/takedowns/desks">{t('takedowns.desks.back')}</Link>
      </p>
      <dl className="card">
        <dt>{t('takedowns.desks.key')}</dt>
        <dd>
          {t(`takedowns.desks.kind_${d.keyKind}`)}: <Hostile>{d.key}</Hostile>
        </dd>
        <dt>{t('takedowns.desks.source')}</dt>
        <dd>
          {t(`takedowns.desks.source_${d.source}`)} · {formatTime(d.updatedAt)}
        </dd>
        <dt>{t('takedowns.desks.record')}</dt>
        <dd>
          {t('takedowns.desks.record_line', {
            requests: d.record.requests,
            acknowledged: d.record.acknowledged,
            acted: d.record.acted,
            median: hours(d.record.medianToDownMs),
          })}
        </dd>
      </dl>
      <div className="card">
        <DeskFields
          key={d.updatedAt}
          idPrefix="desk-edit"
          initial={draftOf(d)}
          submitLabel={t('takedowns.desks.save')}
          onSubmit={(draft) =>
            attempt(async () => {
              setSaved(false);
              await api.patch<Desk>(`/takedowns/desks/${id}`, bodyOf(draft));
              setSaved(true);
              desk.reload();
            })
          }
        />
        {saved ? <p role="status">{t('takedowns.desks.saved')}</p> : null}
        <ErrorMessage error={error} />
      </div>
    </section>
  );
}
