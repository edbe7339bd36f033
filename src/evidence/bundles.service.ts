import { randomUUID } from 'node:crypto';
import type { Capture } from '../capture/capture.service.ts';
import type { EvidenceStore } from '../capture/evidence-store.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { CheckRow } from '../liveness/liveness.repository.ts';
import { defang } from '../urls/defang.ts';
import { type BundleFile, buildBundle, type Manifest } from './bundle.ts';
import type { BundleRow, BundlesRepository } from './bundles.repository.ts';
import type { SigningKey } from './signing-key.ts';

export const EVIDENCE_KEY_PATH = '/.well-known/phishdesk-evidence-key';

export type BundleInput = {
  token: string;
  caseId: number;
  kind: 'request' | 'escalation';
  targetUrl: string;
  capture: Capture;
  check: CheckRow;
  mail: { to: string[]; cc: string[]; subject: string; text: string };
};

/**
 * Signed evidence bundles of takedown requests: the capture (screenshot, DOM, HAR), the live check with
 * its redirect chain and TLS facts, and the request text, in one archive signed with the operator key.
 * A bundle is refused when its capture or check is older than the freshness window.
 */
export function createEvidenceBundles(deps: {
  repo: BundlesRepository;
  store: EvidenceStore;
  key: SigningKey;
  clock: Clock;
  freshnessMs: number;
  publicBaseUrl: string;
  organisationName: string;
}) {
  const { repo, store, key, clock } = deps;
  const linkOf = (token: string) => `${deps.publicBaseUrl}/api/v1/evidence-bundles/${token}`;

  async function file(sha256: string | null, name: string, at: number, description: string) {
    if (!sha256) return null;
    const stored = await store.read(sha256);
    if (!stored) throw new AppError('evidence.unavailable', `evidence file ${sha256} is missing or damaged`);
    const out: BundleFile = { name, bytes: stored.bytes, at, description };
    return out;
  }

  return {
    newToken: () => randomUUID(),
    linkOf,
    keyUrl: `${deps.publicBaseUrl}${EVIDENCE_KEY_PATH}`,
    publicKeyPem: key.publicKeyPem,
    keyFingerprint: key.fingerprint,

    async build(input: BundleInput): Promise<{ row: BundleRow; manifest: Manifest; url: string }> {
      const now = clock.now();
      const oldest = now - deps.freshnessMs;
      const { capture, check } = input;
      if (capture.captured_at < oldest || check.checked_at < oldest) {
        throw new AppError(
          'evidence.stale',
          `the capture or check is older than the freshness window (${Math.round(deps.freshnessMs / 60_000)} min); capture again`,
          { captureId: capture.id, capturedAt: capture.captured_at, checkId: check.id },
        );
      }
      const json = (v: unknown) => Buffer.from(`${JSON.stringify(v, null, 2)}\n`, 'utf8');
      const captured = capture.captured_at;
      const files: (BundleFile | null)[] = [
        await file(capture.screenshot_sha256, 'screenshot.png', captured, 'screenshot of the page'),
        await file(
          capture.dom_sha256,
          'dom.html',
          captured,
          'DOM after rendering (hostile: do not open in a browser)',
        ),
        await file(capture.har_sha256, 'har.json', captured, 'HAR of every request the page made'),
        {
          name: 'capture.json',
          bytes: json({
            id: capture.id,
            variant: capture.variant,
            userAgent: capture.user_agent,
            requestedUrl: defang(capture.requested_url),
            finalUrl: capture.final_url ? defang(capture.final_url) : null,
            httpStatus: capture.http_status,
            title: capture.title,
            formFields: capture.formFields,
            redirects: capture.redirects.map((r) => ({ ...r, url: defang(r.url) })),
            differences: capture.differences,
            capturedAt: new Date(captured).toISOString(),
          }),
          at: captured,
          description: 'what the browser saw',
        },
        {
          name: 'fetch-chain.json',
          bytes: json({
            checkId: check.id,
            checkedAt: new Date(check.checked_at).toISOString(),
            result: check.result,
            httpStatus: check.http_status,
            finalUrl: check.final_url ? defang(check.final_url) : null,
            address: check.address,
            contentSha256: check.content_hash,
            redirects: (JSON.parse(check.redirects) as { url: string }[]).map((r) => ({
              ...r,
              url: defang(r.url),
            })),
            tls: check.tls ? JSON.parse(check.tls) : null,
          }),
          at: check.checked_at,
          description: 'the live check: redirect chain, addresses and TLS facts',
        },
        {
          name: 'request.txt',
          bytes: Buffer.from(
            `To: ${input.mail.to.join(', ')}\nCc: ${input.mail.cc.join(', ')}\nSubject: ${input.mail.subject}\n\n${input.mail.text}`,
            'utf8',
          ),
          at: now,
          description: `the ${input.kind} as sent`,
        },
      ];
      const { archive, manifest } = buildBundle({
        bundleId: input.token,
        createdAt: now,
        organisation: deps.organisationName,
        keyUrl: `${deps.publicBaseUrl}${EVIDENCE_KEY_PATH}`,
        subject: { caseId: input.caseId, kind: input.kind, url: defang(input.targetUrl) },
        files: files.filter((f): f is BundleFile => f !== null),
        key,
      });
      const stored = await store.put('bundle', 'application/x-tar', archive);
      const row = await repo.insert({
        token: input.token,
        case_id: input.caseId,
        kind: input.kind,
        capture_id: capture.id,
        check_id: check.id,
        sha256: stored.sha256,
        size: stored.size,
        key_fingerprint: key.fingerprint,
        created_at: now,
      });
      return { row, manifest, url: linkOf(input.token) };
    },

    /** The archive behind a mail's link; null when the token is unknown. */
    async download(token: string) {
      if (!/^[0-9a-f-]{36}$/.test(token)) return null;
      const row = await repo.byToken(token);
      if (!row) return null;
      const stored = await store.read(row.sha256);
      return stored ? { row, bytes: stored.bytes } : null;
    },

    ofCase: (caseId: number) => repo.ofCase(caseId),
  };
}

export type EvidenceBundles = ReturnType<typeof createEvidenceBundles>;
