import type { Capture, CaptureService } from '../capture/capture.service.ts';
import type { TlsFacts } from '../fetch/safe-fetcher.ts';
import type { CheckRow } from '../liveness/liveness.repository.ts';
import type { LivenessService } from '../liveness/liveness.service.ts';
import type { LiveStatus } from '../liveness/liveness.status.ts';
import type { RdapClient } from '../rdap/rdap.client.ts';
import type { RdapContact, RdapDomainResult, RdapIpResult } from '../rdap/rdap.parse.ts';
import { presentCheck, presentLiveness } from './url-checks.presenter.ts';
import type { UrlEvidence } from './url-evidence.schema.ts';

type Stored<T> = { result: T | null; fetchedAt: number; expired: boolean } | null;

export type UrlEvidenceFacts = {
  urlId: number;
  status: LiveStatus;
  /** Oldest first, as the liveness module keeps them. */
  checks: CheckRow[];
  /** Newest first. */
  captures: Capture[];
  domain: { query: string; stored: Stored<RdapDomainResult> } | null;
  network: { query: string; stored: Stored<RdapIpResult> } | null;
};

/**
 * The evidence on a URL's page, read only from what the liveness, capture and RDAP modules stored (a GET
 * visits nothing: RDAP answers come from the cache, expired ones marked so).
 */
export function createUrlEvidence(deps: {
  liveness: Pick<LivenessService, 'statusOf' | 'history'>;
  capture: Pick<CaptureService, 'ofUrl'>;
  rdap: Pick<RdapClient, 'storedDomain' | 'storedIp'>;
}) {
  return {
    async of(url: { id: number; domain: string | null }): Promise<UrlEvidence> {
      const [statuses, checks, captures] = await Promise.all([
        deps.liveness.statusOf([url.id]),
        deps.liveness.history(url.id),
        deps.capture.ofUrl(url.id),
      ]);
      const address = latestAddress(checks, captures);
      const [domainStored, ipStored] = await Promise.all([
        url.domain ? deps.rdap.storedDomain(url.domain) : Promise.resolve(null),
        address ? deps.rdap.storedIp(address) : Promise.resolve(null),
      ]);
      return presentUrlEvidence({
        urlId: url.id,
        status: statuses.get(url.id)!,
        checks,
        captures,
        domain: url.domain ? { query: url.domain, stored: domainStored } : null,
        network: address ? { query: address, stored: ipStored } : null,
      });
    },
  };
}

export type UrlEvidenceReader = ReturnType<typeof createUrlEvidence>;

function latestAddress(checks: readonly CheckRow[], captures: readonly Capture[]): string | null {
  const check = checks.findLast((c) => c.address !== null);
  const capture = captures.find((c) => c.redirects.length > 0);
  const fromCapture = capture?.redirects.at(-1)?.address ?? null;
  if (check && capture) return check.checked_at >= capture.captured_at ? check.address : fromCapture;
  return check?.address ?? fromCapture;
}

const iso = (ms: number) => new Date(ms).toISOString();
const emailsOf = (contacts: readonly RdapContact[]) => [...new Set(contacts.flatMap((c) => c.emails))];

function parse<T>(json: string | null, fallback: T): T {
  if (!json) return fallback;
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

export function presentUrlEvidence(f: UrlEvidenceFacts): UrlEvidence {
  const newestFirst = [...f.checks].reverse();
  const addresses = new Map<
    string,
    { address: string; firstSeen: number; lastSeen: number; checks: number }
  >();
  for (const c of f.checks) {
    if (!c.address) continue;
    const a = addresses.get(c.address) ?? {
      address: c.address,
      firstSeen: c.checked_at,
      lastSeen: 0,
      checks: 0,
    };
    a.lastSeen = Math.max(a.lastSeen, c.checked_at);
    a.checks += 1;
    addresses.set(c.address, a);
  }
  const tlsCheck = newestFirst.find((c) => c.tls !== null);
  const tls = tlsCheck ? parse<TlsFacts | null>(tlsCheck.tls, null) : null;
  const capture = f.captures.find((c) => c.variant === 'desktop') ?? f.captures[0] ?? null;
  const hopsCheck = newestFirst.find((c) => parse<unknown[]>(c.redirects, []).length > 0);
  const redirects =
    capture && capture.redirects.length > 0 && (!hopsCheck || capture.captured_at >= hopsCheck.checked_at)
      ? {
          source: 'capture' as const,
          at: iso(capture.captured_at),
          hops: capture.redirects,
          finalUrl: capture.final_url,
        }
      : hopsCheck
        ? {
            source: 'check' as const,
            at: iso(hopsCheck.checked_at),
            hops: parse(hopsCheck.redirects, []),
            finalUrl: hopsCheck.final_url,
          }
        : null;
  const s = f.status;
  return {
    urlId: f.urlId,
    liveness: presentLiveness(s),
    checks: newestFirst.slice(0, 50).map(presentCheck),
    addresses: [...addresses.values()]
      .sort((a, b) => b.lastSeen - a.lastSeen)
      .map((a) => ({ ...a, firstSeen: iso(a.firstSeen), lastSeen: iso(a.lastSeen) })),
    tls:
      tls && tlsCheck
        ? {
            at: iso(tlsCheck.checked_at),
            protocol: tls.protocol,
            authorized: tls.authorized,
            authorizationError: tls.authorizationError,
            subject: tls.subject,
            issuer: tls.issuer,
            subjectAltName: tls.subjectAltName,
            validFrom: tls.validFrom,
            validTo: tls.validTo,
            fingerprint256: tls.fingerprint256,
          }
        : null,
    redirects,
    capture: capture
      ? {
          id: capture.id,
          capturedAt: iso(capture.captured_at),
          variant: capture.variant,
          status: capture.status,
          httpStatus: capture.http_status,
          finalUrl: capture.final_url,
          title: capture.title,
          error: capture.error,
          screenshotUrl: capture.screenshot_sha256 ? `/api/v1/evidence/${capture.screenshot_sha256}` : null,
          formFields: capture.formFields.map((x) => ({ type: x.type, name: x.name, label: x.label })),
        }
      : null,
    captureCount: f.captures.length,
    rdap: {
      domain: f.domain?.stored
        ? {
            query: f.domain.query,
            fetchedAt: iso(f.domain.stored.fetchedAt),
            expired: f.domain.stored.expired,
            found: f.domain.stored.result !== null,
            ldhName: f.domain.stored.result?.ldhName ?? null,
            handle: f.domain.stored.result?.handle ?? null,
            status: f.domain.stored.result?.status ?? [],
            registrar: f.domain.stored.result?.registrar?.name ?? null,
            registrarIanaId: f.domain.stored.result?.registrar?.ianaId ?? null,
            abuseEmails: emailsOf(f.domain.stored.result?.abuse ?? []),
            server: f.domain.stored.result?.server ?? null,
          }
        : null,
      network: f.network?.stored
        ? {
            query: f.network.query,
            fetchedAt: iso(f.network.stored.fetchedAt),
            expired: f.network.stored.expired,
            found: f.network.stored.result !== null,
            name: f.network.stored.result?.name ?? null,
            handle: f.network.stored.result?.handle ?? null,
            country: f.network.stored.result?.country ?? null,
            startAddress: f.network.stored.result?.startAddress ?? null,
            endAddress: f.network.stored.result?.endAddress ?? null,
            registrant: f.network.stored.result?.registrant ?? null,
            abuseEmails: emailsOf(f.network.stored.result?.abuse ?? []),
            server: f.network.stored.result?.server ?? null,
          }
        : null,
    },
  };
}
