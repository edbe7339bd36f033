import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { useAttempt } from '../attempt.ts';
import { TextAreaField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import type { ScreenProps } from '../screens.tsx';
import { ErrorMessage, Loading, ScreenTitle, useLoad } from '../ui.tsx';

const SLUGS = ['guidelines-users', 'guidelines-operators', 'faq', 'how-to-report'] as const;
type Page = { slug: string; lang: 'ja' | 'en'; title: string; bodyMd: string; edited: boolean };

/** Edits the public awareness pages (Markdown, one per page and language); the public sees them at /guide. */
export function AwarenessEditor({ query }: ScreenProps) {
  const { t } = useI18n();
  const slug = (SLUGS as readonly string[]).includes(query.get('page') ?? '') ? query.get('page')! : SLUGS[0];
  const [pageLang, setPageLang] = useState<'ja' | 'en'>('ja');
  const [current, setCurrent] = useState<string>(slug);
  const page = useLoad(() => api.get<Page>(`/awareness/${current}/${pageLang}`), [current, pageLang]);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const { error, attempt } = useAttempt();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (page.data) {
      setTitle(page.data.title);
      setBody(page.data.bodyMd);
    }
  }, [page.data]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    return attempt(async () => {
      await api.put(`/awareness/${current}/${pageLang}`, { title, bodyMd: body });
      setSaved(true);
    });
  };

  return (
    <section>
      <ScreenTitle>{t('alerts.awareness.index')}</ScreenTitle>
      <div className="toolbar">
        <label>
          {t('alerts.awareness.page')}{' '}
          <select value={current} onChange={(e) => setCurrent(e.target.value)}>
            {SLUGS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alerts.awareness.lang')}{' '}
          <select value={pageLang} onChange={(e) => setPageLang(e.target.value as 'ja' | 'en')}>
            <option value="ja">日本語</option>
            <option value="en">English</option>
          </select>
        </label>
        <a href={`/guide/${current}?lang=${pageLang}`} target="_blank" rel="noreferrer">
          {t('alerts.console.public_page')}
        </a>
      </div>
      <ErrorMessage error={page.error ?? error} />
      {!page.data && !page.error ? <Loading /> : null}
      {page.data ? (
        <form className="card" onSubmit={save}>
          <TextField
            id="awareness-title"
            label={t('alerts.awareness.title')}
            required
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
          <TextAreaField
            id="awareness-body"
            label={t('alerts.awareness.body')}
            rows={18}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
          <p className="muted">{t('alerts.awareness.syntax')}</p>
          <button type="submit" className="primary">
            {t('alerts.console.save')}
          </button>
          {saved ? (
            <p role="status" className="muted">
              {t('alerts.console.saved')}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
