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
  /** Explicit non-default port (visits use it; the canonical form has none). */
  port?: number | null;
  features: string;
  threat: string;
  brandId: number | null;
  brandConfidence: number | null;
  brandEvidence: string | null;
  seenAt: number;
  /** 'allowlisted' when the host is on the allowlist (src/triage); stored URLs start as 'new' otherwise. */
  status?: 'new' | 'allowlisted';
};

/**
 * A job enqueued in the same transaction as the URLs it names: the URLs this transaction created with
 * status 'new' (evidence on arrival, src/arrival). `at` is the job's due time (the caller's clock).
 */
export type NewUrlsJob = { name: string; at: number };
export type NewUrlsPayload = { urls: { id: number; host: string }[] };

export type IngestBatch = {
  sourceId: number;
  reports: { report: NewReport; urls: ObservedUrl[] }[];
  newUrlsJob?: NewUrlsJob;
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
  const domains = new Map<string, BatchDomain>();
  const hosts = new Map<string, BatchHost>();
  for (const { urls: list } of entries) {
    const once = list.length > 1 ? new Map(list.map((x) => [x.urlHash, x])).values() : list;
    for (const u of once) {
      const prev = urls.get(u.urlHash);
      if (prev) {
        prev.reports++;
        if (u.seenAt > prev.lastSeen) prev.lastSeen = u.seenAt;
        if (u.seenAt < prev.seenAt) prev.seenAt = u.seenAt;
        if ((prev.port ?? null) === null && (u.port ?? null) !== null) prev.port = u.port ?? null;
        if (prev.brandId === null && u.brandId !== null) {
          prev.brandId = u.brandId;
          prev.brandConfidence = u.brandConfidence;
          prev.brandEvidence = u.brandEvidence;
        }
      } else {
        urls.set(u.urlHash, batchUrl(u));
      }
    }
  }
  // Hosts and domains take their seen range from the merged URLs (a URL's range is final only now).
  for (const u of urls.values()) {
    if (u.registrableDomain) {
      const d = domains.get(u.registrableDomain);
      if (!d) {
        domains.set(u.registrableDomain, {
          name: u.registrableDomain,
          publicSuffix: u.publicSuffix,
          firstSeen: u.seenAt,
          lastSeen: u.lastSeen,
        });
      } else {
        if (u.seenAt < d.firstSeen) d.firstSeen = u.seenAt;
        if (u.lastSeen > d.lastSeen) d.lastSeen = u.lastSeen;
      }
    }
    const h = hosts.get(u.host);
    if (!h)
      hosts.set(u.host, { name: u.host, domain: u.registrableDomain, isIp: u.isIp, firstSeen: u.seenAt });
    else if (u.seenAt < h.firstSeen) h.firstSeen = u.seenAt;
  }
  return { urls, domains, hosts };
}

/**
 * A batch's own copy of a URL, written out field by field: an object literal of one shape is several
 * times faster to make than a spread copy, and imports make one per URL.
 */
function batchUrl(u: ObservedUrl): BatchUrl {
  return {
    urlHash: u.urlHash,
    canonical: u.canonical,
    scheme: u.scheme,
    host: u.host,
    isIp: u.isIp,
    registrableDomain: u.registrableDomain,
    publicSuffix: u.publicSuffix,
    tld: u.tld,
    path: u.path,
    port: u.port ?? null,
    features: u.features,
    threat: u.threat,
    brandId: u.brandId,
    brandConfidence: u.brandConfidence,
    brandEvidence: u.brandEvidence,
    seenAt: u.seenAt,
    status: u.status ?? 'new',
    reports: 1,
    lastSeen: u.seenAt,
  };
}
