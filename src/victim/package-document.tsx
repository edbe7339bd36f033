import { renderToStaticMarkup } from 'react-dom/server';
import { translator } from '../../web/src/i18n/translate.ts';
import type { PdfRenderer } from '../browser/pdf-renderer.ts';
import type { PolicePackage } from './police-package.ts';

const CSS = `body{font-family:"Noto Sans CJK JP","Noto Sans JP",sans-serif;font-size:10.5pt;line-height:1.6;margin:0;color:#000}
h1{font-size:16pt;margin:0 0 .5em}h2{font-size:12pt;border-bottom:1px solid #000;margin:1.2em 0 .4em}
.notice{border:2px solid #000;padding:.6em;font-weight:bold}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #555;padding:.3em .5em;vertical-align:top;text-align:left}th{width:22%;background:#eee}
.pre{white-space:pre-wrap;word-break:break-all}.url{font-family:monospace;word-break:break-all}img{max-width:100%;max-height:18cm}`;

/**
 * The package as a printable HTML document. React escapes every value; the URLs are plain text (never
 * links), screenshots are the victim's own images inlined as data: URLs.
 */
export function packageHtml(pkg: PolicePackage): string {
  const t = translator(pkg.lang);
  const rows: [string, string][] = [
    [t('victim.field.when'), pkg.when],
    [t('victim.field.where'), pkg.where],
    [t('victim.field.who'), pkg.who],
    [t('victim.field.what'), pkg.what],
    [t('victim.field.why'), pkg.why],
    [t('victim.field.how'), pkg.how],
  ];
  const consent = (v: boolean) => (v ? t('victim.pdf.yes') : t('victim.pdf.no'));
  return `<!doctype html>${renderToStaticMarkup(
    <html lang={pkg.lang}>
      <head>
        <meta charSet="utf-8" />
        <title>{t('victim.pdf.title')}</title>
        <style>{CSS}</style>
      </head>
      <body>
        <h1>{t('victim.pdf.title')}</h1>
        <p className="notice">{pkg.lang === 'en' ? pkg.notice.en : pkg.notice.ja}</p>
        <table>
          <tbody>
            <tr>
              <th>{t('victim.pdf.created')}</th>
              <td>{pkg.createdAt}</td>
            </tr>
            <tr>
              <th>{t('victim.field.prefecture')}</th>
              <td>
                {pkg.lang === 'en'
                  ? `${pkg.prefectureName.en} (${pkg.prefectureName.ja})`
                  : pkg.prefectureName.ja}
              </td>
            </tr>
            <tr>
              <th>{t('victim.field.kind')}</th>
              <td>{`${pkg.kindJa} (${t(`victim.kind.${pkg.kind}`)})`}</td>
            </tr>
            <tr>
              <th>{t('victim.pdf.package_id')}</th>
              <td>{pkg.id}</td>
            </tr>
          </tbody>
        </table>
        <h2>{t('victim.section.5w1h')}</h2>
        <table>
          <tbody>
            {rows.map(([k, v]) => (
              <tr key={k}>
                <th>{k}</th>
                <td className="pre">{v || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{t('victim.field.urls')}</h2>
        {pkg.urls.length ? (
          <ul>
            {pkg.urls.map((u) => (
              <li key={u} className="url">
                {u}
              </li>
            ))}
          </ul>
        ) : (
          <p>—</p>
        )}
        <h2>{t('victim.field.messages')}</h2>
        <p className="pre">{pkg.messages || '—'}</p>
        <h2>{t('victim.field.damage')}</h2>
        <p className="pre">{pkg.damage || '—'}</p>
        <h2>{t('victim.section.contact')}</h2>
        <table>
          <tbody>
            <tr>
              <th>{t('victim.field.contact_name')}</th>
              <td>{pkg.contact.name || '—'}</td>
            </tr>
            <tr>
              <th>{t('victim.field.contact_phone')}</th>
              <td>{pkg.contact.phone || '—'}</td>
            </tr>
            <tr>
              <th>{t('victim.field.contact_email')}</th>
              <td>{pkg.contact.email || '—'}</td>
            </tr>
            <tr>
              <th>{t('victim.field.consent_police')}</th>
              <td>{consent(pkg.consent.police)}</td>
            </tr>
            <tr>
              <th>{t('victim.field.consent_brand')}</th>
              <td>{consent(pkg.consent.brand)}</td>
            </tr>
          </tbody>
        </table>
        {pkg.screenshots.length ? (
          <>
            <h2>{t('victim.field.screenshots')}</h2>
            {pkg.screenshots.map((s, i) => (
              <p key={s.dataBase64.slice(0, 64) + String(i)}>
                <img
                  src={`data:${s.contentType};base64,${s.dataBase64}`}
                  alt={s.filename ?? `screenshot ${i + 1}`}
                />
              </p>
            ))}
          </>
        ) : null}
      </body>
    </html>,
  )}`;
}

/**
 * Prints the package to PDF on the shared document browser (scripts off, every network request refused,
 * so the document can only show what is inline); a package never changes, so its PDF is printed once
 * and then served from the renderer's cache.
 */
export function packagePdf(renderer: PdfRenderer, pkg: PolicePackage): Promise<Buffer> {
  return renderer.print(packageHtml(pkg), {
    margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' },
  });
}
