/**
 * Everything the URL matcher needs to know about hosts, precomputed: which brand owns a domain, which
 * hosts carry third-party content or open redirects (url-hosts.ts), and which part of a host the phisher
 * chose. One suffix walk per host, one map lookup per suffix.
 */
import type { BrandSeed } from './brand.ts';
import { CONTENT_HOSTS, REDIRECTORS } from './url-hosts.ts';

const OFFICIAL = 1;
const CONTENT = 2; // the host and its subdomains carry third-party content
const CONTENT_SUB = 4; // only its subdomains do ('*.heteml.jp')
const REDIRECT = 8; // an open redirector lives under some path of this host

export type HostClass = { contentLen: number; official: number; domain: string };
export type HostTable = ReturnType<typeof createHostTable>;

export function createHostTable(brands: readonly Pick<BrandSeed, 'officialDomains'>[]) {
  const rules = new Map<string, { flags: number; brand: number }>();
  const rule = (h: string) => {
    let r = rules.get(h);
    if (!r) {
      r = { flags: 0, brand: -1 };
      rules.set(h, r);
    }
    return r;
  };
  brands.forEach((b, i) => {
    for (const d of b.officialDomains) {
      const r = rule(d);
      r.flags |= OFFICIAL;
      r.brand = i;
    }
  });
  for (const h of CONTENT_HOSTS) {
    if (h.startsWith('*.')) rule(h.slice(2)).flags |= CONTENT_SUB;
    else rule(h).flags |= CONTENT;
  }
  const redirectPrefixes = new Map<string, string[]>();
  for (const [h, prefix] of REDIRECTORS) {
    rule(h).flags |= REDIRECT;
    redirectPrefixes.set(h, [...(redirectPrefixes.get(h) ?? []), prefix]);
  }

  return {
    /** The brand whose official domain is `host` or a parent of it. */
    officialOwner(host: string): { brand: number; domain: string } | null {
      for (let i = 0; ; ) {
        const suffix = i === 0 ? host : host.slice(i);
        const r = rules.get(suffix);
        if (r && r.flags & OFFICIAL) return { brand: r.brand, domain: suffix };
        const dot = host.indexOf('.', i);
        if (dot < 0) return null;
        i = dot + 1;
      }
    },

    /**
     * The length of the content-hosting suffix the host is on (the whole host for an open redirector),
     * or -1 and the brand owning the host (official: -1 when none).
     */
    classify(host: string, path: string): HostClass {
      let official = -1;
      let domain = '';
      for (let i = 0; ; ) {
        const suffix = i === 0 ? host : host.slice(i);
        const r = rules.get(suffix);
        if (r) {
          if (r.flags & CONTENT || (i > 0 && r.flags & CONTENT_SUB)) {
            return { contentLen: suffix.length, official: -1, domain: '' };
          }
          if (r.flags & REDIRECT && redirectPrefixes.get(suffix)!.some((p) => path.startsWith(p))) {
            return { contentLen: host.length, official: -1, domain: '' };
          }
          if (official < 0 && r.flags & OFFICIAL) {
            official = r.brand;
            domain = suffix;
          }
        }
        const dot = host.indexOf('.', i);
        if (dot < 0) return { contentLen: -1, official, domain };
        i = dot + 1;
      }
    },
  };
}

/** The part of the host a phisher chose: everything left of the public suffix (or of a content host). */
export function hostRegion(host: string, registrable: string | null, contentLen: number): string {
  if (contentLen >= 0) return host.slice(0, Math.max(0, host.length - contentLen - 1));
  if (registrable && host.endsWith(registrable)) {
    const dot = registrable.indexOf('.');
    return dot < 0 ? host : host.slice(0, host.length - (registrable.length - dot));
  }
  if (/^[\d.]+$/.test(host) || host.includes(':')) return ''; // IP address
  return host;
}
