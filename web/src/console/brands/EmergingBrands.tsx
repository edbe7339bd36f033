import { useEffect, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { useAttempt } from '../attempt.ts';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { Link, navigate, withQuery } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import {
  CursorPager,
  ErrorMessage,
  Hostile,
  Loading,
  Notice,
  ScreenTitle,
  useCursorTrail,
  useLoad,
} from '../ui.tsx';
import { type BrandDraft, BrandForm } from './BrandForm.tsx';
import type { Candidate, CandidateRun, CandidatesPage, ChangeResult } from './types.ts';

/**
 * Emerging brands (GET /api/v1/brands/emerging): tokens shared by recent unattributed URLs and reports,
 * counted by a job the refresh button queues. "Add as a brand" opens the registry's create form prefilled
 * from the candidate; submitting it is the registry's own POST /api/v1/brands.
 */
export function EmergingBrands({ query }: ScreenProps) {
  const { t, formatTime } = useI18n();
  const cursor = query.get('cursor') ?? '';
  const trail = useCursorTrail();
  const page = useLoad(() => api.get<CandidatesPage>('/brands/emerging', { cursor, limit: 50 }), [cursor]);
  const [adding, setAdding] = useState<Candidate | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { error, attempt } = useAttempt();
  const latest = page.data?.latestRun ?? null;
  const pending = latest?.status === 'queued' || latest?.status === 'running';
  const { reload } = page;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [pending, reload]);

  const refresh = () =>
    attempt(async () => {
      const run = await api.post<CandidateRun>('/brands/emerging/refresh', {});
      setNotice(t('brands.emerging.queued', { id: run.id }));
      reload();
    });
  const create = (d: BrandDraft) =>
    attempt(async () => {
      const r = await api.post<ChangeResult>('/brands', d);
      setNotice(t('brands.emerging.added', { name: r.brand.nameJa, id: r.reattribution.id }));
      setAdding(null);
      reload();
    });
  const rejected = error instanceof ApiError ? error.details?.value : undefined;
  const run = page.data?.run ?? null;

  return (
    <section>
      <ScreenTitle
        actions={
          <button type="button" onClick={() => void refresh()} disabled={pending}>
            {pending ? t('brands.emerging.counting') : t('brands.emerging.refresh')}
          </button>
        }
      >
        {t('brands.emerging.title')}
      </ScreenTitle>
      <p className="muted">{t('brands.emerging.intro')}</p>
      <p>
        <Link to="/brands">{t('brands.title')}</Link>
      </p>
      <Notice>{notice}</Notice>
      <ErrorMessage error={error} />
      {typeof rejected === 'string' ? (
        <p className="error">
          <Hostile>{t('brands.rejected_value', { value: rejected })}</Hostile>
        </p>
      ) : null}
      {run ? (
        <p className="muted">
          {t('brands.emerging.run_summary', {
            at: formatTime(run.finishedAt ?? run.createdAt),
            from: formatTime(run.windowFrom),
            urls: run.urlsScanned,
            reports: run.reportsScanned,
          })}
        </p>
      ) : page.data ? (
        <p className="muted">{t('brands.emerging.never')}</p>
      ) : null}
      {latest?.status === 'failed' ? <p className="error">{t('brands.emerging.failed')}</p> : null}
      {adding ? (
        <section className="card" aria-label={t('brands.emerging.add')}>
          <BrandForm
            key={adding.token}
            initial={{ ...adding.suggestion, officialDomains: [] }}
            onSubmit={create}
          />
          <button type="button" onClick={() => setAdding(null)}>
            {t('brands.emerging.cancel')}
          </button>
        </section>
      ) : null}
      <ErrorMessage error={page.error} />
      {page.loading && !page.data ? <Loading /> : null}
      <ListTable
        label={t('brands.emerging.title')}
        items={page.data?.items}
        empty={t('brands.emerging.empty')}
        head={
          <ColumnHeads
            labels={[
              t('brands.emerging.col.token'),
              t('brands.emerging.col.kinds'),
              t('brands.emerging.col.counts'),
              t('brands.emerging.col.weeks'),
              t('brands.emerging.col.samples'),
              '',
            ]}
          />
        }
        row={(c) => (
          <tr key={c.token}>
            <td>
              <Hostile>{c.token}</Hostile>
            </td>
            <td>{c.kinds.map((k) => t(`brands.emerging.kind.${k}`)).join('、')}</td>
            <td>{t('brands.emerging.counts', { urls: c.urls, reports: c.reports, sites: c.sites })}</td>
            <td>
              <WeekBars weeks={c.weeks} />
            </td>
            <td>
              <ul className="plain">
                {c.samples.map((s) => (
                  <li key={s.text}>
                    <span className="muted">{t(`brands.emerging.kind.${s.kind}`)}: </span>
                    <Hostile>{s.text}</Hostile>
                  </li>
                ))}
              </ul>
            </td>
            <td>
              <button type="button" className="primary" onClick={() => setAdding(c)}>
                {t('brands.emerging.add')}
              </button>
            </td>
          </tr>
        )}
      />
      <CursorPager
        cursor={cursor}
        nextCursor={page.data?.nextCursor}
        trail={trail}
        go={(changes) => navigate(withQuery('/brands/emerging', changes), { replace: true })}
      />
    </section>
  );
}

/** URLs + reports per week, oldest first, as text a screen reader reads too. */
function WeekBars({ weeks }: { weeks: Candidate['weeks'] }) {
  const { t } = useI18n();
  // Weeks start on Monday 00:00 JST: the date in Japan.
  const jstDate = (iso: string) => new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 10);
  const max = Math.max(1, ...weeks.map((w) => w.urls + w.reports));
  return (
    <ol className="plain week-bars" aria-label={t('brands.emerging.col.weeks')}>
      {weeks.map((w) => (
        <li key={w.weekStart}>
          <span
            className="bar"
            style={{
              display: 'inline-block',
              width: `${(40 * (w.urls + w.reports)) / max}px`,
              height: '0.6em',
              background: 'currentColor',
            }}
          />{' '}
          {t('brands.emerging.week', { week: jstDate(w.weekStart), n: w.urls + w.reports })}
        </li>
      ))}
    </ol>
  );
}
