import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Lang } from '../../web/src/i18n/catalogue.ts';
import { translator } from '../../web/src/i18n/translate.ts';
import type { Principal } from '../accounts/principal.ts';
import type { Executor } from '../alerts/alerts.repository.ts';
import type { AuditSink } from '../alerts/alerts.service.ts';
import { AppError } from '../errors.ts';
import { assertPublicTarget, type Outbound } from '../fetch/outbound.ts';
import type { JobInfo, JobQueue } from '../jobs/queue.ts';
import type { Clock } from '../lib/clock.ts';
import type { Database } from '../storage/schema.ts';
import type { Mailer } from './mailer.ts';
import type { NotifyRepository } from './notify.repository.ts';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from './signature.ts';

export const DELIVER_JOB = 'notify.deliver';
/** Attempts per delivery; the queue waits 5 s, 20 s, 80 s, 5 min, 21 min between them (backoffMs). */
export const MAX_DELIVERY_ATTEMPTS = 6;

export type NotificationEvent = 'alert.published' | 'alert.updated';

/** What every recipient is told about an alert: public facts only (masked URLs, public address). */
export type AlertNotification = {
  event: NotificationEvent;
  alert: {
    id: number;
    url: string;
    slug: string;
    brand: { slug: string; nameJa: string; nameEn: string };
    title: { ja: string; en: string | null };
    summary: { ja: string; en: string | null };
    statusLine: { ja: string; en: string | null } | null;
    maskedUrls: string[];
    publishedAt: number;
    updatedAt: number;
  };
};

const emailSchema = z.email().max(320);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = () => randomBytes(24).toString('base64url');

