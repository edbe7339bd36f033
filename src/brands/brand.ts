/**
 * Types of the brand registry. A brand is what the monthly report counts as one "brand abused"; see the
 * merge rule at the top of seed.ts.
 */

/**
 * Sectors of the monthly report. The first twelve are the DOMAIN list; four were added because the
 * JPCERT/CC data has many brands that fit none of them and would otherwise swell 'other':
 * - payment: PayPay, PayPal, Paidy, Interac… (neither card issuers nor banks; ~1,200 rows, 20+ brands)
 * - it_service: cloud, mail, hosting and SaaS (Microsoft, Xserver, DocuSign, webmail software; 60+ brands)
 * - social: messaging and social networks (LINE, Facebook, LinkedIn, Telegram…)
 * - education: universities (about 30 brands, mostly webmail credential phishing)
 * Consumer lenders (アコム, プロミス) count as credit_card (the Council's クレジット・信販 group), the central
 * bank and tax/customs/postal regulators as government, insurers as other.
 */
export const SECTORS = [
  'ecommerce',
  'credit_card',
  'bank',
  'securities',
  'delivery',
  'telecom',
  'government',
  'utility',
  'transport',
  'entertainment',
  'crypto',
  'other',
  'payment',
  'it_service',
  'social',
  'education',
] as const;

export type Sector = (typeof SECTORS)[number];

export type BrandSeed = {
  /** Stable id, lowercase ASCII with hyphens. */
  slug: string;
  nameJa: string;
  nameEn: string;
  sector: Sector;
  /** Every spelling the brand is written under (JPCERT/CC labels, Japanese and English names). */
  aliases: string[];
  /**
   * Domains the brand itself operates (registrable domains, or a host such as 'jp-bank.japanpost.jp'
   * when the registrable domain is shared inside a group). A URL on one of them, or a subdomain, is the
   * real service, not phishing.
   */
  officialDomains: string[];
  /**
   * Lowercase ASCII evidence that a phishing URL's host or path imitates the brand:
   * - 'amazon': a keyword of 5+ characters matches anywhere inside a host label ('amazon-login', 'myamazon');
   * - a keyword of 4 characters or fewer ('au', 'jcb', 'epos'), or one written '=chase', matches only a
   *   whole token (labels split on '.', '-', '_'), so 'au' never matches 'australia' or 'beauty';
   * - 'eki-net' also matches 'ekinet' and 'eki.net';
   * - 'smbc+card': every part must occur in the host; it then outranks a brand that matched on 'smbc' alone
   *   (a group name plus the service word tells group companies apart).
   * A keyword listed by several brands is ambiguous on its own and decides nothing without other evidence.
   */
  keywords: string[];
};

export type BrandMatch = {
  slug: string;
  /**
   * 0..1. For URLs: how often attributions resting on the same kind of evidence named the right brand in
   * JPCERT/CC's labelled list (calibration.ts); 1 for an official domain. For e-mails: the matcher's score.
   */
  confidence: number;
  /** Human-readable reasons, strongest first. */
  evidence: string[];
  /** Set when the host (or the sender's domain) is one of the brand's official domains: the real service. */
  official?: true;
};
