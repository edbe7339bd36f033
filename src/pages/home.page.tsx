import { type PageContext, renderPage } from './layout.tsx';

export function renderHome(ctx: PageContext): string {
  const { t, lang } = ctx;
  return renderPage(
    ctx,
    t('home.title'),
    <>
      <h1>{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
      <p>
        <a className="cta" href={`/report?lang=${lang}`}>
          {t('home.report_cta')}
        </a>
      </p>
    </>,
  );
}
