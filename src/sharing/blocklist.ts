/**
 * Plain blocklists (one entry a line) of shared URLs and of their registrable domains. A domain list is
 * dangerous when it names a domain shared by many parties, so a domain is left out when it is protected:
 * a free/cloud hosting, short-URL or dynamic-DNS zone or a parent of one (storage.googleapis.com makes
 * googleapis.com protected), a brand's official domain or a parent of one, an allowlisted domain, or the
 * domain of an open redirector or short URL (the redirector's domain is not the attacker's).
 */
import {
  CLOUD_HOSTING_ZONES,
  DYNAMIC_DNS_ZONES,
  FREE_HOSTING_ZONES,
  SHORT_URL_HOSTS,
} from '../urls/feature-lists.ts';
import type { SharedUrl } from './sharing.repository.ts';

const HOSTING_FEATURES = new Set(['open_redirect', 'short_url']);

/** The domain and its parents of at least two labels (a.b.example.com → …, b.example.com, example.com). */
function withParents(domain: string): string[] {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i++) out.push(labels.slice(i).join('.'));
  return out;
}

export type DomainProtection = { isProtected(domain: string): boolean; size: number };

/** Protected domains: the built-in hosting zones plus `extra` (official domains, allowlist), with parents. */
export function createDomainProtection(extra: Iterable<string>): DomainProtection {
  const set = new Set<string>();
  for (const list of [FREE_HOSTING_ZONES, CLOUD_HOSTING_ZONES, SHORT_URL_HOSTS, DYNAMIC_DNS_ZONES])
    for (const zone of list) for (const d of withParents(zone)) set.add(d);
  // S3 is matched by pattern, not zone (CLOUD_HOSTING_PATTERNS): its registrable domain is amazonaws.com.
  set.add('amazonaws.com');
  for (const d of extra) for (const p of withParents(d)) set.add(p);
  return { isProtected: (domain) => set.has(domain.toLowerCase()), size: set.size };
}

export function urlBlocklist(items: readonly SharedUrl[]): string[] {
  return [...new Set(items.map((u) => u.url))];
}

/** Registrable domains of the URLs, minus protected ones and those only seen behind redirectors. */
export function domainBlocklist(items: readonly SharedUrl[], protection: DomainProtection): string[] {
  const out = new Set<string>();
  for (const u of items) {
    if (!u.domain || protection.isProtected(u.domain)) continue;
    if (u.features.some((f) => HOSTING_FEATURES.has(f))) continue;
    out.add(u.domain);
  }
  return [...out].sort();
}

export function blocklistText(entries: readonly string[]): string {
  return entries.map((e) => `${e}\n`).join('');
}
