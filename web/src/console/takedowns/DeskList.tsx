import { useState } from 'react';
import { api } from '../api.ts';
import { useAttempt } from '../attempt.ts';
import { SelectField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { Link } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { ErrorMessage, Hostile, Loading, ScreenTitle, useLoad } from '../ui.tsx';
import { bodyOf, DeskFields } from './DeskForm.tsx';
import { hours } from './TakedownList.tsx';
import type { Desk } from './types.ts';

type KeyKind = Desk['keyKind'];

/** Every abuse desk with its channel and record, and adding one by hand. */
export function DeskList(_props: ScreenProps) {
  const { t } = useI18n();
  const list = useLoad(() => api.get<{ desks: Desk[] }>('/takedowns/desks'), []);
  const [keyKind, setKeyKind] = useState<KeyKind>('domain');
  const [key, setKey] = useState('');
  const [formKey, setFormKey] = useState(0);
  const { error, attempt } = useAttempt();

  return (
    <section>
      <ScreenTitle>{t('takedowns.desks.title')}</ScreenTitle>
      <p>{t('takedowns.desks.intro')}</p>
      {list.error ? <ErrorMessage error={list.error} /> : null}
      {!list.data && !list.error ? <Loading /> : null}
      <ListTable
        label={t('takedowns.desks.title')}
        items={list.data?.desks}
        empty={t('takedowns.desks.empty')}
        head={
          <ColumnHeads
            labels={[
              t('takedowns.desks.key'),
              t('takedowns.desks.name'),
              t('takedowns.desks.channel'),
              t('takedowns.desks.lang'),
              t('takedowns.desks.record'),
              t('takedowns.desks.source'),
            ]}
          />
        }
        row={(d) => (
          <tr key={d.id}>
            <td>
              {t(`takedowns.desks.kind_${d.keyKind}`)}: <Link to={`/takedowns/desks/${d.id}`}>{d.key}</Link>
            </td>
            <td>
              <Hostile>{d.name}</Hostile>
            </td>
            <td>
              {t(`takedowns.desks.channel_${d.channel}`)}{' '}
              <Hostile>
                {d.channel === 'email' ? d.email : d.channel === 'web_form' ? d.formUrl : d.apiUrl}
              </Hostile>
            </td>
            <td>{t(`takedowns.desks.lang_${d.lang}`)}</td>
            <td>
              {t('takedowns.desks.record_line', {
                requests: d.record.requests,
                acknowledged: d.record.acknowledged,
                acted: d.record.acted,
                median: hours(d.record.medianToDownMs),
              })}
            </td>
            <td>{t(`takedowns.desks.source_${d.source}`)}</td>
          </tr>
        )}
      />
      <div className="card">
        <h2>{t('takedowns.desks.add')}</h2>
        <DeskFields
          key={formKey}
          idPrefix="desk-new"
          submitLabel={t('takedowns.desks.add')}
          onSubmit={(draft) =>
            attempt(async () => {
              await api.post<Desk>('/takedowns/desks', { keyKind, key, ...bodyOf(draft) });
              setKey('');
              setFormKey((n) => n + 1);
              list.reload();
            })
          }
        >
          <SelectField
            id="desk-new-kind"
            label={t('takedowns.desks.key_kind')}
            value={keyKind}
            onChange={(e) => setKeyKind(e.target.value as KeyKind)}
          >
            <option value="domain">{t('takedowns.desks.kind_domain')}</option>
            <option value="rdap_handle">{t('takedowns.desks.kind_rdap_handle')}</option>
            <option value="network">{t('takedowns.desks.kind_network')}</option>
          </SelectField>
          <TextField
            id="desk-new-key"
            required
            maxLength={255}
            label={t('takedowns.desks.key')}
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        </DeskFields>
        <ErrorMessage error={error} />
      </div>
    </section>
  );
}
