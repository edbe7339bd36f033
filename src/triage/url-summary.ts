import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';
import { defang } from '../urls/defang.ts';

export const URL_STATUSES = ['new', 'confirmed', 'benign', 'duplicate', 'needs_info', 'allowlisted'] as const;
export type UrlStatus = (typeof URL_STATUSES)[number];

export type BrandRef = { id: number; slug: string; nameJa: string; nameEn: string };

/** One URL as lists show it (triage queue, campaign pages). Every string is hostile data: escape it. */
export type UrlSummary = {
  id: number;
  canonical: string;
  defanged: string;
  host: string;
  domain: string | null;
  tld: string | null;
  features: string[];
  status: UrlStatus;
  brand: BrandRef | null;
  brandConfidence: number | null;
  firstSeen: string;
  lastSeen: string;
  reportCount: number;
  campaignId: number | null;
};

/** urls joined with what a summary shows; callers add filters, order and limit. */
export function selectUrlSummaries(k: Kysely<Database>) {
  return k
    .selectFrom('urls as u')
    .innerJoin('hosts as h', 'h.id', 'u.host_id')
    .leftJoin('domains as d', 'd.id', 'u.domain_id')
    .leftJoin('brands as b', 'b.id', 'u.brand_id')
    .leftJoin('campaign_urls as cu', 'cu.url_id', 'u.id')
    .select([
      'u.id',
      'u.canonical',
      'h.name as host',
      'd.name as domain',
      'u.tld',
      'u.features',
      'u.status',
      'u.brand_id',
      'b.slug as brand_slug',
      'b.name_ja as brand_name_ja',
      'b.name_en as brand_name_en',
      'u.brand_confidence',
      'u.first_seen',
      'u.last_seen',
      'u.report_count',
      'cu.campaign_id',
    ]);
}

export type UrlSummaryRow = {
  id: number;
  canonical: string;
  host: string;
  domain: string | null;
  tld: string | null;
  features: string;
  status: string;
  brand_id: number | null;
  brand_slug: string | null;
  brand_name_ja: string | null;
  brand_name_en: string | null;
  brand_confidence: number | null;
  first_seen: number;
  last_seen: number;
  report_count: number;
  campaign_id: number | null;
};

export function toUrlSummary(r: UrlSummaryRow): UrlSummary {
  return {
    id: r.id,
    canonical: r.canonical,
    defanged: defang(r.canonical),
    host: r.host,
    domain: r.domain,
    tld: r.tld,
    features: r.features ? r.features.split(',') : [],
    status: r.status as UrlStatus,
    brand:
      r.brand_id !== null
        ? {
            id: r.brand_id,
            slug: r.brand_slug ?? '',
            nameJa: r.brand_name_ja ?? '',
            nameEn: r.brand_name_en ?? '',
          }
        : null,
    brandConfidence: r.brand_confidence,
    firstSeen: new Date(r.first_seen).toISOString(),
    lastSeen: new Date(r.last_seen).toISOString(),
    reportCount: r.report_count,
    campaignId: r.campaign_id,
  };
}
