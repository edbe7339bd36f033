import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { useAttempt } from '../attempt.ts';
import { NamedOptions, SelectField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { ConfirmInPlace, ErrorMessage, Hostile, Loading, ScreenTitle, useLoad } from '../ui.tsx';
import { type ApiKey, type Organisation, TLP_LIST } from './types.ts';

/**
 * API keys (GET/POST /api/v1/admin/api-keys, POST …/:id/revoke). A new key is shown once, right after
 * creation; the server keeps only its hash, so it cannot be shown again.
 */
export function ApiKeys() {
  const { t, formatTime } = useI18n();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const keys = useLoad(
    () =>
      api.get<{ apiKeys: ApiKey[] }>('/admin/api-keys', {
        includeRevoked: includeRevoked ? 'true' : undefined,
      }),
    [includeRevoked],
  );
  const orgs = useLoad(() => api.get<{ organisations: Organisation[] }>('/admin/organisations'), []);
  const [form, setForm] = useState({ label: '', role: 'partner' as ApiKey['role'], tlp: 'green', org: '' });
  const [created, setCreated] = useState<{ key: string; label: string } | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const { error, attempt } = useAttempt();
  const orgName = (id: number | null) =>
    id === null ? '—' : (orgs.data?.organisations.find((o) => o.id === id)?.name ?? `#${id}`);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    return attempt(async () => {
      const result = await api.post<{ key: string; apiKey: ApiKey }>('/admin/api-keys', {
        label: form.label.trim(),
        role: form.role,
        tlp: form.tlp,
        organisationId: form.org ? Number(form.org) : null,
      });
      setCreated({ key: result.key, label: result.apiKey.label });
      setForm((f) => ({ ...f, label: '' }));
      keys.reload();
    });
  };

  const revoke = (key: ApiKey) =>
    attempt(async () => {
      await api.post(`/admin/api-keys/${key.id}/revoke`);
      setConfirming(null);
      keys.reload();
    });

  return (
    <section>
      <ScreenTitle>{t('accounts.keys.title')}</ScreenTitle>
      <form className="toolbar card" onSubmit={submit} aria-label={t('accounts.keys.create')}>
        <TextField
          id="key-label"
          label={t('accounts.keys.label')}
          required
          maxLength={200}
          value={form.label}
          onChange={(e) => setForm((f) => ({ ...f, label: e.target.value }))}
        />
        <SelectField
          id="key-role"
          label={t('accounts.users.role')}
          value={form.role}
          onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as ApiKey['role'] }))}
        >
          <option value="partner">{t('accounts.role.partner')}</option>
          <option value="brand">{t('accounts.role.brand')}</option>
        </SelectField>
        <SelectField
          id="key-tlp"
          label={t('accounts.keys.tlp')}
          value={form.tlp}
          onChange={(e) => setForm((f) => ({ ...f, tlp: e.target.value }))}
        >
          {TLP_LIST.map((x) => (
            <option key={x} value={x}>
              TLP:{x.toUpperCase()}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="key-org"
          label={t('accounts.users.organisation')}
          value={form.org}
          // A key belongs to an organisation: its brands (brand keys) and who to ask about its use.
          required
          onChange={(e) => setForm((f) => ({ ...f, org: e.target.value }))}
        >
          <option value="">—</option>
          <NamedOptions items={orgs.data?.organisations} />
        </SelectField>
        <button type="submit" className="primary">
          {t('accounts.keys.create')}
        </button>
      </form>
      {created ? (
        <div className="card" role="status">
          <p>
            <strong>{t('accounts.keys.shown_once', { label: created.label })}</strong>
          </p>
          <p className="label" id="new-key-label">
            {t('accounts.keys.new_key')}
          </p>
          <code className="secret" aria-describedby="new-key-label" data-testid="new-api-key">
            {created.key}
          </code>
          <div className="form-actions">
            <button type="button" onClick={() => void navigator.clipboard?.writeText(created.key)}>
              {t('accounts.keys.copy')}
            </button>
            <button type="button" onClick={() => setCreated(null)}>
              {t('console.close')}
            </button>
          </div>
        </div>
      ) : null}
      <ErrorMessage error={error} />
      <label className="field-inline">
        <input
          type="checkbox"
          checked={includeRevoked}
          onChange={(e) => setIncludeRevoked(e.target.checked)}
        />
        {t('accounts.keys.include_revoked')}
      </label>
      <ErrorMessage error={keys.error} />
      {keys.loading && !keys.data ? <Loading /> : null}
      <ListTable
        label={t('accounts.keys.title')}
        items={keys.data?.apiKeys}
        head={
          <ColumnHeads
            labels={[
              t('accounts.keys.label'),
              t('accounts.keys.prefix'),
              t('accounts.users.role'),
              t('accounts.keys.tlp'),
              t('accounts.users.organisation'),
              t('accounts.keys.last_used'),
              t('accounts.users.state'),
            ]}
          />
        }
        row={(k) => (
          <tr key={k.id}>
            <td>
              <Hostile>{k.label}</Hostile>
            </td>
            <td>
              <code>{k.prefix}…</code>
            </td>
            <td>{t(`accounts.role.${k.role}`)}</td>
            <td>TLP:{k.tlpClearance.toUpperCase()}</td>
            <td>
              <Hostile>{orgName(k.organisationId)}</Hostile>
            </td>
            <td>{k.lastUsedAt ? formatTime(k.lastUsedAt) : '—'}</td>
            <td>
              {k.revokedAt ? (
                t('accounts.keys.revoked_at', { time: formatTime(k.revokedAt) })
              ) : (
                <ConfirmInPlace
                  asking={confirming === k.id}
                  label={t('accounts.keys.revoke')}
                  confirmLabel={t('accounts.keys.revoke')}
                  prompt={t('accounts.keys.revoke_confirm')}
                  onAsk={() => setConfirming(k.id)}
                  onConfirm={() => void revoke(k)}
                  onCancel={() => setConfirming(null)}
                />
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
