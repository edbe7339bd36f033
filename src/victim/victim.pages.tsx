import { type PageContext, renderPage } from '../pages/layout.tsx';
import { PACKAGE_NOTICE, REQUEST_KINDS } from './police-package.ts';
import { PREFECTURES } from './prefectures.ts';

export type VictimFormValues = Partial<Record<string, string>>;

const TEXTAREAS = ['when', 'where', 'who', 'what', 'why', 'how'] as const;

/** The victim's path: first what to do right now, then the police package form (works without script). */
export function renderVictimPage(ctx: PageContext, values: VictimFormValues = {}, error?: string): string {
  const { t, lang } = ctx;
  const inline = { width: 'auto' } as const;
  return renderPage(
    ctx,
    t('victim.title'),
    <>
      <h1>{t('victim.title')}</h1>
      <p>{t('victim.intro')}</p>
      <h2>{t('victim.steps.title')}</h2>
      <ol>
        <li>{t('victim.steps.bank')}</li>
        <li>{t('victim.steps.passwords')}</li>
        <li>{t('victim.steps.evidence')}</li>
        <li>{t('victim.steps.police')}</li>
        <li>
          <strong>{t('victim.steps.emergency')}</strong>
        </li>
      </ol>
      <p role="note">
        <strong>{lang === 'en' ? PACKAGE_NOTICE.en : PACKAGE_NOTICE.ja}</strong>
      </p>
      <h2 id="package-heading">{t('victim.form.title')}</h2>
      <p>{t('victim.form.intro')}</p>
      {error ? (
        <p className="error" role="alert">
          {t('victim.form.error', { message: error })}
        </p>
      ) : null}
      <form
        method="post"
        action={`/victim?lang=${lang}`}
        encType="multipart/form-data"
        aria-labelledby="package-heading"
      >
        <input type="hidden" name="lang" value={lang} />
        <label htmlFor="prefecture">{t('victim.field.prefecture')}</label>
        <select id="prefecture" name="prefecture" required defaultValue={values.prefecture ?? ''}>
          <option value="">{t('victim.field.prefecture_choose')}</option>
          {PREFECTURES.map((p) => (
            <option key={p.code} value={p.code}>
              {lang === 'en' ? p.en : p.ja}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{t('victim.field.kind')}</legend>
          {REQUEST_KINDS.map((k) => (
            <label key={k} style={{ fontWeight: 'normal' }}>
              <input
                type="radio"
                name="kind"
                value={k}
                defaultChecked={(values.kind ?? 'consultation') === k}
                style={inline}
              />{' '}
              {t(`victim.kind.${k}`)} — {t(`victim.kind.${k}.hint`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('victim.section.5w1h')}</legend>
          {TEXTAREAS.map((name) => (
            <div key={name}>
              <label htmlFor={`f-${name}`}>{t(`victim.field.${name}`)}</label>
              <textarea
                id={`f-${name}`}
                name={name}
                rows={name === 'what' || name === 'how' ? 4 : 2}
                required={name === 'what'}
                defaultValue={values[name] ?? ''}
              />
            </div>
          ))}
        </fieldset>
        <label htmlFor="f-urls">{t('victim.field.urls')}</label>
        <textarea id="f-urls" name="urls" rows={3} defaultValue={values.urls ?? ''} />
        <label htmlFor="f-messages">{t('victim.field.messages')}</label>
        <textarea id="f-messages" name="messages" rows={5} defaultValue={values.messages ?? ''} />
        <label htmlFor="f-screenshots">{t('victim.field.screenshots')}</label>
        <input
          id="f-screenshots"
          name="screenshots"
          type="file"
          multiple
          accept="image/png,image/jpeg,image/gif,image/webp"
        />
        <label htmlFor="f-damage">{t('victim.field.damage')}</label>
        <textarea id="f-damage" name="damage" rows={3} defaultValue={values.damage ?? ''} />
        <fieldset>
          <legend>{t('victim.section.contact')}</legend>
          <label htmlFor="f-contact-name">{t('victim.field.contact_name')}</label>
          <input
            id="f-contact-name"
            name="contact_name"
            autoComplete="name"
            maxLength={200}
            defaultValue={values.contact_name ?? ''}
          />
          <label htmlFor="f-contact-phone">{t('victim.field.contact_phone')}</label>
          <input
            id="f-contact-phone"
            name="contact_phone"
            type="tel"
            autoComplete="tel"
            maxLength={50}
            defaultValue={values.contact_phone ?? ''}
          />
          <label htmlFor="f-contact-email">{t('victim.field.contact_email')}</label>
          <input
            id="f-contact-email"
            name="contact_email"
            type="email"
            autoComplete="email"
            maxLength={320}
            defaultValue={values.contact_email ?? ''}
          />
        </fieldset>
        {(['consent_police', 'consent_brand'] as const).map((name) => (
          <label key={name} style={{ fontWeight: 'normal' }}>
            <input type="checkbox" name={name} defaultChecked={values[name] === 'on'} style={inline} />{' '}
            {t(`victim.field.${name}`)}
          </label>
        ))}
        <p>
          <button type="submit" className="cta">
            {t('victim.form.submit')}
          </button>
        </p>
      </form>
    </>,
  );
}

export function renderPackageReady(ctx: PageContext, id: string): string {
  const { t, lang } = ctx;
  return renderPage(
    ctx,
    t('victim.ready.title'),
    <>
      <h1>{t('victim.ready.title')}</h1>
      <p>{t('victim.ready.body')}</p>
      <ul>
        <li>
          <a href={`/victim/package/${id}.pdf`} download>
            {t('victim.ready.pdf')}
          </a>
        </li>
        <li>
          <a href={`/victim/package/${id}.json`} download>
            {t('victim.ready.json')}
          </a>
        </li>
      </ul>
      <p role="note">
        <strong>{lang === 'en' ? PACKAGE_NOTICE.en : PACKAGE_NOTICE.ja}</strong>
      </p>
      <p>{t('victim.ready.keep')}</p>
      <p>
        <a href={`/victim?lang=${lang}`}>{t('victim.title')}</a>
      </p>
    </>,
  );
}
