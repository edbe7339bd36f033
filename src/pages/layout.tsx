import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Lang } from '../../web/src/i18n/catalogue.ts';
import { type Translate, translator } from '../../web/src/i18n/translate.ts';

export type PageContext = { lang: Lang; t: Translate; path: string };

export function pageContext(lang: Lang, path: string): PageContext {
  return { lang, t: translator(lang), path };
}

const CSS = `body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;margin:0;color:#1a1a1a;line-height:1.7}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;border-bottom:1px solid #ddd}
nav a{margin-right:1rem}a{color:#0645ad}footer{color:#555;font-size:.9rem;border-top:1px solid #ddd}
.cta{display:inline-block;padding:.6rem 1.2rem;background:#b00020;color:#fff;border-radius:4px;text-decoration:none}
label{display:block;margin-top:1rem;font-weight:600}form small{display:block;margin-top:.25rem;color:#555}input,textarea,select{font:inherit;width:100%;max-width:40rem}
.error{color:#b00020}.defanged{font-family:monospace;word-break:break-all}`;

/**
 * Server-rendered public page. React escapes every string it renders, so attacker-controlled text can
 * only ever appear as text. No script is sent: public pages work with JavaScript off.
 */
export function renderPage(
  ctx: PageContext,
  title: string,
  body: ReactNode,
  options: { css?: string } = {},
): string {
  const { t, lang, path } = ctx;
  const other: Lang = lang === 'ja' ? 'en' : 'ja';
  const html = renderToStaticMarkup(
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${title} | ${t('app.name')}`}</title>
        <style>{CSS + (options.css ?? '')}</style>
      </head>
      <body>
        <header>
          <strong>
            <a href={`/?lang=${lang}`}>{t('app.name')}</a> — {t('app.tagline')}
          </strong>
          <nav>
            <a href={`/report?lang=${lang}`}>{t('nav.report')}</a>
            <a href={`/check?lang=${lang}`}>{t('nav.check')}</a>
            <a href={`/alerts?lang=${lang}`}>{t('alerts.list.title')}</a>
            <a href={`/guide?lang=${lang}`}>{t('alerts.nav.awareness')}</a>
            <a href={`/reports/monthly?lang=${lang}`}>{t('monthly.index.title')}</a>
            <a href={`/time-to-takedown?lang=${lang}`}>{t('survival.title')}</a>
            <a href={`${path}?lang=${other}`} hrefLang={other} lang={other}>
              {t('nav.language')}
            </a>
          </nav>
        </header>
        <main>{body}</main>
        <footer>
          {t('footer.about')} {/* A site owner who finds their site listed looks here first. */}
          <a href={`/appeal?lang=${lang}`}>{t('appeals.nav')}</a>
        </footer>
      </body>
    </html>,
  );
  return `<!doctype html>${html}`;
}
