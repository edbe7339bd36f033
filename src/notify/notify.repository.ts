import type { Selectable } from 'kysely';
import type { Executor } from '../alerts/alerts.repository.ts';
import type {
  AlertSubscribersTable,
  NotificationDeliveriesTable,
  WebhooksTable,
} from '../alerts/alerts.tables.ts';
import type { Db } from '../storage/database.ts';

export type Subscriber = Selectable<AlertSubscribersTable>;
export type Webhook = Selectable<WebhooksTable>;
export type Delivery = Selectable<NotificationDeliveriesTable>;

/** All SQL of the notify module: subscribers, webhooks, deliveries and their attempt log. */
export function createNotifyRepository(db: Db) {
  const k = db.kysely;
  return {
    async subscriberByEmail(email: string): Promise<Subscriber | undefined> {
      return k.selectFrom('alert_subscribers').selectAll().where('email', '=', email).executeTakeFirst();
    },
    async insertSubscriber(row: Omit<Subscriber, 'id'>): Promise<number> {
      const r = await k.insertInto('alert_subscribers').values(row).returning('id').executeTakeFirstOrThrow();
      return r.id;
    },
    async updateSubscriber(id: number, patch: Partial<Omit<Subscriber, 'id'>>): Promise<void> {
      await k.updateTable('alert_subscribers').set(patch).where('id', '=', id).execute();
    },
    async subscriberByConfirmHash(hash: string): Promise<Subscriber | undefined> {
      return k
        .selectFrom('alert_subscribers')
        .selectAll()
        .where('confirm_token_hash', '=', hash)
        .executeTakeFirst();
    },
    async subscriberByUnsubscribeToken(token: string): Promise<Subscriber | undefined> {
      return k
        .selectFrom('alert_subscribers')
        .selectAll()
        .where('unsubscribe_token', '=', token)
        .executeTakeFirst();
    },
    async subscriber(id: number): Promise<Subscriber | undefined> {
      return k.selectFrom('alert_subscribers').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async activeSubscriberIds(ex: Executor): Promise<number[]> {
      const rows = await ex
        .selectFrom('alert_subscribers')
        .select('id')
        .where('status', '=', 'active')
        .execute();
      return rows.map((r) => r.id);
    },
    async countSubscribers(): Promise<Record<string, number>> {
      const rows = await k
        .selectFrom('alert_subscribers')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },

    async insertWebhook(row: Omit<Webhook, 'id'>): Promise<number> {
      const r = await k.insertInto('webhooks').values(row).returning('id').executeTakeFirstOrThrow();
      return r.id;
    },
    async webhook(id: number): Promise<Webhook | undefined> {
      return k.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async listWebhooks(): Promise<Webhook[]> {
      return k.selectFrom('webhooks').selectAll().orderBy('id').execute();
    },
    async setWebhookActive(id: number, active: boolean): Promise<boolean> {
      const r = await k
        .updateTable('webhooks')
        .set({ active: active ? 1 : 0 })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async activeWebhookIds(ex: Executor): Promise<number[]> {
      const rows = await ex.selectFrom('webhooks').select('id').where('active', '=', 1).execute();
      return rows.map((r) => r.id);
    },

    async insertDelivery(ex: Executor, row: Omit<Delivery, 'id'>): Promise<number> {
      const r = await ex
        .insertInto('notification_deliveries')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    async delivery(id: number): Promise<Delivery | undefined> {
      return k.selectFrom('notification_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async updateDelivery(id: number, patch: Partial<Omit<Delivery, 'id'>>): Promise<void> {
      await k.updateTable('notification_deliveries').set(patch).where('id', '=', id).execute();
    },
    async insertAttempt(row: {
      delivery_id: number;
      attempt: number;
      at: number;
      ok: number;
      status_code: number | null;
      error: string | null;
      duration_ms: number;
    }): Promise<void> {
      await k.insertInto('notification_attempts').values(row).execute();
    },
    /** The delivery log, newest first, with every attempt. */
    async deliveryLog(filter: { webhookId?: number; alertId?: number; limit: number }) {
      let q = k.selectFrom('notification_deliveries').selectAll();
      if (filter.webhookId !== undefined) q = q.where('webhook_id', '=', filter.webhookId);
      if (filter.alertId !== undefined) q = q.where('alert_id', '=', filter.alertId);
      const deliveries = await q.orderBy('id', 'desc').limit(filter.limit).execute();
      const ids = deliveries.map((d) => d.id);
      const attempts = ids.length
        ? await k
            .selectFrom('notification_attempts')
            .selectAll()
            .where('delivery_id', 'in', ids)
            .orderBy('attempt')
            .execute()
        : [];
      return deliveries.map((d) => ({ ...d, attemptLog: attempts.filter((a) => a.delivery_id === d.id) }));
    },
  };
}

export type NotifyRepository = ReturnType<typeof createNotifyRepository>;
