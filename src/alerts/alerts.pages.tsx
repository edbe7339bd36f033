import type { Lang } from '../../web/src/i18n/catalogue.ts';
import { neutraliseBidi } from '../../web/src/text/bidi.ts';
import { type PageContext, renderPage } from '../pages/layout.tsx';
import { type Alert, formatJst, formatJstDate, statusLines } from './alert.ts';

const pick = (lang: Lang, ja: string, en: string | null) => (lang === 'en' && en ? en : ja);

/** Links every alerts page carries: the list, the feeds, the awareness pages and the victim's path. */
function AlertsNav({ ctx }: { ctx: PageContext }) {
  const { t, lang } = ctx;
  return (
    <nav aria-label={t('alerts.nav.label')}>
      <a href={`/alerts?lang=${lang}`}>{t('alerts.list.title')}</a>
      <a href={`/alerts/feed.atom?lang=${lang}`} type="application/atom+xml">
        Atom
      </a>
      <a href={`/alerts/feed.rss?lang=${lang}`} type="application/rss+xml">
        RSS
      </a>
      <a href={`/guide?lang=${lang}`}>{t('alerts.nav.awareness')}</a>
      <a href={`/victim?lang=${lang}`}>{t('alerts.nav.victim')}</a>
    </nav>
  );
}

export function SubscribeForm({ ctx }: { ctx: PageContext }) {
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="subscribe-heading">
      <h2 id="subscribe-heading">{t('alerts.subscribe.title')}</h2>
      <p>{t('alerts.subscribe.intro')}</p>
      <form method="post" action={`/alerts/subscribe?lang=${lang}`}>
        <input type="hidden" name="lang" value={lang} />
        <label htmlFor="subscribe-email">{t('alerts.subscribe.email')}</label>
        <input id="subscribe-email" name="email" type="email" required maxLength={320} autoComplete="email" />
        <p>
          <button type="submit">{t('alerts.subscribe.submit')}</button>
        </p>
      </form>
    </section>
  );
}

export type ListFilters = { brand?: string; from?: string; to?: string; page: number };

export function renderAlertList(
  ctx: PageContext,
  alerts: Alert[],
  brands: { slug: string; nameJa: string; nameEn: string }[],
  filters: ListFilters,
  hasMore: boolean,
): string {
  const { t, lang } = ctx;
  const query = (page: number) => {
    const q = new URLSearchParams({ lang });
    if (filters.brand) q.set('brand', filters.brand);
    if (filters.from) q.set('from', filters.from);
    if (filters.to) q.set('to', filters.to);
    q.set('page', String(page));
    return `/alerts?${q.toString()}`;
  };
  return renderPage(
    ctx,
    t('alerts.list.title'),
    <>
      <AlertsNav ctx={ctx} />
      <h1>{t('alerts.list.title')}</h1>
      <p>{t('alerts.list.intro')}</p>
      <form method="get" action="/alerts" aria-label={t('alerts.list.filter')}>
        <input type="hidden" name="lang" value={lang} />
        <label htmlFor="filter-brand">{t('alerts.list.brand')}</label>
        <select id="filter-brand" name="brand" defaultValue={filters.brand ?? ''}>
          <option value="">{t('alerts.list.all_brands')}</option>
          {brands.map((b) => (
            <option key={b.slug} value={b.slug}>
              {pick(lang, b.nameJa, b.nameEn)}
            </option>
          ))}
        </select>
        <label htmlFor="filter-from">{t('alerts.list.from')}</label>
        <input id="filter-from" name="from" type="date" defaultValue={filters.from ?? ''} />
        <label htmlFor="filter-to">{t('alerts.list.to')}</label>
        <input id="filter-to" name="to" type="date" defaultValue={filters.to ?? ''} />
        <p>
          <button type="submit">{t('alerts.list.apply')}</button>
        </p>
      </form>
      {alerts.length === 0 ? (
        <p>{t('alerts.list.empty')}</p>
      ) : (
        <ul className="alert-list">
          {alerts.map((a) => (
            <li key={a.id}>
              <time dateTime={new Date(a.publishedAt ?? a.createdAt).toISOString()}>
                {formatJstDate(a.publishedAt ?? a.createdAt)}
              </time>{' '}
              <a href={`/alerts/${a.slug}?lang=${lang}`}>{pick(lang, a.titleJa, a.titleEn)}</a>{' '}
              {a.status === 'updated' ? <span>({t('alerts.status.updated')})</span> : null}
              {a.status === 'archived' ? <span>({t('alerts.status.archived')})</span> : null}
            </li>
          ))}
        </ul>
      )}
      <p>
        {filters.page > 1 ? <a href={query(filters.page - 1)}>{t('alerts.list.newer')}</a> : null}{' '}
        {hasMore ? <a href={query(filters.page + 1)}>{t('alerts.list.older')}</a> : null}
      </p>
      <SubscribeForm ctx={ctx} />
    </>,
  );
}

