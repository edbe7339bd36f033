import { type FormEvent, useState } from 'react';
import type { Role } from '../../../../src/accounts/principal.ts';
import { api } from '../api.ts';
import { useAttempt } from '../attempt.ts';
import { NamedOptions, SelectField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { useMe } from '../session.tsx';
import { ErrorMessage, Hostile, Loading, Notice, ScreenTitle, useLoad } from '../ui.tsx';
import { type AdminUser, type Organisation, ROLE_LIST } from './types.ts';

/** Users (GET/POST/PATCH /api/v1/admin/users): create, change role, disable/enable. Admins only. */
export function Users() {
  const { t, formatTime } = useI18n();
  const me = useMe();
  const users = useLoad(() => api.get<{ users: AdminUser[] }>('/admin/users'), []);
  const orgs = useLoad(() => api.get<{ organisations: Organisation[] }>('/admin/organisations'), []);
  const { error, attempt } = useAttempt();
  const [notice, setNotice] = useState<string | null>(null);
  const orgName = (id: number | null) =>
    id === null ? '—' : (orgs.data?.organisations.find((o) => o.id === id)?.name ?? `#${id}`);

  const update = (user: AdminUser, change: Partial<Pick<AdminUser, 'role' | 'disabled'>>) => {
    setNotice(null);
    return attempt(async () => {
      await api.patch(`/admin/users/${user.id}`, change);
      setNotice(t('accounts.users.updated', { email: user.email }));
      users.reload();
    });
  };

  return (
    <section>
      <ScreenTitle>{t('accounts.users.title')}</ScreenTitle>
      <CreateUser organisations={orgs.data?.organisations ?? []} onCreated={users.reload} />
      <Notice>{notice}</Notice>
      <ErrorMessage error={error} />
      <ErrorMessage error={users.error} />
      {users.loading && !users.data ? <Loading /> : null}
      <ListTable
        label={t('accounts.users.title')}
        items={users.data?.users}
        head={
          <ColumnHeads
            labels={[
              t('accounts.users.email'),
              t('accounts.users.name'),
              t('accounts.users.role'),
              t('accounts.users.organisation'),
              t('accounts.users.last_login'),
              t('accounts.users.state'),
            ]}
          />
        }
        row={(u) => (
          <tr key={u.id}>
            <td>
              <Hostile>{u.email}</Hostile>
            </td>
            <td>
              <Hostile>{u.displayName}</Hostile>
            </td>
            <td>
              <select
                aria-label={t('accounts.users.role_of', { email: u.email })}
                value={u.role}
                disabled={u.id === me.id}
                onChange={(e) => void update(u, { role: e.target.value as Role })}
              >
                <RoleOptions />
              </select>
            </td>
            <td>
              <Hostile>{orgName(u.organisationId)}</Hostile>
            </td>
            <td>{u.lastLoginAt ? formatTime(u.lastLoginAt) : '—'}</td>
            <td>
              {u.disabled ? t('accounts.users.disabled') : t('accounts.users.active')}{' '}
              {u.id !== me.id ? (
                <button type="button" onClick={() => void update(u, { disabled: !u.disabled })}>
                  {u.disabled ? t('accounts.users.enable') : t('accounts.users.disable')}
                </button>
              ) : null}
            </td>
          </tr>
        )}
      />
    </section>
  );
}

/** The <option>s of a role select, every role by its translated name. */
function RoleOptions() {
  const { t } = useI18n();
  return (
    <>
      {ROLE_LIST.map((r) => (
        <option key={r} value={r}>
          {t(`accounts.role.${r}`)}
        </option>
      ))}
    </>
  );
}

function CreateUser({ organisations, onCreated }: { organisations: Organisation[]; onCreated(): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({
    email: '',
    displayName: '',
    role: 'analyst' as Role,
    password: '',
    org: '',
  });
  const { error, attempt } = useAttempt();
  const [done, setDone] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    return attempt(async () => {
      await api.post('/admin/users', {
        email: form.email.trim(),
        displayName: form.displayName.trim(),
        role: form.role,
        password: form.password,
        organisationId: form.org ? Number(form.org) : null,
      });
      setDone(t('accounts.users.created', { email: form.email.trim() }));
      setForm({ email: '', displayName: '', role: 'analyst', password: '', org: '' });
      onCreated();
    });
  };

  return (
    <details className="card">
      <summary>{t('accounts.users.create')}</summary>
      <form className="toolbar" onSubmit={submit}>
        <TextField
          id="new-user-email"
          label={t('accounts.users.email')}
          type="email"
          required
          value={form.email}
          onChange={set('email')}
        />
        <TextField
          id="new-user-name"
          label={t('accounts.users.name')}
          required
          value={form.displayName}
          onChange={set('displayName')}
        />
        <SelectField
          id="new-user-role"
          label={t('accounts.users.role')}
          value={form.role}
          onChange={set('role')}
        >
          <RoleOptions />
        </SelectField>
        <SelectField
          id="new-user-org"
          label={t('accounts.users.organisation')}
          value={form.org}
          onChange={set('org')}
          required={form.role === 'brand'}
        >
          <option value="">—</option>
          <NamedOptions items={organisations} />
        </SelectField>
        <TextField
          id="new-user-password"
          label={t('accounts.users.password')}
          type="password"
          autoComplete="new-password"
          required
          value={form.password}
          onChange={set('password')}
        />
        <button type="submit" className="primary">
          {t('accounts.users.create_submit')}
        </button>
      </form>
      <ErrorMessage error={error} />
      <Notice>{done}</Notice>
    </details>
  );
}
