import type { Capture, CaptureSet } from '../capture/capture.service.ts';
import type { CheckRow } from '../liveness/liveness.repository.ts';
import type { LiveStatus } from '../liveness/liveness.status.ts';
import type { CaptureView, CheckView, LivenessView } from './url-checks.schema.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
const evidenceUrl = (sha256: string | null) => (sha256 ? `/api/v1/evidence/${sha256}` : null);

export function presentLiveness(s: LiveStatus): LivenessView {
  return {
    state: s.state,
    since: isoOrNull(s.since),
    lastCheckedAt: isoOrNull(s.lastCheckedAt),
    firstLiveAt: isoOrNull(s.firstLiveAt),
    lastLiveAt: isoOrNull(s.lastLiveAt),
    downSince: isoOrNull(s.downSince),
    checks: s.checks,
  };
}

export function presentCheck(c: CheckRow): CheckView {
  return {
    id: c.id,
    at: iso(c.checked_at),
    result: c.result as CheckView['result'],
    httpStatus: c.http_status,
    finalUrl: c.final_url,
    address: c.address,
    durationMs: c.duration_ms,
    error: c.error,
  };
}

export function presentCapture(c: Capture): CaptureView {
  return {
    id: c.id,
    urlId: c.url_id,
    batch: c.batch,
    variant: c.variant,
    capturedAt: iso(c.captured_at),
    status: c.status,
    requestedUrl: c.requested_url,
    finalUrl: c.final_url,
    httpStatus: c.http_status,
    title: c.title,
    error: c.error,
    userAgent: c.user_agent,
    redirects: c.redirects,
    formFields: c.formFields,
    differences: c.differences,
    refused: c.refused,
    screenshotUrl: evidenceUrl(c.screenshot_sha256),
    domUrl: evidenceUrl(c.dom_sha256),
    harUrl: evidenceUrl(c.har_sha256),
  };
}

export function presentCaptureSet(s: CaptureSet) {
  return {
    batch: s.batch,
    desktop: presentCapture(s.desktop),
    mobile: s.mobile ? presentCapture(s.mobile) : null,
    differences: s.differences,
  };
}
