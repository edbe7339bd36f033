import { api } from '../api.ts';
import { SelectField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { Link, navigate } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import {
  CursorPager,
  ErrorMessage,
  Hostile,
  Loading,
  ScreenTitle,
  StatusBadge,
  useCursorTrail,
  useLoad,
} from '../ui.tsx';
import type { Appeal } from './types.ts';

const STATUSES = ['open', 'upheld', 'rejected'] as const;

/** Staff: appeals, the soonest deadline first; open ones by default, overdue ones marked. */
export function AppealList({ query }: ScreenProps) {
  const { t, formatTime } = useI18n();
  const status = query.get('status') ?? 'open';
  const cursor = query.get('cursor') ?? '';
  const trail = useCursorTrail();
  const go = (changes: { status?: string; cursor?: string }) => {
    const next = new URLSearchParams({ status: changes.status ?? status });
    const c = changes.status === undefined ? (changes.cursor ?? '') : '';
    if (c) next.set('cursor', c);
    if (changes.status !== undefined) trail.reset();
    navigate(`/appeals?${next}`);
  };
  const list = useLoad(
    () =>
      api.get<{ items: Appeal[]; nextCursor: string | null }>('/appeals', {
        status: status === 'all' ? undefined : status,
        cursor: cursor || undefined,
        limit: 50,
      }),
    [status, cursor],
  );
  return (
    <section>
      <ScreenTitle>{t('appeals.console.title')}</ScreenTitle>
      <div className="toolbar">
        <SelectField
          id="appeal-status"
          label={t('appeals.console.status')}
          value={status}
          onChange={(e) => go({ status: e.target.value })}
        >
          {[...STATUSES, 'all' as const].map((s) => (
            <option key={s} value={s}>
              {t(`appeals.console.status.${s}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {list.error ? <ErrorMessage error={list.error} /> : null}
      {!list.data && !list.error ? <Loading /> : null}
      <ListTable
        label={t('appeals.console.title')}
        items={list.data?.items}
        empty={t('appeals.console.none')}
        head={
          <ColumnHeads
            labels={[
              '#',
              t('appeals.console.target'),
              t('appeals.console.received'),
              t('appeals.console.deadline'),
              t('appeals.console.matched'),
              t('appeals.console.status'),
            ]}
          />
        }
        row={(a) => (
          <tr key={a.id}>
            <td>
              <Link to={`/appeals/${a.id}`}>#{a.id}</Link>
            </td>
            <td>
              <Hostile className="url">{a.target.defanged}</Hostile>
            </td>
            <td>{formatTime(a.receivedAt)}</td>
            <td>
              {formatTime(a.deadline)}{' '}
              {a.overdue ? <StatusBadge status="overdue" label={t('appeals.console.overdue')} /> : null}
            </td>
            <td>{a.matchedAtReceipt > 0 ? a.matchedAtReceipt : t('appeals.console.unknown')}</td>
            <td>
              <StatusBadge status={a.status} label={t(`appeals.console.status.${a.status}`)} />
            </td>
          </tr>
        )}
      />
      {list.data ? (
        <CursorPager cursor={cursor} nextCursor={list.data.nextCursor} trail={trail} go={go} />
      ) : null}
    </section>
  );
}
