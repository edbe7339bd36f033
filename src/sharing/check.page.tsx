import { neutraliseBidi } from '../../web/src/text/bidi.ts';
import { type PageContext, renderPage } from '../pages/layout.tsx';
import { defang } from '../urls/index.ts';
import type { CheckResult } from './check.ts';

/**
 * The public "check a URL" page: a GET form (works with JavaScript off) and the verdict. The checked URL
 * and any match are shown defanged, as text only (React escapes), never as links.
 */
export function renderCheckPage(
  ctx: PageContext,
  input: string,
  result: CheckResult | null,
  error: string | null,
) {
  const { t, lang } = ctx;
  return renderPage(
    ctx,
    t('sharing.check.title'),
    <>
      <h1>{t('sharing.check.title')}</h1>
      <p>{t('sharing.check.intro')}</p>
      <form method="get" action="/check">
        <input type="hidden" name="lang" value={lang} />
        <label htmlFor="url">{t('sharing.check.label')}</label>
        <input
          id="url"
          name="url"
          type="text"
          defaultValue={neutraliseBidi(input, 'percent')}
          maxLength={8192}
          autoComplete="off"
        />
        <p>
          <button type="submit">{t('sharing.check.submit')}</button>
        </p>
      </form>
      {error ? (
        <p className="error" role="alert">
          {t('sharing.check.invalid', { reason: neutraliseBidi(error) })}
        </p>
      ) : null}
      {result ? (
        <section aria-live="polite">
          <h2>{t('sharing.check.checked')}</h2>
          <p className="defanged" dir="ltr" data-verdict={result.verdict}>
            {neutraliseBidi(defang(result.canonical))}
          </p>
          <p className={result.verdict === 'phishing' ? 'error' : undefined}>
            <strong>{t(`sharing.check.${result.verdict}`)}</strong>
          </p>
          {result.matches.length ? (
            <>
              <h3>{t('sharing.check.matches')}</h3>
              <ul>
                {result.matches.map((m) => (
                  <li key={m.expression} className="defanged" dir="ltr">
                    {neutraliseBidi(defang(m.url))}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {result.verdict === 'phishing' ? (
            <p>
              <a href={`/appeal?lang=${lang}`}>{t('appeals.check_link')}</a>
            </p>
          ) : null}
          {result.verdict === 'unknown' ? (
            <p>
              <a className="cta" href={`/report?lang=${lang}`}>
                {t('sharing.check.report_cta')}
              </a>
            </p>
          ) : null}
        </section>
      ) : null}
    </>,
  );
}
