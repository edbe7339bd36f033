import { type FormEvent, useState } from 'react';
import { SelectField, TextAreaField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import type { Desk, UpdateDesk } from './types.ts';

export type DeskDraft = Required<{ [K in keyof UpdateDesk]: NonNullable<UpdateDesk[K]> | '' }>;

const empty: DeskDraft = {
  name: '',
  channel: 'email',
  email: '',
  formUrl: '',
  apiUrl: '',
  lang: 'ja',
  needs: '',
};

export const draftOf = (d: Desk): DeskDraft => ({
  name: d.name ?? '',
  channel: d.channel,
  email: d.email ?? '',
  formUrl: d.formUrl ?? '',
  apiUrl: d.apiUrl ?? '',
  lang: d.lang,
  needs: d.needs,
});

/** The draft as the API takes it: blank fields are null. */
export const bodyOf = (d: DeskDraft) => ({
  name: d.name || null,
  channel: d.channel || 'email',
  email: d.email || null,
  formUrl: d.formUrl || null,
  apiUrl: d.apiUrl || null,
  lang: d.lang || 'ja',
  needs: d.needs,
});

/** The fields of a desk, for adding and editing alike; only the address its channel needs is shown. */
export function DeskFields({
  idPrefix,
  initial,
  submitLabel,
  onSubmit,
  children,
}: {
  idPrefix: string;
  initial?: DeskDraft;
  submitLabel: string;
  onSubmit(draft: DeskDraft): void;
  children?: React.ReactNode;
}) {
  const { t } = useI18n();
  const [d, setD] = useState<DeskDraft>(initial ?? empty);
  const set = (k: keyof DeskDraft) => (e: { target: { value: string } }) =>
    setD({ ...d, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(d);
  };
  return (
    <form onSubmit={submit}>
      {children}
      <TextField
        id={`${idPrefix}-name`}
        label={t('takedowns.desks.name')}
        value={d.name}
        maxLength={200}
        onChange={set('name')}
      />
      <SelectField
        id={`${idPrefix}-channel`}
        label={t('takedowns.desks.channel')}
        value={d.channel}
        onChange={set('channel')}
      >
        <option value="email">{t('takedowns.desks.channel_email')}</option>
        <option value="web_form">{t('takedowns.desks.channel_web_form')}</option>
        <option value="api">{t('takedowns.desks.channel_api')}</option>
      </SelectField>
      {d.channel === 'email' ? (
        <TextField
          id={`${idPrefix}-email`}
          type="email"
          required
          label={t('takedowns.desks.email')}
          value={d.email}
          onChange={set('email')}
        />
      ) : null}
      {d.channel === 'web_form' ? (
        <TextField
          id={`${idPrefix}-form`}
          type="url"
          required
          label={t('takedowns.desks.form_url')}
          value={d.formUrl}
          onChange={set('formUrl')}
        />
      ) : null}
      {d.channel === 'api' ? (
        <>
          <TextField
            id={`${idPrefix}-api`}
            type="url"
            required
            label={t('takedowns.desks.api_url')}
            value={d.apiUrl}
            onChange={set('apiUrl')}
          />
          <p>{t('takedowns.desks.api_note')}</p>
        </>
      ) : null}
      <SelectField
        id={`${idPrefix}-lang`}
        label={t('takedowns.desks.lang')}
        value={d.lang}
        onChange={set('lang')}
      >
        <option value="ja">{t('takedowns.desks.lang_ja')}</option>
        <option value="en">{t('takedowns.desks.lang_en')}</option>
      </SelectField>
      <TextAreaField
        id={`${idPrefix}-needs`}
        label={t('takedowns.desks.needs')}
        value={d.needs}
        maxLength={4000}
        rows={4}
        onChange={set('needs')}
      />
      <button type="submit" className="primary">
        {submitLabel}
      </button>
    </form>
  );
}
