import type { Translate } from '../../i18n/translate.ts';

/** Shapes of the triage API (src/triage/README.md). Every string in them may be attacker-controlled. */
export type Brand = { id: number; slug: string; nameJa: string; nameEn: string };
export type UrlStatus = 'new' | 'confirmed' | 'benign' | 'duplicate' | 'needs_info' | 'allowlisted';
export type Verdict = 'confirmed' | 'benign' | 'duplicate' | 'needs_info';

export type UrlSummary = {
  id: number;
  canonical: string;
  defanged: string;
  host: string;
  domain: string | null;
  tld: string | null;
  features: string[];
  status: UrlStatus;
  brand: Brand | null;
  brandConfidence: number | null;
  firstSeen: string;
  lastSeen: string;
  reportCount: number;
  campaignId: number | null;
};

/** Why a queue item is high (src/triage/priority.ts), strongest first; staff only. */
export type PriorityReason =
  | { code: 'rule'; ruleId: string; ruleVersion: number; value: number }
  | { code: 'live' }
  | { code: 'reporters'; count: number }
  | { code: 'brand' };

export type QueueSort = 'priority' | 'newest';
export type QueueItem = UrlSummary & { priority?: { score: number; reasons: PriorityReason[] } };

export type ReportRef = {
  id: number;
  externalId: string;
  kind: 'url' | 'email' | 'sms' | 'text' | 'feed';
  status: string;
  source: { id: number; name: string; kind: string };
  receivedAt: string;
  reportedAt: string;
  brandLabel: string | null;
  tlp: string | null;
  subject: string | null;
  sender: string | null;
  text: string | null;
};

export type AllowlistEntry = {
  id: number;
  kind: 'domain' | 'host' | 'path';
  value: string;
  reason: string;
  source: 'official' | 'analyst' | 'brand';
  brandId: number | null;
  addedBy: number | null;
  at: string;
};

export type UrlDetail = UrlSummary & {
  scheme: string;
  path: string;
  threat: string;
  brandEvidence: string[];
  allowlisted: AllowlistEntry | null;
  campaign: { id: number; name: string; status: string } | null;
  reports: ReportRef[];
  reportsTotal: number;
  sources: { id: number; name: string; kind: string; reports: number }[];
};

export type HistoryItem = {
  kind: 'verdict' | 'brand_correction' | 'audit';
  at: string;
  actor: { id: number; name: string | null } | null;
  from: string | null;
  to: string | null;
  reason: string | null;
  action?: string;
};

export type TriageFilters = {
  statuses: UrlStatus[];
  verdicts: Verdict[];
  features: string[];
  sources: { id: number; name: string; kind: string }[];
  brands: Brand[];
};

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Allowed verdicts from each status (the server checks again: 409 triage.invalid_transition). */
export const TRANSITIONS: Record<UrlStatus, readonly Verdict[]> = {
  new: ['confirmed', 'benign', 'duplicate', 'needs_info'],
  needs_info: ['confirmed', 'benign', 'duplicate'],
  confirmed: ['benign', 'duplicate'],
  benign: ['confirmed'],
  duplicate: ['confirmed', 'benign'],
  allowlisted: ['confirmed', 'benign'],
};

const STATUSES: readonly string[] = ['new', 'confirmed', 'benign', 'duplicate', 'needs_info', 'allowlisted'];

/** A URL status in words; anything else (a value from another module) as it is. */
export function statusLabel(t: Translate, status: string | null): string {
  if (status === null) return '—';
  return STATUSES.includes(status) ? t(`triage.status.${status as UrlStatus}`) : status;
}

export function brandName(brand: Brand | null | undefined, lang: 'ja' | 'en'): string | null {
  if (!brand) return null;
  return lang === 'ja' ? brand.nameJa : brand.nameEn;
}
