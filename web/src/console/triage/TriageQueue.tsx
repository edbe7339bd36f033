import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { navigate, withQuery } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { isStaffRole, useMe } from '../session.tsx';
import {
  CursorPager,
  ErrorMessage,
  Loading,
  Notice,
  ScreenTitle,
  StatusBadge,
  useCursorTrail,
  useLoad,
} from '../ui.tsx';
import { featureLabel } from './features.ts';
import { KeyHints, useListKeys } from './keys.tsx';
import { PriorityReasons } from './PriorityReasons.tsx';
import { FILTER_KEYS, type FilterKey, TriageFilterForm } from './TriageFilterForm.tsx';
import {
  brandName,
  type Page,
  type QueueItem,
  TRANSITIONS,
  type TriageFilters,
  type UrlSummary,
  type Verdict,
} from './types.ts';
import { UrlRowStart } from './UrlRowStart.tsx';
import { VerdictDialog } from './VerdictDialog.tsx';

/**
 * The triage queue (GET /api/v1/triage/urls): staff open it on new URLs by priority (with why each is
 * high), newest first a choice away; filters, order and search kept in the URL, bulk verdicts from the
 * keyboard. Brand users get the same list read-only, limited by the server to their brands.
 */
export function TriageQueue({ query }: ScreenProps) {
  const { t, lang } = useI18n();
  const me = useMe();
  const staff = isStaffRole(me.role);
  const basePath = staff ? '/triage' : '/urls';
  // The queue opens on new URLs; `status=all` shows every status.
  const filters = useMemo(() => {
    const f = {} as Record<FilterKey, string>;
    for (const key of FILTER_KEYS) f[key] = query.get(key) ?? '';
    if (!query.has('status') && staff) f.status = 'new';
    // The server's default order too: the staff's queue of new URLs by priority, other views newest first.
    if (!query.has('sort') && staff) f.sort = f.status === 'new' ? 'priority' : 'newest';
    return f;
  }, [query, staff]);
  const cursor = query.get('cursor') ?? '';
  const queryString = query.toString();

  const options = useLoad(() => api.get<TriageFilters>('/triage/filters'), []);
  const list = useLoad(
    () =>
      api.get<Page<QueueItem>>('/triage/urls', {
        ...filters,
        status: filters.status === 'all' ? '' : filters.status,
        cursor,
        limit: 50,
      }),
    [queryString],
  );
  const items = list.data?.items ?? [];

  const [focus, setFocus] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [pending, setPending] = useState<{ verdict: Verdict; ids: number[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const trail = useCursorTrail();
  const searchRef = useRef<HTMLInputElement>(null);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);

  // A new page of results resets focus and selection in the same render that shows it (not in an effect
  // after paint, when a key pressed on the new rows would have its selection wiped a moment later).
  const [shownData, setShownData] = useState(list.data);
  if (shownData !== list.data) {
    setShownData(list.data);
    setFocus(0);
    setSelected(new Set());
  }
  useEffect(() => {
    rowRefs.current[focus]?.scrollIntoView({ block: 'nearest' });
  }, [focus]);

  const setFilter = (changes: Partial<Record<FilterKey | 'cursor', string>>) => {
    const next: Record<string, string> = { ...filters, cursor: '', ...changes };
    if (!('cursor' in changes)) trail.reset();
    navigate(withQuery(basePath, next), { replace: true });
  };

  const targets = useCallback((): UrlSummary[] => {
    if (selected.size > 0) return items.filter((u) => selected.has(u.id));
    const row = items[focus];
    return row ? [row] : [];
  }, [items, selected, focus]);

  const startVerdict = useCallback(
    (verdict: Verdict) => {
      if (!staff) return;
      const rows = targets();
      if (rows.length === 0) return;
      const blocked = rows.filter((u) => !TRANSITIONS[u.status].includes(verdict));
      if (blocked.length > 0) {
        setNotice(null);
        setActionError(
          new Error(
            t('triage.verdict.not_allowed', {
              verdict: t(`triage.status.${verdict}`),
              count: blocked.length,
            }),
          ),
        );
        return;
      }
      setActionError(null);
      setPending({ verdict, ids: rows.map((u) => u.id) });
    },
    [staff, targets, t],
  );

  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  useListKeys(
    {
      next: () => setFocus((f) => Math.min(f + 1, Math.max(items.length - 1, 0))),
      prev: () => setFocus((f) => Math.max(f - 1, 0)),
      toggle: () => items[focus] && toggle(items[focus]!.id),
      selectAll: () =>
        setSelected((s) => (s.size === items.length ? new Set() : new Set(items.map((u) => u.id)))),
      clear: () => setSelected(new Set()),
      open: () => items[focus] && navigate(`/urls/${items[focus]!.id}`),
      search: () => searchRef.current?.focus(),
      verdict: staff ? startVerdict : undefined,
    },
    pending === null,
  );

  const submitVerdict = async (input: { reason: string; allowlist?: { scope: 'host' | 'domain' } }) => {
    if (!pending) return;
    const result = await api.post<{ updated: { id: number; to: string; campaignId: number | null }[] }>(
      '/triage/urls/verdicts',
      { ids: pending.ids, status: pending.verdict, ...input },
    );
    setPending(null);
    setActionError(null);
    setNotice(
      t('triage.verdict.done', {
        count: result.updated.length,
        verdict: t(`triage.status.${pending.verdict}`),
      }),
    );
    list.reload();
  };

  const title = staff ? t('triage.title') : t('triage.brand_title');
  const focusedTarget = targets();

  return (
    <section>
      <ScreenTitle>{title}</ScreenTitle>
      <TriageFilterForm
        filters={filters}
        options={options.data}
        staff={staff}
        searchRef={searchRef}
        onChange={setFilter}
      />

      {staff ? (
        <>
          <KeyHints />
          <div className="toolbar" role="toolbar" aria-label={t('triage.actions')}>
            <span className="muted" aria-live="polite">
              {selected.size > 0 ? t('triage.selected', { count: selected.size }) : t('triage.focused_hint')}
            </span>
            {(['confirmed', 'benign', 'duplicate', 'needs_info'] as const).map((v) => (
              <button
                key={v}
                type="button"
                className={v === 'confirmed' ? 'primary' : undefined}
                disabled={focusedTarget.length === 0}
                onClick={() => startVerdict(v)}
              >
                {t(`triage.action.${v}`)}
              </button>
            ))}
          </div>
        </>
      ) : null}
      <Notice>{notice}</Notice>
      <ErrorMessage error={actionError} />
      <ErrorMessage error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      <ListTable
        label={title}
        items={list.data ? items : undefined}
        empty={t('triage.empty')}
        head={
          <>
            {staff ? (
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label={t('triage.select_all')}
                  checked={selected.size === items.length}
                  onChange={() =>
                    setSelected((s) =>
                      s.size === items.length ? new Set() : new Set(items.map((u) => u.id)),
                    )
                  }
                />
              </th>
            ) : null}
            <ColumnHeads
              labels={[
                t('triage.col.first_seen'),
                t('triage.col.url'),
                t('triage.col.brand'),
                t('triage.col.status'),
                t('triage.col.reports'),
                t('triage.col.features'),
                ...(staff ? [t('triage.col.priority')] : []),
              ]}
            />
          </>
        }
        row={(u, i) => (
          <tr
            key={u.id}
            ref={(el) => {
              rowRefs.current[i] = el;
            }}
            className={[i === focus ? 'focused' : '', selected.has(u.id) ? 'selected' : ''].join(' ').trim()}
            aria-selected={staff ? selected.has(u.id) : undefined}
            aria-current={i === focus ? 'true' : undefined}
            data-url-id={u.id}
            onClick={() => setFocus(i)}
          >
            <UrlRowStart url={u} staff={staff} selected={selected.has(u.id)} onToggle={() => toggle(u.id)} />
            <td>{brandName(u.brand, lang) ?? <span className="muted">{t('console.none')}</span>}</td>
            <td>
              <StatusBadge status={u.status} label={t(`triage.status.${u.status}`)} />
            </td>
            <td>{u.reportCount}</td>
            <td>{u.features.map((f) => featureLabel(t, f)).join(lang === 'ja' ? '、' : ', ')}</td>
            {staff ? (
              <td>
                <PriorityReasons reasons={u.priority?.reasons} />
              </td>
            ) : null}
          </tr>
        )}
      />
      <CursorPager
        cursor={cursor}
        nextCursor={list.data?.nextCursor}
        trail={trail}
        go={setFilter}
        canGoBack={trail.hasPrevious || cursor !== ''}
      />
      {pending ? (
        <VerdictDialog
          verdict={pending.verdict}
          count={pending.ids.length}
          onSubmit={submitVerdict}
          onClose={() => setPending(null)}
        />
      ) : null}
    </section>
  );
}
