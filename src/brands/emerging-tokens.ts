/**
 * The tokens emerging-brand candidates are grouped by (emerging.ts): what an unattributed URL's host and
 * path, or an unattributed report's subject, sender and SMS text, could name. Tokens are lowercase; a token
 * that is a common word of phishing URLs and messages is never a candidate (COMMON_KEYWORDS, the words
 * below), so a candidate is a name worth an analyst's look, not 'login' or 'お知らせ'.
 */
import { parse as parseDomain } from 'tldts';
import { COMMON_KEYWORDS } from './brand-validation.ts';

export const TOKEN_KINDS = ['host', 'path', 'subject', 'sender', 'text'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Words of URLs and messages that name no brand (beyond the registry's COMMON_KEYWORDS). */
const STOP = new Set(
  (
    'index html htm php asp aspx jsp cgi bin assets static images image img css js json xml api ' +
    'wp-content wp-admin wp-includes content wordpress plugins themes uploads includes public private data files ' +
    'file download docs document documents page pages main default home new old test temp tmp cache ' +
    'auth2 signup register session token redirect return callback next continue' +
    ' ' +
    'mobile-login webmail2 cpanel amp http https www2 www1 mail2 smtp imap pop3 webdisk autodiscover ' +
    'dear your you our the and for with from this that please notice important urgent ' +
    'information confirm confirmation verification verify suspended suspend locked unlock limited ' +
    'message messages notification notifications alert alerts reminder invoice receipt order orders ' +
    'delivery package parcel refund tax billing bill payment account update login password reset ' +
    'customer service support team security center office noreply no-reply reply info admin ' +
    'mailer daemon postmaster contact sales hello news newsletter example localhost invalid'
  ).split(/\s+/),
);

/** Japanese words of phishing subjects that name no brand. */
const STOP_JA = new Set(
  (
    'お知らせ 重要 緊急 ご確認 確認 ご案内 案内 お客様 お客さま 本人確認 アカウント セキュリティ ' +
    'ログイン パスワード メール メールアドレス サービス ポイント カード クレジットカード 利用 ご利用 ' +
    'お支払い 支払い 請求 ご請求 未払い 料金 更新 情報 登録 変更 停止 制限 一時停止 利用停止 ' +
    'お届け 配達 不在 荷物 通知 ご連絡 連絡 至急 再設定 認証 会員 会員情報 キャンペーン プレゼント ' +
    'ユーザー システム センター サポート ネット インターネット オンライン ショッピング ストア'
  ).split(/\s+/),
);

/** Is `token` a common word (never a candidate)? Lowercase input. */
export function isCommonToken(token: string): boolean {
  return COMMON_KEYWORDS.has(token) || STOP.has(token) || STOP_JA.has(token);
}

const ASCII_WORD = /^[a-z][a-z0-9]*$/;

function keepAscii(t: string): boolean {
  // 4+ letters, not mostly digits, not punycode, not a hex or random-looking run of consonants.
  if (t.length < 4 || t.length > 30 || !ASCII_WORD.test(t)) return false;
  if (t.startsWith('xn')) return false;
  const digits = t.replace(/[^0-9]/g, '').length;
  if (digits * 2 > t.length) return false;
  if (!/[aeiouy]/.test(t)) return false;
  return !isCommonToken(t);
}

/** Host labels below the public suffix, split on '-' and '_' too; 'sbisec-login.example.cn' → sbisec, example. */
export function hostTokens(host: string): string[] {
  const p = parseDomain(host, { allowPrivateDomains: true });
  if (p.isIp) return [];
  const suffix = p.publicSuffix ?? '';
  const below = suffix && host.endsWith(`.${suffix}`) ? host.slice(0, -suffix.length - 1) : host;
  const out = new Set<string>();
  for (const label of below.toLowerCase().split('.')) {
    for (const part of label.split(/[-_]/)) if (keepAscii(part)) out.add(part);
  }
  return [...out];
}

/** Words of a path (ASCII letters and digits between separators); query and fragment ignored. */
export function pathTokens(path: string): string[] {
  const out = new Set<string>();
  const p = path.split(/[?#]/, 1)[0] ?? '';
  for (const w of p.toLowerCase().split(/[^a-z0-9]+/)) if (keepAscii(w)) out.add(w);
  return [...out];
}

const BRACKETED = /[【［[「『〔(（]([^】］\]」』〕)）]{2,30})[】］\]」』〕)）]/g;
const KATAKANA_RUN = /[\u30a0-\u30ffー]{3,20}/g;
const NAME_WITH_SUFFIX =
  /[\u4e00-\u9fffA-Za-z\u30a0-\u30ff]{1,12}(?:証券|銀行|カード|信金|信用金庫|生命|保険|電力|ガス|運輸|急便|郵便|市役所|県庁|税務署)/g;

/**
 * Words of a subject or SMS text that could be a name: what stands in brackets (【SBI証券】), a name ending
 * in a sector word (松井証券, ○○銀行), runs of katakana (マネックス), ASCII words of 4+ letters.
 */
export function textTokens(text: string): string[] {
  const s = text.normalize('NFKC').slice(0, 500);
  const out = new Set<string>();
  const add = (raw: string) => {
    const t = raw.trim().toLowerCase();
    if (t.length < 2 || isCommonToken(t)) return;
    if (/^[a-z0-9]+$/.test(t)) {
      if (keepAscii(t)) out.add(t);
      return;
    }
    if (/[\u3040-\u30ff\u4e00-\u9fff]/.test(t) && !/\s/.test(t)) out.add(t);
  };
  for (const m of s.matchAll(BRACKETED)) add(m[1]!);
  for (const m of s.matchAll(NAME_WITH_SUFFIX)) add(m[0]);
  for (const m of s.matchAll(KATAKANA_RUN)) add(m[0]);
  for (const w of s.toLowerCase().split(/[^a-z0-9]+/)) if (keepAscii(w)) out.add(w);
  return [...out];
}

/** The local part's words and the domain's labels of a sender address ('info@sbisec-jp.com' → sbisec). */
export function senderTokens(address: string): string[] {
  const a = address.trim().toLowerCase().replace(/^.*</, '').replace(/>.*$/, '');
  const at = a.lastIndexOf('@');
  if (at <= 0) return [];
  const out = new Set<string>();
  for (const w of a.slice(0, at).split(/[^a-z0-9]+/)) if (keepAscii(w)) out.add(w);
  for (const t of hostTokens(a.slice(at + 1))) out.add(t);
  return [...out];
}