export function renderAlertPage(ctx: PageContext, a: Alert): string {
  const { t, lang } = ctx;
  const title = pick(lang, a.titleJa, a.titleEn);
  const fields = lang === 'en' && a.fieldsAskedEn.length ? a.fieldsAskedEn : a.fieldsAskedJa;
  const updates = statusLines(a.updates).reverse();
  const revisions = a.updates.filter((u) => u.source === 'revision').reverse();
  return renderPage(
    ctx,
    title,
    <article>
      <AlertsNav ctx={ctx} />
      <h1>{title}</h1>
      <p>
        {t('alerts.page.published', { at: formatJst(a.publishedAt ?? a.createdAt) })}
        {a.lastPublishedAt && a.lastPublishedAt !== a.publishedAt
          ? ` / ${t('alerts.page.last_updated', { at: formatJst(a.lastPublishedAt) })}`
          : ''}
      </p>
      {a.status === 'archived' ? <p role="note">{t('alerts.page.archived_note')}</p> : null}
      {lang === 'en' && !a.summaryEn ? <p lang="en">{t('alerts.page.ja_only')}</p> : null}
      <h2>{t('alerts.page.summary')}</h2>
      <p style={{ whiteSpace: 'pre-wrap' }}>{pick(lang, a.summaryJa, a.summaryEn)}</p>
      {a.subjects.length ? (
        <>
          <h2>{t('alerts.page.subjects')}</h2>
          <ul>
            {a.subjects.map((s) => (
              <li key={s} lang="ja">
                {s}
              </li>
            ))}
          </ul>
          <p>{t('alerts.page.other_wording')}</p>
        </>
      ) : null}
      {a.smsTexts.length ? (
        <>
          <h2>{t('alerts.page.sms')}</h2>
          {a.smsTexts.map((s) => (
            <blockquote key={s} style={{ whiteSpace: 'pre-wrap' }} lang="ja">
              {s}
            </blockquote>
          ))}
        </>
      ) : null}
      {a.screenshots.length ? (
        <>
          <h2>{t('alerts.page.screenshots')}</h2>
          {a.screenshots.map((s, i) => (
            <figure key={s.id}>
              <img
                src={`/alerts/screenshots/${s.id}`}
                alt={s.caption ?? t('alerts.page.screenshot_alt', { n: i + 1, title })}
                loading="lazy"
                style={{ maxWidth: '100%', border: '1px solid #ccc' }}
              />
              {s.caption ? <figcaption>{s.caption}</figcaption> : null}
            </figure>
          ))}
        </>
      ) : null}
      <h2>{t('alerts.page.details')}</h2>
      <ol>
        <li>
          <strong>{t('alerts.page.status')}</strong>
          {updates.length ? (
            <ul className="status-lines">
              {updates.map((u) => (
                <li key={u.id}>{pick(lang, u.statusLineJa, u.statusLineEn)}</li>
              ))}
            </ul>
          ) : (
            <p>{t('alerts.page.no_status')}</p>
          )}
          <p>{t('alerts.page.similar_warning')}</p>
        </li>
        {fields.length ? (
          <li>
            <strong>{t('alerts.page.fields')}</strong>
            <ul>
              {fields.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </li>
        ) : null}
        <li>
          <strong>{t('alerts.page.advice')}</strong>
          <p style={{ whiteSpace: 'pre-wrap' }}>
            {pick(lang, a.adviceJa, a.adviceEn) || t('alerts.page.default_advice')}
          </p>
        </li>
        <li>
          <strong>{t('alerts.page.filtering')}</strong>
          <p>{t('alerts.page.filtering_text')}</p>
        </li>
      </ol>
      <p>
        {t('alerts.page.report_request')} <a href={`/report?lang=${lang}`}>{t('nav.report')}</a>
      </p>
      {a.maskedUrls.length ? (
        <>
          <h2>{t('alerts.page.urls')}</h2>
          <ul>
            {a.maskedUrls.map((u) => (
              <li key={u} className="defanged" dir="ltr">
                {neutraliseBidi(u)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {revisions.length ? (
        <>
          <h2>{t('alerts.page.history')}</h2>
          <ul>
            {revisions.map((u) => (
              <li key={u.id}>{pick(lang, u.statusLineJa, u.statusLineEn)}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        {t('alerts.page.victim_hint')} <a href={`/victim?lang=${lang}`}>{t('alerts.nav.victim')}</a>
      </p>
      <SubscribeForm ctx={ctx} />
    </article>,
  );
}

/** A short page with a message and, when given, one button posting a hidden token (confirm/unsubscribe). */
export function renderMessagePage(
  ctx: PageContext,
  title: string,
  message: string,
  form?: { action: string; token: string; button: string },
): string {
  return renderPage(
    ctx,
    title,
    <>
      <h1>{title}</h1>
      <p>{message}</p>
      {form ? (
        <form method="post" action={form.action}>
          <input type="hidden" name="token" value={form.token} />
          <p>
            <button type="submit">{form.button}</button>
          </p>
        </form>
      ) : null}
      <p>
        <a href={`/alerts?lang=${ctx.lang}`}>{ctx.t('alerts.list.title')}</a>
      </p>
    </>,
  );
}