export function createNotifyService(deps: {
  repo: NotifyRepository;
  queue: JobQueue;
  mailer: Mailer;
  clock: Clock;
  log: Logger;
  publicBaseUrl: string;
  webhookTimeoutMs: number;
  audit: AuditSink;
  /** The one outbound guard: deliveries never reach private, loopback, link-local or metadata addresses. */
  outbound: Pick<Outbound, 'fetch' | 'allowPrivate'>;
}) {
  const { repo, clock } = deps;

  function unsubscribeUrl(unsubscribeToken: string) {
    return `${deps.publicBaseUrl}/alerts/unsubscribe?token=${encodeURIComponent(unsubscribeToken)}`;
  }

  async function sendConfirmation(email: string, lang: Lang, confirmToken: string) {
    const t = translator(lang);
    const link = `${deps.publicBaseUrl}/alerts/subscribe/confirm?token=${encodeURIComponent(confirmToken)}`;
    await deps.mailer.send({
      to: email,
      subject: t('alerts.mail.confirm_subject'),
      text: t('alerts.mail.confirm_body', { link }),
    });
  }

  function mailFor(n: AlertNotification, lang: Lang, unsubscribeToken: string) {
    const t = translator(lang);
    const a = n.alert;
    const pick = (v: { ja: string; en: string | null }) => (lang === 'en' && v.en ? v.en : v.ja);
    const lines = [
      pick(a.title),
      '',
      pick(a.summary),
      ...(a.statusLine ? ['', pick(a.statusLine)] : []),
      ...(a.maskedUrls.length ? ['', t('alerts.page.urls'), ...a.maskedUrls.map((u) => `  ${u}`)] : []),
      '',
      t('alerts.mail.read_more', { url: `${a.url}?lang=${lang}` }),
      '',
      t('alerts.mail.unsubscribe', { link: unsubscribeUrl(unsubscribeToken) }),
    ];
    const prefix = n.event === 'alert.updated' ? t('alerts.mail.prefix_updated') : t('alerts.mail.prefix');
    return {
      subject: `${prefix} ${pick(a.title)}`,
      text: lines.join('\n'),
      headers: {
        // RFC 2369 and RFC 8058 one-click unsubscribe (a POST to the same address).
        'List-Unsubscribe': `<${unsubscribeUrl(unsubscribeToken)}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    };
  }

  async function attemptMail(subscriberId: number, n: AlertNotification) {
    const s = await repo.subscriber(subscriberId);
    if (s?.status !== 'active') return { skip: 'subscriber no longer active' as const };
    const mail = mailFor(n, s.lang === 'en' ? 'en' : 'ja', s.unsubscribe_token);
    await deps.mailer.send({ to: s.email, ...mail });
    return { statusCode: null };
  }

  async function attemptWebhook(webhookId: number, deliveryId: number, rawBody: string, event: string) {
    const w = await repo.webhook(webhookId);
    if (w?.active !== 1) return { skip: 'webhook disabled' as const };
    const timestamp = Math.floor(clock.now() / 1000);
    const res = await deps.outbound.fetch(w.url, {
      method: 'POST',
      body: Buffer.from(rawBody),
      maxRedirects: 0,
      maxBytes: 65_536,
      timeoutMs: deps.webhookTimeoutMs,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'phishdesk-webhook/1',
        [SIGNATURE_HEADER]: signWebhook(w.secret, timestamp, rawBody),
        [TIMESTAMP_HEADER]: String(timestamp),
        [EVENT_HEADER]: event,
        [DELIVERY_HEADER]: String(deliveryId),
      },
    });
    if (res.status < 200 || res.status >= 300) {
      throw Object.assign(new Error(`receiver answered HTTP ${res.status}`), { statusCode: res.status });
    }
    return { statusCode: res.status };
  }

  /** One attempt of one delivery (the queue job); throws to have the queue retry it with backoff. */
  async function deliver(deliveryId: number, job: Pick<JobInfo, 'attempts'>): Promise<void> {
    const d = await repo.delivery(deliveryId);
    if (d?.status !== 'pending') return;
    const started = clock.now();
    const wallStart = performance.now();
    let result: { skip?: string; statusCode: number | null } | { skip: string };
    try {
      result =
        d.channel === 'mail'
          ? await attemptMail(d.subscriber_id as number, JSON.parse(d.body) as AlertNotification)
          : await attemptWebhook(d.webhook_id as number, d.id, d.body, d.event);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const statusCode = (err as { statusCode?: number }).statusCode ?? null;
      const final = job.attempts >= MAX_DELIVERY_ATTEMPTS;
      await repo.insertAttempt({
        delivery_id: d.id,
        attempt: job.attempts,
        at: started,
        ok: 0,
        status_code: statusCode,
        error: message.slice(0, 1000),
        duration_ms: Math.round(performance.now() - wallStart),
      });
      await repo.updateDelivery(d.id, {
        attempts: job.attempts,
        last_error: message.slice(0, 1000),
        status: final ? 'failed' : 'pending',
      });
      deps.log.warn({ deliveryId, attempt: job.attempts, final, err: message }, 'notification failed');
      if (final) return;
      throw err;
    }
    if ('skip' in result && result.skip) {
      await repo.updateDelivery(d.id, {
        status: 'failed',
        last_error: result.skip,
        attempts: job.attempts - 1,
      });
      return;
    }
    await repo.insertAttempt({
      delivery_id: d.id,
      attempt: job.attempts,
      at: started,
      ok: 1,
      status_code: 'statusCode' in result ? result.statusCode : null,
      error: null,
      duration_ms: Math.round(performance.now() - wallStart),
    });
    await repo.updateDelivery(d.id, {
      attempts: job.attempts,
      status: 'delivered',
      delivered_at: clock.now(),
      last_error: null,
    });
  }

  deps.queue.work<{ deliveryId: number }>(DELIVER_JOB, (p, job) => deliver(p.deliveryId, job), {
    concurrency: 4,
  });

  return {
    /**
     * Queues one delivery per active subscriber and webhook, in the caller's transaction: the
     * notifications exist exactly when the publication or update they announce was committed.
     */
    async fanOut(ex: Executor, n: AlertNotification): Promise<number> {
      const now = clock.now();
      const body = JSON.stringify(n);
      const targets = [
        ...(deps.mailer.enabled ? await repo.activeSubscriberIds(ex) : []).map((id) => ({
          channel: 'mail',
          subscriber_id: id,
          webhook_id: null,
        })),
        ...(await repo.activeWebhookIds(ex)).map((id) => ({
          channel: 'webhook',
          subscriber_id: null,
          webhook_id: id,
        })),
      ];
      for (const target of targets) {
        const deliveryId = await repo.insertDelivery(ex, {
          ...target,
          alert_id: n.alert.id,
          event: n.event,
          status: 'pending',
          attempts: 0,
          body,
          last_error: null,
          created_at: now,
          delivered_at: null,
        });
        await deps.queue.send(
          DELIVER_JOB,
          { deliveryId },
          {
            maxAttempts: MAX_DELIVERY_ATTEMPTS,
            ...(ex.isTransaction ? { trx: ex as Transaction<Database> } : {}),
          },
        );
      }
      return targets.length;
    },

    /**
     * Double opt-in, step 1: records the address as pending and mails a confirmation link. Answers the
     * same whatever the address's state, so the form does not tell who is subscribed.
     */
    async subscribe(rawEmail: string, lang: Lang): Promise<void> {
      const parsed = emailSchema.safeParse(rawEmail.trim().toLowerCase());
      if (!parsed.success) throw new AppError('request.invalid', 'not an e-mail address');
      if (!deps.mailer.enabled) throw new AppError('notify.mail_disabled', 'outgoing mail is not configured');
      const email = parsed.data;
      const existing = await repo.subscriberByEmail(email);
      if (existing?.status === 'active') return;
      const confirm = token();
      if (existing) {
        await repo.updateSubscriber(existing.id, {
          status: 'pending',
          lang,
          confirm_token_hash: sha256(confirm),
          unsubscribed_at: null,
        });
      } else {
        await repo.insertSubscriber({
          email,
          lang,
          status: 'pending',
          confirm_token_hash: sha256(confirm),
          unsubscribe_token: token(),
          created_at: clock.now(),
          confirmed_at: null,
          unsubscribed_at: null,
        });
      }
      await sendConfirmation(email, lang, confirm);
    },

    /** Double opt-in, step 2: the link's token turns the pending address active. */
    async confirm(confirmToken: string): Promise<{ email: string }> {
      const s = await repo.subscriberByConfirmHash(sha256(confirmToken));
      if (s?.status !== 'pending') throw new AppError('notify.invalid_token', 'unknown or used link');
      await repo.updateSubscriber(s.id, {
        status: 'active',
        confirm_token_hash: null,
        confirmed_at: clock.now(),
      });
      return { email: s.email };
    },

    async unsubscribe(unsubscribeToken: string): Promise<{ email: string }> {
      const s = await repo.subscriberByUnsubscribeToken(unsubscribeToken);
      if (!s) throw new AppError('notify.invalid_token', 'unknown link');
      if (s.status !== 'unsubscribed') {
        await repo.updateSubscriber(s.id, { status: 'unsubscribed', unsubscribed_at: clock.now() });
      }
      return { email: s.email };
    },

    async subscriberCounts() {
      return repo.countSubscribers();
    },

    async createWebhook(
      input: { name: string; url: string; createdBy: number | null },
      principal: Principal | null = null,
    ) {
      let url: URL;
      try {
        url = assertPublicTarget(input.url, deps.outbound.allowPrivate);
      } catch (err) {
        const reason = err instanceof AppError ? err.message : 'not a URL';
        throw new AppError('request.invalid', `a webhook needs a public http(s) URL: ${reason}`);
      }
      const secret = randomBytes(32).toString('hex');
      const id = await repo.insertWebhook({
        name: input.name,
        url: url.toString(),
        secret,
        active: 1,
        created_by: input.createdBy,
        created_at: clock.now(),
      });
      await deps.audit.record({
        principal,
        action: 'webhook.create',
        entity: 'webhook',
        entityId: id,
        after: { name: input.name, url: url.toString() },
      });
      // The secret is shown once, at creation; listings never include it.
      return { id, name: input.name, url: url.toString(), secret, active: true };
    },

    async listWebhooks() {
      return (await repo.listWebhooks()).map((w) => ({
        id: w.id,
        name: w.name,
        url: w.url,
        active: w.active === 1,
        createdAt: w.created_at,
      }));
    },

    async setWebhookActive(id: number, active: boolean, principal: Principal | null = null) {
      if (!(await repo.setWebhookActive(id, active))) throw new AppError('not_found', 'no such webhook');
      await deps.audit.record({
        principal,
        action: active ? 'webhook.enable' : 'webhook.disable',
        entity: 'webhook',
        entityId: id,
      });
    },

    async deliveryLog(filter: { webhookId?: number; alertId?: number; limit?: number }) {
      const rows = await repo.deliveryLog({ ...filter, limit: filter.limit ?? 100 });
      return rows.map((d) => ({
        id: d.id,
        channel: d.channel as 'mail' | 'webhook',
        webhookId: d.webhook_id,
        subscriberId: d.subscriber_id,
        alertId: d.alert_id,
        event: d.event,
        status: d.status,
        attempts: d.attempts,
        lastError: d.last_error,
        createdAt: d.created_at,
        deliveredAt: d.delivered_at,
        attemptLog: d.attemptLog.map((a) => ({
          attempt: a.attempt,
          at: a.at,
          ok: a.ok === 1,
          statusCode: a.status_code,
          error: a.error,
          durationMs: a.duration_ms,
        })),
      }));
    },
  };
}

export type NotifyService = ReturnType<typeof createNotifyService>;
