/**
 * The brand portal's rules: a brand organisation sees and exports only its brands' URLs, campaigns,
 * alerts and takedown cases; it answers "not ours" / "ours (legitimate)" about a URL (a legitimate answer
 * proposes allowlisting to the analysts, recorded and audited); it subscribes e-mail addresses and
 * webhooks to new confirmed URLs of its brands.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { assertBrandVisible, brandScope, isStaff, type Principal } from '../accounts/principal.ts';
import type { AuditEntryInput } from '../audit/audit.log.ts';
import { AppError } from '../errors.ts';
import type { SafeFetcher } from '../fetch/safe-fetcher.ts';
import type { Clock } from '../lib/clock.ts';
import type { Mailer } from '../notify/mailer.ts';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from '../notify/signature.ts';
import { defang } from '../urls/index.ts';
import type { Feedback, PortalRepository } from './portal.repository.ts';
import type { SharingService } from './sharing.service.ts';

export const NOTIFY_EVENT = 'sharing.urls_confirmed';

export function createPortalService(deps: {
  repo: PortalRepository;
  sharing: SharingService;
  audit: { record(entry: AuditEntryInput): Promise<number> };
  mailer: Mailer;
  fetcher: Pick<SafeFetcher, 'fetch' | 'vet'>;
  /** The triage allowlist: an accepted "ours (legitimate)" answer adds the URL's host to it. */
  allowlist: {
    add(
      principal: Principal | null,
      input: { kind: 'host'; value: string; reason: string; source: 'brand'; brandId: number },
    ): Promise<{ id: number }>;
  };
  clock: Clock;
  log?: Logger;
  webhookTimeoutMs?: number;
}) {
  const { repo, clock } = deps;

  /** The one brand a write is about: one of the principal's brands (staff: any existing brand). */
  function writableBrand(principal: Principal, brandId: number): number {
    assertBrandVisible(principal, brandId);
    return brandId;
  }

  /** Through the safe fetcher: a subscriber's URL never reaches loopback, private or metadata addresses. */
  async function sendWebhook(target: string, secret: string, body: string, deliveryId: string) {
    const timestamp = Math.floor(clock.now() / 1000);
    const res = await deps.fetcher.fetch(target, {
      method: 'POST',
      body: Buffer.from(body),
      maxRedirects: 0,
      maxBytes: 65_536,
      timeoutMs: deps.webhookTimeoutMs ?? 10_000,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'phishdesk-webhook/1',
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
        [TIMESTAMP_HEADER]: String(timestamp),
        [EVENT_HEADER]: NOTIFY_EVENT,
        [DELIVERY_HEADER]: deliveryId,
      },
    });
    if (res.status < 200 || res.status >= 300) throw new Error(`receiver answered HTTP ${res.status}`);
  }

  return {
    async feedback(
      principal: Principal,
      urlId: number,
      input: { verdict: 'not_ours' | 'legitimate'; comment?: string | null },
    ): Promise<Feedback> {
      const url = await repo.urlBrand(urlId);
      if (!url || url.brandId === null) throw new AppError('not_found', 'no such item');
      writableBrand(principal, url.brandId);
      const feedback = await repo.addFeedback({
        urlId,
        brandId: url.brandId,
        userId: principal.userId,
        verdict: input.verdict,
        comment: input.comment?.trim().slice(0, 2000) || null,
        // "ours (legitimate)" is a proposal for the analysts' allowlist, never an allowlisting by itself.
        status: input.verdict === 'legitimate' ? 'proposed' : 'recorded',
        createdAt: clock.now(),
      });
      await deps.audit.record({
        principal,
        action: input.verdict === 'legitimate' ? 'sharing.propose_allowlist' : 'sharing.not_ours',
        entity: 'url',
        entityId: urlId,
        after: feedback,
      });
      return feedback;
    },

    listFeedback: (principal: Principal, limit = 200) => repo.feedback(brandScope(principal), limit),

    /**
     * Staff decide on an "ours (legitimate)" proposal: accepting allowlists the URL's host (audited by the
     * allowlist) and closes the proposal; rejecting closes it. Audited either way.
     */
    async decide(principal: Principal, feedbackId: number, decision: 'accept' | 'reject'): Promise<Feedback> {
      if (!isStaff(principal)) throw new AppError('auth.forbidden', 'only analysts decide on proposals');
      const f = await repo.feedbackById(feedbackId);
      if (!f) throw new AppError('not_found', 'no such item');
      if (f.status !== 'proposed')
        throw new AppError('conflict', `this answer is ${f.status}, not a pending proposal`);
      let allowlistId: number | null = null;
      if (decision === 'accept') {
        const host = await repo.hostOf(f.urlId);
        if (!host) throw new AppError('not_found', 'no such item');
        allowlistId = (
          await deps.allowlist.add(principal, {
            kind: 'host',
            value: host,
            reason: `the brand says this is theirs (legitimate), answer #${f.id}`,
            source: 'brand',
            brandId: f.brandId,
          })
        ).id;
      }
      const status = decision === 'accept' ? 'accepted' : 'rejected';
      await repo.setFeedbackStatus(f.id, status);
      await deps.audit.record({
        principal,
        action: `sharing.proposal_${status}`,
        entity: 'sharing_feedback',
        entityId: f.id,
        before: { status: f.status },
        after: { status, allowlistId },
      });
      return { ...f, status };
    },

    async subscriptions(principal: Principal) {
      return (await repo.subscriptions(brandScope(principal))).map(({ secret: _s, ...s }) => s);
    },

    /** Returns the webhook secret once (to verify signatures); it is never shown again. */
    async subscribe(
      principal: Principal,
      input: { brandId: number; channel: 'email' | 'webhook'; target: string },
    ) {
      const brandId = writableBrand(principal, input.brandId);
      // Refused at once (fetch.blocked) when the webhook names a private or loopback address.
      if (input.channel === 'webhook') await deps.fetcher.vet(input.target);
      const secret = input.channel === 'webhook' ? randomBytes(24).toString('base64url') : null;
      const id = await repo.addSubscription({
        brandId,
        channel: input.channel,
        target: input.target,
        secret,
        createdBy: principal.userId,
        createdAt: clock.now(),
      });
      await deps.audit.record({
        principal,
        action: 'sharing.subscribe',
        entity: 'sharing_subscription',
        entityId: id,
        after: { brandId, channel: input.channel, target: input.target },
      });
      return { id, brandId, channel: input.channel, target: input.target, secret };
    },

    async unsubscribe(principal: Principal, id: number): Promise<void> {
      const s = await repo.subscription(id);
      if (!s) throw new AppError('not_found', 'no such item');
      writableBrand(principal, Number(s.brand_id));
      await repo.removeSubscription(id);
      await deps.audit.record({
        principal,
        action: 'sharing.unsubscribe',
        entity: 'sharing_subscription',
        entityId: id,
        before: { brandId: Number(s.brand_id), channel: s.channel, target: s.target },
      });
    },

    /**
     * Announces newly shared URLs to their brand's subscribers (RED URLs are never sent: RED stays with
     * staff). Each URL is announced once; a failed delivery is logged, not retried.
     */
    async notifyNewUrls(): Promise<{ urls: number; deliveries: number; failures: number }> {
      await deps.sharing.sync();
      const pending = await repo.unnotified(1000);
      if (!pending.length) return { urls: 0, deliveries: 0, failures: 0 };
      const subs = await repo.subscriptions(null);
      let deliveries = 0;
      let failures = 0;
      const byBrand = new Map<number, typeof pending>();
      for (const p of pending.filter((x) => x.tlp !== 'red')) {
        byBrand.set(p.brandId, [...(byBrand.get(p.brandId) ?? []), p]);
      }
      for (const [brandId, urls] of byBrand) {
        for (const s of subs.filter((x) => x.brandId === brandId)) {
          try {
            if (s.channel === 'webhook') {
              const body = JSON.stringify({
                event: NOTIFY_EVENT,
                brandId,
                urls: urls.map((u) => ({
                  id: u.urlId,
                  url: u.url,
                  tlp: u.tlp,
                  listedAt: new Date(u.listedAt).toISOString(),
                })),
              });
              await sendWebhook(s.target, s.secret ?? '', body, `${s.id}-${urls[0]!.urlId}`);
            } else {
              await deps.mailer.send({
                to: s.target,
                subject: `[phishdesk] ${urls.length} new confirmed phishing URL(s) / 新たに確認されたフィッシングURL ${urls.length} 件`,
                text: `${urls.map((u) => `${defang(u.url)}  (TLP:${u.tlp.toUpperCase()})`).join('\n')}\n`,
              });
            }
            deliveries++;
          } catch (err) {
            failures++;
            deps.log?.warn({ err, subscriptionId: s.id, brandId }, 'brand notification failed');
          }
        }
      }
      await repo.markNotified(
        pending.map((p) => p.urlId),
        clock.now(),
      );
      return { urls: pending.length, deliveries, failures };
    },
  };
}

export type PortalService = ReturnType<typeof createPortalService>;
