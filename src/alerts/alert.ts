/**
 * The emergency alert (緊急情報) as the rest of phishdesk sees it, its workflow and the rules that are pure
 * functions: the public address, the title, the JST time stamp of status lines.
 */
export const ALERT_STATUSES = ['draft', 'in_review', 'published', 'updated', 'archived'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Statuses the public sees. */
export const PUBLIC_STATUSES: readonly AlertStatus[] = ['published', 'updated', 'archived'];

export type AlertAction = 'submit' | 'return' | 'publish' | 'update' | 'archive';

/** Which action is allowed from which status (the workflow draft → in_review → published → updated → archived). */
const TRANSITIONS: Record<AlertAction, { from: readonly AlertStatus[]; to: AlertStatus }> = {
  submit: { from: ['draft'], to: 'in_review' },
  return: { from: ['in_review'], to: 'draft' },
  publish: { from: ['in_review'], to: 'published' },
  update: { from: ['published', 'updated'], to: 'updated' },
  archive: { from: ['published', 'updated'], to: 'archived' },
};

/** The status after `action`, or null when the workflow does not allow it from `status`. */
export function nextStatus(status: AlertStatus, action: AlertAction): AlertStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

/** Content an analyst edits; ja is required, en optional. */
export type AlertContent = {
  titleJa: string;
  titleEn: string | null;
  summaryJa: string;
  summaryEn: string | null;
  adviceJa: string;
  adviceEn: string | null;
  subjects: string[];
  smsTexts: string[];
  fieldsAskedJa: string[];
  fieldsAskedEn: string[];
  /** Masked on the way in (maskUrl); never the live URL. */
  maskedUrls: string[];
};

export type AlertUpdate = {
  id: number;
  at: number;
  statusLineJa: string;
  statusLineEn: string | null;
  /** takedown and analyst lines say how the site is; a revision notes a public edit of the content. */
  source: 'takedown' | 'analyst' | 'revision';
  caseState: string | null;
};

export type AlertScreenshotInfo = { id: number; contentType: string; caption: string | null };

export type Alert = AlertContent & {
  id: number;
  slug: string | null;
  brand: { id: number; slug: string; nameJa: string; nameEn: string };
  campaignId: number | null;
  takedownCaseId: number | null;
  status: AlertStatus;
  authorId: number;
  reviewerId: number | null;
  createdAt: number;
  updatedAt: number;
  publishedAt: number | null;
  lastPublishedAt: number | null;
  archivedAt: number | null;
  updates: AlertUpdate[];
  screenshots: AlertScreenshotInfo[];
};

export function alertTitles(brand: { nameJa: string; nameEn: string }): { ja: string; en: string } {
  return { ja: `${brand.nameJa}をかたるフィッシング`, en: `Phishing impersonating ${brand.nameEn}` };
}

const JST_MS = 9 * 3600 * 1000;

function jstParts(ms: number) {
  const d = new Date(ms + JST_MS);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return {
    y: String(d.getUTCFullYear()),
    m: p2(d.getUTCMonth() + 1),
    d: p2(d.getUTCDate()),
    hh: p2(d.getUTCHours()),
    mm: p2(d.getUTCMinutes()),
  };
}

/** `2026/05/22 10:00` in Japan time, as alerts print it. */
export function formatJst(ms: number): string {
  const p = jstParts(ms);
  return `${p.y}/${p.m}/${p.d} ${p.hh}:${p.mm}`;
}

/** `2026/05/22` in Japan time. */
export function formatJstDate(ms: number): string {
  const p = jstParts(ms);
  return `${p.y}/${p.m}/${p.d}`;
}

/** `20260522`: the JST day of publication in the public address. */
export function jstDay(ms: number): string {
  const p = jstParts(ms);
  return `${p.y}${p.m}${p.d}`;
}

/** Start (inclusive) of a JST day given as YYYY-MM-DD, in ms; null when not a real date. */
export function jstDayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - JST_MS;
  return jstDay(ms) === `${m[1]}${m[2]}${m[3]}` ? ms : null;
}

/** `amazon-20260522`, then `amazon-20260522-2`, `-3` … avoiding every slug already taken. */
export function alertSlug(brandSlug: string, publishedAt: number, taken: ReadonlySet<string>): string {
  const base = `${brandSlug}-${jstDay(publishedAt)}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** What a status line says about the site; the takedown case's state is mapped onto one of these. */
export const SITE_STATES = ['live', 'takedown_requested', 'escalated', 'down', 'monitoring'] as const;
export type SiteState = (typeof SITE_STATES)[number];

const SITE_STATE_TEXT: Record<SiteState, { ja: string; en: string }> = {
  live: { ja: 'サイトは稼働中です', en: 'the site is live' },
  takedown_requested: {
    ja: 'サイトは稼働中で、閉鎖依頼を行っています',
    en: 'the site is live and a takedown has been requested',
  },
  escalated: {
    ja: 'サイトは稼働中で、関係機関を通じて閉鎖依頼を行っています',
    en: 'the site is live and the takedown request has been escalated',
  },
  down: { ja: 'サイトの停止を確認しています', en: 'the site has been confirmed to be down' },
  monitoring: {
    ja: 'サイトは停止していますが、類似のサイトが公開される可能性があるため監視を続けています',
    en: 'the site is down; similar sites may appear, so monitoring continues',
  },
};

/** The site status lines (revisions of the content are listed apart). */
export function statusLines<T extends { source: string }>(updates: readonly T[]): T[] {
  return updates.filter((u) => u.source !== 'revision');
}

/** The note kept when a published alert's content is edited. */
export function revisionLine(at: number): { ja: string; en: string } {
  const stamp = formatJst(at);
  return { ja: `${stamp} 内容を更新しました`, en: `${stamp} JST: content updated` };
}

/** 「2026/05/22 10:00 時点でサイトは稼働中で、閉鎖依頼を行っています」 and its English twin. */
export function statusLine(state: SiteState, at: number): { ja: string; en: string } {
  const stamp = formatJst(at);
  const text = SITE_STATE_TEXT[state];
  return { ja: `${stamp} 時点で${text.ja}`, en: `As of ${stamp} JST ${text.en}.` };
}
