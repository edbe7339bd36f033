import { type FormEvent, useState } from 'react';
import { neutraliseBidi } from '../../text/bidi.ts';
import { api } from '../api.ts';
import { useAttempt } from '../attempt.ts';
import { SelectField, TextAreaField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { navigate, withQuery } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { ConfirmInPlace, ErrorMessage, Hostile, Loading, ScreenTitle, useLoad } from '../ui.tsx';
import type { AllowlistEntry, Page } from './types.ts';

/**
 * The allowlist (GET/POST/DELETE /api/v1/allowlist): hosts and domains that intake never reports as
 * phishing (every brand's official domains, plus what analysts add, e.g. with a benign verdict).
 */
export function Allowlist({ query }: ScreenProps) {
  const { t, formatTime } = useI18n();
  const source = query.get('source') ?? '';
  const q = query.get('q') ?? '';
  const cursor = query.get('cursor') ?? '';
  const list = useLoad(
    () => api.get<Page<AllowlistEntry>>('/allowlist', { source, q, cursor, limit: 100 }),
    [source, q, cursor],
  );
  const [form, setForm] = useState({ kind: 'domain' as AllowlistEntry['kind'], value: '', reason: '' });
  const { error, attempt } = useAttempt();
  const [check, setCheck] = useState<{
    url: string;
    result: { allowlisted: boolean; entry: AllowlistEntry | null };
  } | null>(null);
  const [checkUrl, setCheckUrl] = useState('');
  const [confirming, setConfirming] = useState<number | null>(null);

  const go = (changes: Record<string, string>) =>
    navigate(withQuery('/allowlist', { source, q, cursor: '', ...changes }), { replace: true });

  const add = (event: FormEvent) => {
    event.preventDefault();
    return attempt(async () => {
      await api.post('/allowlist', { kind: form.kind, value: form.value.trim(), reason: form.reason.trim() });
      setForm((f) => ({ ...f, value: '', reason: '' }));
      list.reload();
    });
  };
  const remove = (entry: AllowlistEntry) =>
    attempt(async () => {
      await api.delete(`/allowlist/${entry.id}`);
      setConfirming(null);
      list.reload();
    });
  const runCheck = (event: FormEvent) => {
    event.preventDefault();
    return attempt(async () => {
      const url = checkUrl.trim();
      setCheck({ url, result: await api.get('/allowlist/check', { url }) });
    });
  };

  return (
    <section>
      <ScreenTitle>{t('triage.allowlist.title')}</ScreenTitle>
      <div className="grid-2">
        <form className="card" onSubmit={add} aria-label={t('triage.allowlist.add')}>
          <h2>{t('triage.allowlist.add')}</h2>
          <div className="toolbar">
            <SelectField
              id="allow-kind"
              label={t('triage.allowlist.kind')}
              value={form.kind}
              onChange={(e) => setForm((f) => ({ ...f, kind: e.target.value as AllowlistEntry['kind'] }))}
            >
              <option value="domain">{t('triage.allowlist.kind.domain')}</option>
              <option value="host">{t('triage.allowlist.kind.host')}</option>
              <option value="path">{t('triage.allowlist.kind.path')}</option>
            </SelectField>
            <TextField
              id="allow-value"
              label={t('triage.allowlist.value')}
              required
              value={form.value}
              placeholder="example.co.jp"
              onChange={(e) => setForm((f) => ({ ...f, value: e.target.value }))}
            />
          </div>
          <p className="muted">{t('triage.allowlist.open_platform_note')}</p>
          <TextAreaField
            id="allow-reason"
            label={t('triage.verdict.reason')}
            required
            value={form.reason}
            onChange={(e) => setForm((f) => ({ ...f, reason: e.target.value }))}
          />
          <button type="submit" className="primary" disabled={!form.value.trim() || !form.reason.trim()}>
            {t('triage.allowlist.add_submit')}
          </button>
        </form>
        <form className="card" onSubmit={runCheck} aria-label={t('triage.allowlist.check')}>
          <h2>{t('triage.allowlist.check')}</h2>
          <TextField
            id="allow-check"
            label={t('triage.allowlist.check_url')}
            required
            value={checkUrl}
            onChange={(e) => setCheckUrl(e.target.value)}
          />
          <button type="submit">{t('triage.allowlist.check_submit')}</button>
          {check ? (
            <p role="status">
              {check.result.allowlisted ? (
                <>
                  {t('triage.allowlist.check_yes')}{' '}
                  {check.result.entry ? (
                    <Hostile>{`${check.result.entry.value} — ${check.result.entry.reason}`}</Hostile>
                  ) : null}
                </>
              ) : (
                t('triage.allowlist.check_no')
              )}
            </p>
          ) : null}
        </form>
      </div>
      <ErrorMessage error={error} />
      <form
        className="toolbar"
        aria-label={t('triage.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: String(new FormData(e.currentTarget).get('q') ?? '').trim() });
        }}
      >
        <TextField id="allow-q" label={t('triage.search')} name="q" type="search" defaultValue={q} key={q} />
        <button type="submit">{t('triage.search_submit')}</button>
        <SelectField
          id="allow-source"
          label={t('triage.allowlist.source')}
          value={source}
          onChange={(e) => go({ source: e.target.value })}
        >
          <option value="">{t('triage.filter.all')}</option>
          {(['official', 'analyst', 'brand'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`triage.allowlist.source.${s}`)}
            </option>
          ))}
        </SelectField>
      </form>
      <ErrorMessage error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      <ListTable
        label={t('triage.allowlist.title')}
        items={list.data?.items}
        empty={t('triage.allowlist.empty')}
        head={
          <ColumnHeads
            labels={[
              t('triage.allowlist.value'),
              t('triage.allowlist.kind'),
              t('triage.allowlist.source'),
              t('triage.verdict.reason'),
              t('triage.allowlist.at'),
              <span key="actions" className="muted">
                —
              </span>,
            ]}
          />
        }
        row={(a) => (
          <tr key={a.id}>
            <td>
              <code className="hostile" dir="ltr">
                {neutraliseBidi(a.value)}
              </code>
            </td>
            <td>{t(`triage.allowlist.kind.${a.kind}`)}</td>
            <td>{t(`triage.allowlist.source.${a.source}`)}</td>
            <td>
              <Hostile>{a.reason}</Hostile>
            </td>
            <td>{formatTime(a.at)}</td>
            <td>
              {a.source === 'official' ? null : (
                <ConfirmInPlace
                  asking={confirming === a.id}
                  label={t('triage.allowlist.remove')}
                  confirmLabel={t('triage.allowlist.remove_confirm')}
                  onAsk={() => setConfirming(a.id)}
                  onConfirm={() => void remove(a)}
                  onCancel={() => setConfirming(null)}
                />
              )}
            </td>
          </tr>
        )}
      />
      <nav className="pager" aria-label={t('triage.pages')}>
        <button type="button" disabled={!cursor} onClick={() => go({ cursor: '' })}>
          {t('triage.allowlist.first_page')}
        </button>
        <button
          type="button"
          disabled={!list.data?.nextCursor}
          onClick={() => go({ cursor: list.data?.nextCursor ?? '' })}
        >
          {t('console.pager.next')}
        </button>
      </nav>
    </section>
  );
}
