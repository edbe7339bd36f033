import { type ChangeEvent, type FormEvent, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { TextAreaField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import type { ScreenProps } from '../screens.tsx';
import { useMe } from '../session.tsx';
import {
  Empty,
  ErrorMessage,
  Hostile,
  Loading,
  ScreenError,
  ScreenTitle,
  StatusBadge,
  useLoad,
} from '../ui.tsx';
import { type Alert, type Delivery, SITE_STATES } from './types.ts';

type Form = Record<
  | 'titleJa'
  | 'titleEn'
  | 'summaryJa'
  | 'summaryEn'
  | 'adviceJa'
  | 'adviceEn'
  | 'subjects'
  | 'smsTexts'
  | 'fieldsAskedJa'
  | 'fieldsAskedEn'
  | 'urls',
  string
>;

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const paragraphs = (s: string) =>
  s
    .split(/\n\s*\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function formOf(a: Alert): Form {
  return {
    titleJa: a.titleJa,
    titleEn: a.titleEn ?? '',
    summaryJa: a.summaryJa,
    summaryEn: a.summaryEn ?? '',
    adviceJa: a.adviceJa,
    adviceEn: a.adviceEn ?? '',
    subjects: a.subjects.join('\n'),
    smsTexts: a.smsTexts.join('\n\n'),
    fieldsAskedJa: a.fieldsAskedJa.join('\n'),
    fieldsAskedEn: a.fieldsAskedEn.join('\n'),
    urls: '',
  };
}

/** One alert: edit (ja required, en optional), status lines, screenshots, workflow and deliveries. */
export function AlertPage({ params }: ScreenProps) {
  const { t, lang, formatTime } = useI18n();
  const me = useMe();
  const id = params.id ?? '';
  const alert = useLoad(() => api.get<Alert>(`/alerts/${encodeURIComponent(id)}`), [id]);
  const deliveries = useLoad(
    () => api.get<{ deliveries: Delivery[] }>(`/alerts/${encodeURIComponent(id)}/deliveries`),
    [id],
  );
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [state, setState] = useState<string>('takedown_requested');

  useEffect(() => {
    if (alert.data) setForm(formOf(alert.data));
  }, [alert.data]);

  if (alert.error) {
    return <ScreenError title={t('alerts.console.title')} error={alert.error} />;
  }
  const a = alert.data;
  if (!a || !form) return <Loading />;

  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    setSaved(false);
    try {
      await work();
      alert.reload();
      deliveries.reload();
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await run(() =>
      api.patch(`/alerts/${a.id}`, {
        titleJa: form.titleJa,
        titleEn: form.titleEn || null,
        summaryJa: form.summaryJa,
        summaryEn: form.summaryEn || null,
        adviceJa: form.adviceJa,
        adviceEn: form.adviceEn || null,
        subjects: lines(form.subjects),
        smsTexts: paragraphs(form.smsTexts),
        fieldsAskedJa: lines(form.fieldsAskedJa),
        fieldsAskedEn: lines(form.fieldsAskedEn),
        ...(form.urls.trim() ? { urls: [...lines(form.urls)] } : {}),
      }),
    );
    setSaved(ok);
  };
  const action = (name: 'submit' | 'return' | 'publish' | 'archive') => () =>
    run(() => api.post(`/alerts/${a.id}/${name}`));
  const field = (name: keyof Form, label: Parameters<typeof t>[0], multiline: boolean, required = false) => {
    const control = {
      id: `alert-${name}`,
      label: t(label),
      name,
      required,
      value: form[name],
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
        setForm({ ...form, [name]: e.target.value }),
    };
    return multiline ? <TextAreaField {...control} rows={4} /> : <TextField {...control} />;
  };
  const editable = a.status !== 'archived';
  const isAuthor = a.authorId === me.id;

  return (
    <section>
      <ScreenTitle>{t('alerts.console.title')}</ScreenTitle>
      <h2>
        <Hostile>{(lang === 'en' && a.titleEn) || a.titleJa}</Hostile>{' '}
        <StatusBadge status={a.status} label={t(`alerts.status.${a.status}`)} />
      </h2>
      <div className="toolbar" role="toolbar" aria-label={t('triage.col.status')}>
        {a.status === 'draft' ? (
          <button type="button" className="primary" onClick={action('submit')}>
            {t('alerts.console.submit')}
          </button>
        ) : null}
        {a.status === 'in_review' ? (
          <>
            <button type="button" className="primary" onClick={action('publish')} disabled={isAuthor}>
              {t('alerts.console.publish')}
            </button>
            <button type="button" onClick={action('return')}>
              {t('alerts.console.return')}
            </button>
          </>
        ) : null}
        {a.status === 'published' || a.status === 'updated' ? (
          <button type="button" onClick={action('archive')}>
            {t('alerts.console.archive')}
          </button>
        ) : null}
        {a.slug ? (
          <a href={`/alerts/${a.slug}?lang=${lang}`} target="_blank" rel="noreferrer">
            {t('alerts.console.public_page')}
          </a>
        ) : null}
      </div>
      {a.status === 'in_review' ? <p className="muted">{t('alerts.console.publish_rule')}</p> : null}
      <ErrorMessage error={error} />
      {saved ? (
        <p role="status" className="muted">
          {t('alerts.console.saved')}
        </p>
      ) : null}

      <form className="card" onSubmit={save} aria-label={t('alerts.console.edit')}>
        <div className="grid-2">
          {field('titleJa', 'alerts.console.title_ja', false, true)}
          {field('titleEn', 'alerts.console.title_en', false)}
          {field('summaryJa', 'alerts.console.summary_ja', true, true)}
          {field('summaryEn', 'alerts.console.summary_en', true)}
          {field('adviceJa', 'alerts.console.advice_ja', true)}
          {field('adviceEn', 'alerts.console.advice_en', true)}
          {field('fieldsAskedJa', 'alerts.console.fields_ja', true)}
          {field('fieldsAskedEn', 'alerts.console.fields_en', true)}
          {field('subjects', 'alerts.console.subjects', true)}
          {field('smsTexts', 'alerts.console.sms', true)}
          {field('urls', 'alerts.console.urls', true)}
        </div>
        {editable ? (
          <button type="submit" className="primary">
            {t('alerts.console.save')}
          </button>
        ) : null}
      </form>

      <h2>{t('alerts.console.masked_urls')}</h2>
      {a.maskedUrls.length ? (
        <ul>
          {a.maskedUrls.map((u) => (
            <li key={u}>
              <code className="url">{u}</code>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{t('console.none')}</Empty>
      )}

      <h2>{t('alerts.console.status_lines')}</h2>
      <ul className="status-lines">
        {a.updates.map((u) => (
          <li key={u.id}>{(lang === 'en' && u.statusLineEn) || u.statusLineJa}</li>
        ))}
      </ul>
      {editable ? (
        <div className="toolbar">
          <label>
            {t('alerts.console.add_status')}{' '}
            <select value={state} onChange={(e) => setState(e.target.value)}>
              {SITE_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`alerts.site.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() => run(() => api.post(`/alerts/${a.id}/status-lines`, { state }))}
          >
            {t('alerts.console.add_status')}
          </button>
          {a.takedownCaseId ? (
            <button type="button" onClick={() => run(() => api.post(`/alerts/${a.id}/sync-takedown`))}>
              {t('alerts.console.sync')}
            </button>
          ) : null}
        </div>
      ) : null}

      {a.screenshots.length ? (
        <>
          <h2>{t('alerts.page.screenshots')}</h2>
          {a.screenshots.map((s, i) => (
            <img
              key={s.id}
              src={`/api/v1/alerts/${a.id}/screenshots/${s.id}`}
              alt={t('alerts.page.screenshot_alt', { n: i + 1, title: a.titleJa })}
              style={{ maxWidth: '20rem', border: '1px solid #ccc', marginRight: '1rem' }}
            />
          ))}
        </>
      ) : null}

      <h2>{t('alerts.console.deliveries')}</h2>
      {deliveries.data?.deliveries.length ? (
        <div className="table-wrap">
          <table className="list" aria-label={t('alerts.console.deliveries')}>
            <tbody>
              {deliveries.data.deliveries.map((d) => (
                <tr key={d.id}>
                  <td>{d.channel}</td>
                  <td>{d.event}</td>
                  <td>{d.status}</td>
                  <td>{d.attempts}</td>
                  <td>{d.deliveredAt ? formatTime(d.deliveredAt) : (d.lastError ?? '—')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('console.none')}</Empty>
      )}
    </section>
  );
}
