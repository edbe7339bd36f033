export type NewReport = {
  externalId: string;
  kind: string;
  status: string;
  receivedAt: number;
  reportedAt: number;
  brandLabel: string | null;
  tlp?: string | null;
  brandId: number | null;
  contentType: string | null;
  payload: string;
  reporterContact?: string | null;
  consentPolice?: boolean;
  consentBrand?: boolean;
  error?: string | null;
};

export type ObservedUrl = {
  urlHash: string;
  canonical: string;
  scheme: string;
  host: string;
  isIp: boolean;
  registrableDomain: string | null;
  publicSuffix: string | null;
  tld: string | null;
  path: string;
  features: string;
  threat: string;
  brandId: number | null;
  brandConfidence: number | null;
  brandEvidence: string | null;
  seenAt: number;
  /** 'allowlisted' when the host is on the allowlist (src/triage); stored URLs start as 'new' otherwise. */
  status?: 'new' | 'allowlisted';
};

export type IngestBatch = {
  sourceId: number;
  reports: { report: NewReport; urls: ObservedUrl[] }[];
};

export type IngestOutcome = { inserted: number; known: number; newUrls: number; reportIds: number[] };

export type ReportCompletion = { status: string; brandId: number | null; error: string | null };

/** A URL of a batch with what the batch says of it: the reports naming it and its seen range. */
export type BatchUrl = ObservedUrl & { reports: number; lastSeen: number };
export type BatchDomain = { name: string; publicSuffix: string | null; firstSeen: number; lastSeen: number };
export type BatchHost = { name: string; domain: string | null; isIp: boolean; firstSeen: number };

/**
 * What a set of new reports says about URLs, hosts and domains, merged in memory first: each one is
 * written once per batch (PostgreSQL refuses to upsert the same key twice in one statement anyway).
 */
export function planUrls(entries: { urls: ObservedUrl[] }[]) {
  const urls = new Map<string, BatchUrl>();
  for (const { urls: list } of entries) {
    const once = list.length > 1 ? new Map(list.map((x) => [x.urlHash, x])).values() : list;
    for (const u of once) {
      const prev = urls.get(u.urlHash);
      if (!prev) {
        urls.set(u.urlHash, { ...u, reports: 1, lastSeen: u.seenAt });
        continue;
      }
      prev.reports++;
      prev.lastSeen = Math.max(prev.lastSeen, u.seenAt);
      prev.seenAt = Math.min(prev.seenAt, u.seenAt);
      if (prev.brandId === null && u.brandId !== null) {
        Object.assign(prev, {
          brandId: u.brandId,
          brandConfidence: u.brandConfidence,
          brandEvidence: u.brandEvidence,
        });
      }
    }
  }
  const domains = new Map<string, BatchDomain>();
  const hosts = new Map<string, BatchHost>();
  for (const u of urls.values()) {
    if (u.registrableDomain) {
      const d = domains.get(u.registrableDomain);
      if (d) {
        d.firstSeen = Math.min(d.firstSeen, u.seenAt);
        d.lastSeen = Math.max(d.lastSeen, u.lastSeen);
      } else {
        domains.set(u.registrableDomain, {
          name: u.registrableDomain,
          publicSuffix: u.publicSuffix,
          firstSeen: u.seenAt,
          lastSeen: u.lastSeen,
        });
      }
    }
    const h = hosts.get(u.host);
    if (h) h.firstSeen = Math.min(h.firstSeen, u.seenAt);
    else hosts.set(u.host, { name: u.host, domain: u.registrableDomain, isIp: u.isIp, firstSeen: u.seenAt });
  }
  return { urls, domains, hosts };
}
