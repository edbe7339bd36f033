import { type Kysely, sql } from 'kysely';
import { createAllowlistIndex } from '../../triage/allowlist.index.ts';
import { openPlatformZone } from '../../triage/open-platforms.ts';
import type { Dialect } from '../database.ts';
import { columnTypes } from './columns.ts';

/**
 * Allowlisting that never hides phishing. Until now a brand's official domain (google.com, live.com,
 * dropbox.com, line.me…) covered every subdomain, so a reported docs.google.com form or a Dropbox shared
 * file landed `allowlisted` and never reached a person. From now on no domain or host entry covers a host
 * on an open platform (src/triage/open-platforms.ts); only page (`path`) entries do. This migration
 *  1. removes the domain and host entries that lie on an open platform (dropbox.com, t.me, an analyst's
 *     docs.google.com), each recorded in the audit log by the system;
 *  2. re-opens every URL the old rule hid and the new one does not: status back to `new`, with a
 *     url_verdicts row (actor: the system) saying why.
 * Both steps are idempotent (`reopenHiddenUrls`: a second run finds nothing to do).
 *
 * Campaigns that are campaigns (src/campaigns): a campaign keeps its size (`url_count`, so lists sort by
 * size without counting), the key that defines it (`signature`, e.g. `host:smba.co.jp.*.cn`), and each
 * URL the score and shared keys with which it joined (`campaign_urls.score`, `.evidence` JSON).
 * Never edit once landed.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const { pg } = columnTypes(dialect);
  await db.schema
    .alterTable('campaigns')
    .addColumn('url_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('campaigns').addColumn('signature', 'text').execute();
  await db.schema
    .alterTable('campaign_urls')
    .addColumn('score', pg ? 'double precision' : 'real')
    .execute();
  await db.schema.alterTable('campaign_urls').addColumn('evidence', 'text').execute();
  await db.schema
    .createIndex('campaigns_size')
    .on('campaigns')
    .columns(['status', 'url_count', 'last_seen'])
    .execute();
  await db.schema.createIndex('campaigns_signature').on('campaigns').column('signature').execute();
  await sql`update campaigns set url_count =
      (select count(*) from campaign_urls cu where cu.campaign_id = campaigns.id)`.execute(db);
  await reopenHiddenUrls(db);
}

/** Steps 1 and 2 above (exported for the test that replays them on an installation with old entries). */
export async function reopenHiddenUrls(db: Kysely<unknown>): Promise<{ removed: number; reopened: number }> {
  const k = db as Kysely<Tables>;
  const now = Date.now();
  const entries = await k.selectFrom('allowlist').selectAll().execute();
  let removed = 0;
  for (const e of entries) {
    if (e.kind === 'path' || openPlatformZone(e.value) === null) continue;
    removed++;
    await k.deleteFrom('allowlist').where('id', '=', e.id).execute();
    await k
      .insertInto('audit_log')
      .values({
        at: now,
        actor_user_id: null,
        actor_api_key_id: null,
        action: 'allowlist.remove',
        entity: 'allowlist',
        entity_id: String(e.id),
        before: JSON.stringify({ kind: e.kind, value: e.value, source: e.source, reason: e.reason }),
        after: null,
        request_id: 'migration:0013',
      })
      .execute();
  }
  const index = createAllowlistIndex(
    await k.selectFrom('allowlist').select(['id', 'kind', 'value']).execute(),
  );
  const hidden = await k
    .selectFrom('urls')
    .innerJoin('hosts', 'hosts.id', 'urls.host_id')
    .select(['urls.id', 'hosts.name as host', 'urls.path'])
    .where('urls.status', '=', 'allowlisted')
    .execute();
  const reopen = hidden.filter((u) => index.match(u.host, u.path) === null).map((u) => u.id);
  for (let i = 0; i < reopen.length; i += 500) {
    const ids = reopen.slice(i, i + 500);
    await k
      .updateTable('urls')
      .set({ status: 'new' })
      .where('id', 'in', ids)
      .where('status', '=', 'allowlisted')
      .execute();
    await k
      .insertInto('url_verdicts')
      .values(
        ids.map((url_id) => ({
          url_id,
          from_status: 'allowlisted',
          to_status: 'new',
          reason:
            'migration 0013: on a platform where anyone can publish, so no longer covered by a domain or host entry; back in the queue',
          actor_id: null,
          at: now,
        })),
      )
      .execute();
  }
  return { removed, reopened: reopen.length };
}

type Tables = {
  allowlist: { id: number; kind: string; value: string; reason: string; source: string };
  audit_log: {
    at: number;
    actor_user_id: number | null;
    actor_api_key_id: number | null;
    action: string;
    entity: string;
    entity_id: string | null;
    before: string | null;
    after: string | null;
    request_id: string | null;
  };
  urls: { id: number; host_id: number; path: string; status: string };
  hosts: { id: number; name: string };
  url_verdicts: {
    url_id: number;
    from_status: string;
    to_status: string;
    reason: string;
    actor_id: number | null;
    at: number;
  };
};
