import { hash } from 'node:crypto';
import type { BrandRegistry } from '../brands/brand-registry.ts';
import type { BrandRecord } from '../brands/brands.repository.ts';
import { analyzeUrl } from '../urls/analyze.ts';
import type { ObservedUrl } from './ingest.repository.ts';

/**
 * Turns a URL as reported into what we store: canonical form and its hash, host facts, features and the
 * brand. A brand label given by a trusted source (JPCERT/CC's description) wins; otherwise the URL's own
 * evidence decides, and no brand is better than a wrong one. Throws AppError for an unusable URL.
 */
export function observeUrl(
  input: string,
  ctx: {
    seenAt: number;
    threat: 'phishing' | 'malware';
    labelBrand: BrandRecord | null;
    sourceName: string;
    brands: BrandRegistry;
    /** The allowlist hook (src/triage): a URL on an allowlisted host lands as 'allowlisted', not 'new'. */
    allowlist?: IntakeAllowlist | null;
  },
): ObservedUrl {
  const a = analyzeUrl(input);
  const urlHash = hash('sha256', a.canonical, 'hex');
  let brandId: number | null = null;
  let brandConfidence: number | null = null;
  let brandEvidence: string | null = null;
  if (ctx.labelBrand) {
    brandId = ctx.labelBrand.id;
    brandConfidence = 1;
    brandEvidence = JSON.stringify([`label from source ${ctx.sourceName}`]);
  } else {
    const m = ctx.brands.matchUrl({ host: a.host, registrableDomain: a.registrableDomain, path: a.path });
    if (m) {
      brandId = m.id;
      brandConfidence = m.confidence;
      brandEvidence = JSON.stringify(m.evidence);
    }
  }
  return {
    urlHash,
    canonical: a.canonical,
    scheme: a.scheme,
    host: a.host,
    isIp: a.isIp,
    registrableDomain: a.registrableDomain,
    publicSuffix: a.publicSuffix,
    tld: a.tld,
    path: a.path,
    port: a.port,
    features: a.features.join(','),
    threat: ctx.threat,
    brandId,
    brandConfidence,
    brandEvidence,
    seenAt: ctx.seenAt,
    status: ctx.allowlist?.matches(a.host, a.path) ? 'allowlisted' : 'new',
  };
}

/** What intake asks of the allowlist: refreshed once per report or batch, then one lookup per URL. */
export type IntakeAllowlist = { ensureFresh(): Promise<void>; matches(host: string, path: string): boolean };
