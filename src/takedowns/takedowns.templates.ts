import type { Lang } from '../../web/src/i18n/catalogue.ts';
import { translator } from '../../web/src/i18n/translate.ts';
import type { FormField } from '../capture/browser-capture.ts';
import { defang } from '../urls/defang.ts';
import { QUOTE_LIMITS, quotePageText } from './quote-page-text.ts';

export type RequestMail = { subject: string; text: string };

export type RequestFacts = {
  caseId: number;
  kind: 'request' | 'escalation';
  url: string;
  host: string;
  checkedAt: number;
  httpStatus: number | null;
  address: string | null;
  title: string | null;
  formFields: FormField[];
  brand: string | null;
  chain: string[];
  capture: { at: number; sha256: string } | null;
  requestedAt: number | null;
  organisation: string;
  baseUrl: string;
  /** The signed evidence bundle of this mail and where the operator's public key is published. */
  bundle?: { url: string; keyUrl: string } | null;
};

/** 2026/05/22 10:00 in Japan time, the form the Council's alerts and JPCERT/CC use. */
export function formatJst(ms: number): string {
  const d = new Date(ms + 9 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/**
 * Field names as people read them: the label when the page has one, else the name or type. The page
 * wrote them, so they are quoted (defanged, cleaned, capped) and only the first few are listed.
 */
export function describeFields(fields: readonly FormField[]): string[] {
  const out: string[] = [];
  for (const f of fields) {
    const raw = f.label ?? f.placeholder ?? f.name ?? f.type;
    const text = raw ? quotePageText(raw, QUOTE_LIMITS.label) : '';
    if (text && !out.includes(text)) out.push(text);
    if (out.length === QUOTE_LIMITS.fields) break;
  }
  return out;
}

/**
 * The takedown request (or escalation) in Japanese or English. Every URL and host in it is defanged,
 * those inside the page's own title and labels too: abuse desks forward these mails, and a live link to
 * a phishing site must never be one click away.
 */
export function renderRequest(lang: Lang, f: RequestFacts): RequestMail {
  const t = translator(lang);
  const time = formatJst(f.checkedAt);
  const subject = t(
    f.kind === 'escalation' ? 'takedowns.mail.subject_escalation' : 'takedowns.mail.subject',
    {
      host: defang(f.host),
      caseId: f.caseId,
    },
  );
  const lines = [
    t('takedowns.mail.greeting'),
    '',
    f.kind === 'escalation' && f.requestedAt !== null
      ? t('takedowns.mail.intro_escalation', {
          organisation: f.organisation,
          requestedAt: formatJst(f.requestedAt),
        })
      : t('takedowns.mail.intro', { organisation: f.organisation }),
    '',
    t('takedowns.mail.url', { url: defang(f.url) }),
    t('takedowns.mail.checked_at', { time }),
  ];
  if (f.httpStatus !== null) {
    lines.push(t('takedowns.mail.http', { status: f.httpStatus, address: f.address ?? '-' }));
  }
  const title = f.title ? quotePageText(f.title, QUOTE_LIMITS.title) : '';
  if (title) lines.push(t('takedowns.mail.title', { title }));
  const fields = describeFields(f.formFields);
  if (fields.length)
    lines.push(t('takedowns.mail.fields', { fields: fields.join(lang === 'ja' ? '、' : ', ') }));
  if (f.brand) lines.push(t('takedowns.mail.brand', { brand: f.brand }));
  if (f.chain.length > 1) lines.push(t('takedowns.mail.chain', { chain: f.chain.map(defang).join(' → ') }));
  lines.push('');
  lines.push(
    f.capture
      ? t('takedowns.mail.attachment', { time: formatJst(f.capture.at), sha256: f.capture.sha256 })
      : t('takedowns.mail.no_capture'),
  );
  if (f.bundle) lines.push(t('takedowns.mail.bundle', { url: f.bundle.url, keyUrl: f.bundle.keyUrl }));
  lines.push(
    '',
    t('takedowns.mail.reply'),
    '',
    '--',
    t('takedowns.mail.signature', { organisation: f.organisation, baseUrl: f.baseUrl }),
  );
  return { subject, text: `${lines.join('\n')}\n` };
}
