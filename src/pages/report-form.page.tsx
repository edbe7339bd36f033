import { REPORT_KINDS, type ReportKind } from '../reports/report.ts';
import { type PageContext, renderPage } from './layout.tsx';

export type ReportFormValues = Partial<
  Record<'kind' | 'content' | 'sender' | 'subject' | 'contact_email', string>
> & {
  consent_police?: boolean;
  consent_brand?: boolean;
  consent_outcome?: boolean;
};

/** The public report form: plain HTML, works without JavaScript, multipart for screenshots. */
export function renderReportForm(ctx: PageContext, values: ReportFormValues = {}, error?: string): string {
  const { t, lang } = ctx;
  const kind: ReportKind = (REPORT_KINDS as readonly string[]).includes(values.kind ?? '')
    ? (values.kind as ReportKind)
    : 'url';
  return renderPage(
    ctx,
    t('report.title'),
    <>
      <h1>{t('report.title')}</h1>
      <p>{t('report.intro')}</p>
      {error ? (
        <p className="error" role="alert">
          {t('report.error', { message: error })}
        </p>
      ) : null}
      <form method="post" action={`/report?lang=${lang}`} encType="multipart/form-data">
        <input type="hidden" name="lang" value={lang} />
        <fieldset>
          <legend>{t('report.kind')}</legend>
          {REPORT_KINDS.map((k) => (
            <label key={k} style={{ fontWeight: 'normal' }}>
              <input
                type="radio"
                name="kind"
                value={k}
                defaultChecked={k === kind}
                style={{ width: 'auto' }}
              />{' '}
              {t(`report.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        <label htmlFor="content">{t('report.content')}</label>
        <textarea id="content" name="content" rows={8} defaultValue={values.content ?? ''} />
        <label htmlFor="sender">{t('report.sender')}</label>
        <input id="sender" name="sender" maxLength={320} defaultValue={values.sender ?? ''} />
        <label htmlFor="subject">{t('report.subject')}</label>
        <input id="subject" name="subject" maxLength={1000} defaultValue={values.subject ?? ''} />
        <label htmlFor="attachments">{t('report.attachments')}</label>
        <input
          id="attachments"
          name="attachments"
          type="file"
          multiple
          accept="image/png,image/jpeg,image/gif,image/webp,.eml,message/rfc822"
        />
        <label htmlFor="contact_email">{t('report.contact_email')}</label>
        <input
          id="contact_email"
          name="contact_email"
          type="email"
          maxLength={320}
          defaultValue={values.contact_email ?? ''}
        />
        {(['consent_police', 'consent_brand'] as const).map((name) => (
          <label key={name} style={{ fontWeight: 'normal' }}>
            <input type="checkbox" name={name} defaultChecked={values[name]} style={{ width: 'auto' }} />{' '}
            {t(`report.${name}`)}
          </label>
        ))}
        <label style={{ fontWeight: 'normal' }}>
          <input
            type="checkbox"
            name="consent_outcome"
            defaultChecked={values.consent_outcome}
            style={{ width: 'auto' }}
          />{' '}
          {t('outcome.consent')}
        </label>
        <p>
          <button type="submit" className="cta">
            {t('report.submit')}
          </button>
        </p>
      </form>
      <p>
        {t('report.damage_hint')} <a href={`/victim?lang=${lang}`}>{t('victim.report_link')}</a>
      </p>
    </>,
  );
}

export function renderReportThanks(ctx: PageContext, reportId: string): string {
  const { t, lang } = ctx;
  return renderPage(
    ctx,
    t('report.thanks.title'),
    <>
      <h1>{t('report.thanks.title')}</h1>
      <p>{t('report.thanks.body')}</p>
      <p>
        {t('report.thanks.number')}: <strong id="report-number">{reportId}</strong>
      </p>
      <p>
        <a href={`/report/status/${reportId}?lang=${lang}`}>{t('report.thanks.status')}</a>
      </p>
      <p>
        <a href={`/report?lang=${lang}`}>{t('report.thanks.another')}</a>
      </p>
      <p>
        {t('report.damage_hint')} <a href={`/victim?lang=${lang}`}>{t('victim.report_link')}</a>
      </p>
    </>,
  );
}
