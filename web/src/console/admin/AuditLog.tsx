import type { FormEvent } from 'react';
import { api } from '../api.ts';
import { SelectField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { navigate, withQuery } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import {
  ErrorMessage,
  Hostile,
  HostileBlock,
  Loading,
  Pager,
  ScreenTitle,
  useCursorTrail,
  useLoad,
} from '../ui.tsx';
import type { AdminUser, AuditEntry } from './types.ts';

const PAGE = 50;

/** The audit log (GET /api/v1/admin/audit), newest first; filters in the URL; before/after as JSON text. */
export function AuditLog({ query }: ScreenProps) {
  const { t, formatTime } = useI18n();
  const filter = {
    action: query.get('action') ?? '',
    entity: query.get('entity') ?? '',
    entityId: query.get('entityId') ?? '',
    actorUserId: query.get('actorUserId') ?? '',
  };
  const beforeId = query.get('beforeId') ?? '';
  const qs = query.toString();
  const entries = useLoad(
    () => api.get<{ entries: AuditEntry[] }>('/admin/audit', { ...filter, beforeId, limit: PAGE }),
    [qs],
  );
  const users = useLoad(() => api.get<{ users: AdminUser[] }>('/admin/users'), []);
  const trail = useCursorTrail();
  const userName = (id: number | null) =>
    id === null ? null : (users.data?.users.find((u) => u.id === id)?.email ?? `#${id}`);

  const onFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const key of ['action', 'entity', 'entityId', 'actorUserId'])
      next[key] = String(data.get(key) ?? '').trim();
    trail.reset();
    navigate(withQuery('/admin/audit', next), { replace: true });
  };
  const list = entries.data?.entries ?? [];

  return (
    <section>
      <ScreenTitle>{t('accounts.audit.title')}</ScreenTitle>
      <form className="toolbar" onSubmit={onFilter} aria-label={t('triage.filters')} key={qs}>
        <TextField
          id="audit-action"
          label={t('accounts.audit.action')}
          name="action"
          defaultValue={filter.action}
          placeholder="url.triage"
        />
        <TextField
          id="audit-entity"
          label={t('accounts.audit.entity')}
          name="entity"
          defaultValue={filter.entity}
          placeholder="url"
        />
        <TextField
          id="audit-entity-id"
          label={t('accounts.audit.entity_id')}
          name="entityId"
          size={8}
          defaultValue={filter.entityId}
        />
        <SelectField
          id="audit-actor"
          label={t('accounts.audit.actor')}
          name="actorUserId"
          defaultValue={filter.actorUserId}
        >
          <option value="">{t('triage.filter.all')}</option>
          {(users.data?.users ?? []).map((u) => (
            <option key={u.id} value={String(u.id)}>
              {u.email}
            </option>
          ))}
        </SelectField>
        <button type="submit">{t('triage.search_submit')}</button>
      </form>
      <ErrorMessage error={entries.error} />
      {entries.loading && !entries.data ? <Loading /> : null}
      <ListTable
        label={t('accounts.audit.title')}
        items={entries.data?.entries}
        empty={t('accounts.audit.empty')}
        head={
          <ColumnHeads
            labels={[
              t('accounts.audit.at'),
              t('accounts.audit.actor'),
              t('accounts.audit.action'),
              t('accounts.audit.entity'),
              t('accounts.audit.change'),
            ]}
          />
        }
        row={(e) => (
          <tr key={e.id}>
            <td>{formatTime(e.at)}</td>
            <td>
              {e.actorUserId !== null ? (
                <Hostile>{userName(e.actorUserId)}</Hostile>
              ) : e.actorApiKeyId !== null ? (
                t('accounts.audit.api_key', { id: e.actorApiKeyId })
              ) : (
                t('accounts.audit.system')
              )}
            </td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>
              <Hostile>{`${e.entity}${e.entityId ? ` #${e.entityId}` : ''}`}</Hostile>
            </td>
            <td>
              <details>
                <summary>{t('accounts.audit.show_change')}</summary>
                <div className="grid-2">
                  <div>
                    <h3>{t('accounts.audit.before')}</h3>
                    <HostileBlock>{JSON.stringify(e.before, null, 2)}</HostileBlock>
                  </div>
                  <div>
                    <h3>{t('accounts.audit.after')}</h3>
                    <HostileBlock>{JSON.stringify(e.after, null, 2)}</HostileBlock>
                  </div>
                </div>
              </details>
            </td>
          </tr>
        )}
      />
      <Pager
        onPrevious={
          beforeId
            ? () =>
                navigate(withQuery('/admin/audit', { ...filter, beforeId: trail.back() }), { replace: true })
            : null
        }
        onNext={
          list.length < PAGE
            ? null
            : () => {
                trail.forward(beforeId);
                navigate(withQuery('/admin/audit', { ...filter, beforeId: list.at(-1)?.id }), {
                  replace: true,
                });
              }
        }
      />
    </section>
  );
}
