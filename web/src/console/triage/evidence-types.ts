import type { UrlSummary } from './types.ts';

/** GET /api/v1/urls/:id/evidence (src/takedowns/url-evidence.schema.ts). Every string may be hostile. */
export type Hop = { url: string; status: number; location: string | null; address: string };
export type UrlEvidence = {
  urlId: number;
  liveness: {
    state: 'live' | 'down' | 'unknown';
    since: string | null;
    lastCheckedAt: string | null;
    firstLiveAt: string | null;
    lastLiveAt: string | null;
    downSince: string | null;
    checks: number;
  };
  checks: {
    id: number;
    at: string;
    result: 'live' | 'down' | 'error';
    httpStatus: number | null;
    finalUrl: string | null;
    address: string | null;
    durationMs: number | null;
    error: string | null;
  }[];
  addresses: { address: string; firstSeen: string; lastSeen: string; checks: number }[];
  tls: {
    at: string;
    protocol: string | null;
    authorized: boolean;
    authorizationError: string | null;
    subject: string | null;
    issuer: string | null;
    subjectAltName: string | null;
    validFrom: string | null;
    validTo: string | null;
    fingerprint256: string | null;
  } | null;
  redirects: { source: 'capture' | 'check'; at: string; hops: Hop[]; finalUrl: string | null } | null;
  capture: {
    id: number;
    capturedAt: string;
    variant: string;
    status: string;
    httpStatus: number | null;
    finalUrl: string | null;
    title: string | null;
    error: string | null;
    screenshotUrl: string | null;
    formFields: { type: string; name: string | null; label: string | null }[];
  } | null;
  captureCount: number;
  rdap: {
    domain: {
      query: string;
      fetchedAt: string;
      expired: boolean;
      found: boolean;
      ldhName: string | null;
      handle: string | null;
      status: string[];
      registrar: string | null;
      registrarIanaId: string | null;
      abuseEmails: string[];
      server: string | null;
    } | null;
    network: {
      query: string;
      fetchedAt: string;
      expired: boolean;
      found: boolean;
      name: string | null;
      handle: string | null;
      country: string | null;
      startAddress: string | null;
      endAddress: string | null;
      registrant: string | null;
      abuseEmails: string[];
      server: string | null;
    } | null;
  };
};

/** GET /api/v1/urls/:id/related. */
export type RelatedGroup = { items: UrlSummary[]; total: number };
export type RelatedUrls = {
  host: string;
  domain: string | null;
  campaign: { id: number; name: string; status: string } | null;
  sameHost: RelatedGroup;
  sameDomain: RelatedGroup;
  sameCampaign: RelatedGroup;
};

/** GET /api/v1/triage/reports/:id/attachments. */
export type ReportAttachment = {
  id: number;
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string;
  kind: 'image' | 'email' | 'other';
  url: string;
  email: {
    subject: string | null;
    from: { name: string | null; address: string | null } | null;
    replyTo: string | null;
    returnPath: string | null;
    date: string | null;
    messageId: string | null;
    received: { from: string | null; by: string | null; ip: string | null; date: string | null }[];
    auth: { spf: string | null; dkim: string | null; dmarc: string | null };
    text: string;
    textTruncated: boolean;
    htmlPresent: boolean;
    attachments: { filename: string | null; contentType: string; size: number }[];
  } | null;
};
