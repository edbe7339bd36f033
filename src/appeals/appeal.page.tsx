import { type PageContext, renderPage } from '../pages/layout.tsx';
import { formatJst } from '../takedowns/takedowns.templates.ts';
import { defang } from '../urls/index.ts';
import type { AppealReceipt } from './appeals.service.ts';

export type AppealFormValues = Partial<Record<'target' | 'contact_email' | 'statement', string>>;

/** The public appeal form: plain HTML, no script; what was typed comes back only as escaped text. */
export function renderAppealForm(
  ctx: PageContext,
  deadlineHours: number,
  values: AppealFormValues = {},
  error?: string,
): string {
  const { t, lang } = ctx;
  return renderPage(
    ctx,
    t('appeals.title'),
    <>
      <h1>{t('appeals.title')}</h1>
      <p>{t('appeals.intro', { hours: deadlineHours })}</p>
      {error ? (
        <p className="error" role="alert">
          {t('appeals.error', { message: error })}
        </p>
      ) : null}
      <form method="post" action={`/appeal?lang=${lang}`}>
        <input type="hidden" name="lang" value={lang} />
        <label htmlFor="target">{t('appeals.target')}</label>
        <input
          id="target"
          name="target"
          required
          maxLength={8192}
          autoComplete="off"
          aria-describedby="target-hint"
          defaultValue={values.target ?? ''}
        />
        <small id="target-hint">{t('appeals.target_hint')}</small>
        <label htmlFor="contact_email">{t('appeals.contact_email')}</label>
        <input
          id="contact_email"
          name="contact_email"
          type="email"
          required
          maxLength={320}
          defaultValue={values.contact_email ?? ''}
        />
        <label htmlFor="statement">{t('appeals.statement')}</label>
        <textarea
          id="statement"
          name="statement"
          rows={8}
          required
          maxLength={5000}
          defaultValue={values.statement ?? ''}
        />
        <p>
          <button type="submit" className="cta">
            {t('appeals.submit')}
          </button>
        </p>
      </form>
    </>,
  );
}

/** The answer to an appeal, shown right after it is stored (listed or not). The target is defanged text. */
export function renderAppealReceived(ctx: PageContext, receipt: AppealReceipt, target: string): string {
  const { t } = ctx;
  return renderPage(
    ctx,
    t('appeals.thanks.title'),
    <>
      <h1>{t('appeals.thanks.title')}</h1>
      <p>{t('appeals.thanks.number', { id: receipt.id })}</p>
      <p>
        {t('appeals.thanks.target')} <span className="defanged">{defang(target)}</span>
      </p>
      <p>{t('appeals.thanks.deadline', { time: formatJst(receipt.deadlineAt) })}</p>
      <p>{t(receipt.publiclyListed ? 'appeals.thanks.listed' : 'appeals.thanks.not_listed')}</p>
    </>,
  );
}
