import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * What the statistics engine (src/stats) needs to compute a month in well under a second on millions of
 * reports. Never edit once landed: add a new migration instead.
 *
 * stats_month_urls holds one row per (JST month, URL) for every URL named by a report whose reported_at
 * falls in that month, with the URL's immutable facts copied in (so a month's URL figures read one
 * contiguous range and never join 120,000 URL rows). Database triggers keep it exact whatever writes the
 * links (import service, raw SQLite ingest, report processing, deletes): a link adds 1 to `links`, its
 * removal subtracts 1 and the row goes at 0; a report moved to another month moves its links.
 * stats_month_reports counts reports per (JST month, brand, source, kind) the same way.
 * The month key is JST: YYYYMM of reported_at + 9 h.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const pg = dialect === 'postgres';

  // Covering index for every per-report figure of a period (counts by brand, source and kind).
  await db.schema
    .createIndex('reports_stats')
    .on('reports')
    .columns(['reported_at', 'brand_id', 'source_id', 'kind'])
    .execute();

  // The sender domain of an e-mail report, extracted once by the statistics engine (payload and
  // attachments never change after intake). from_domain is null when no sender was found; `extractor`
  // names the extraction rule's version.
  await db.schema
    .createTable('report_email_senders')
    .addColumn('report_id', 'bigint', (c) => c.primaryKey().references('reports.id').onDelete('cascade'))
    .addColumn('from_domain', 'text')
    .addColumn('extractor', 'text', (c) => c.notNull())
    .addColumn('extracted_at', 'bigint', (c) => c.notNull())
    .execute();

  await sql`create table stats_month_urls (
    month integer not null,
    url_id bigint not null,
    links integer not null,
    scheme text not null,
    site_id bigint not null,
    domain_id bigint,
    tld text,
    path text not null,
    features text not null,
    primary key (month, url_id)
  )${sql.raw(pg ? '' : ' without rowid')}`.execute(db);
  // Each figure's group-by reads its own index in order (no sort): TLDs, domains, the subdomain merge
  // key (site_id is the registrable domain's id, or minus the host's id when there is none), features.
  for (const [name, columns] of [
    ['stats_month_urls_tld', 'month, tld'],
    ['stats_month_urls_domain', 'month, domain_id'],
    ['stats_month_urls_site', 'month, scheme, site_id, path'],
    ['stats_month_urls_features', 'month, features'],
    ['stats_month_urls_url', 'url_id'],
  ] as const) {
    await sql`create index ${sql.raw(name)} on stats_month_urls (${sql.raw(columns)})`.execute(db);
  }

  // Reports per (JST month, brand, source, kind); brand_key is the brand id, 0 for none. Rows may reach 0.
  await sql`create table stats_month_reports (
    month integer not null,
    brand_key bigint not null,
    source_id bigint not null,
    kind text not null,
    reports integer not null,
    primary key (month, brand_key, source_id, kind)
  )${sql.raw(pg ? '' : ' without rowid')}`.execute(db);

  if (pg) await postgresTriggers(db);
  else await sqliteTriggers(db);

  const month = sql.raw(pg ? 'stats_month_key(r.reported_at)' : sqliteMonth('r.reported_at'));
  await sql`insert into stats_month_urls (month, url_id, links, scheme, site_id, domain_id, tld, path, features)
    select ${month}, u.id, count(*), u.scheme, coalesce(u.domain_id, -u.host_id), u.domain_id, u.tld, u.path, u.features
    from report_urls ru join reports r on r.id = ru.report_id join urls u on u.id = ru.url_id
    group by 1, u.id`.execute(db);
  await sql`insert into stats_month_reports (month, brand_key, source_id, kind, reports)
    select ${month}, coalesce(r.brand_id, 0), r.source_id, r.kind, count(*) from reports r
    group by 1, 2, 3, 4`.execute(db);
}

const SQLITE_COLUMNS = 'month, url_id, links, scheme, site_id, domain_id, tld, path, features';
/** JST month key YYYYMM of an epoch-ms column, in SQLite. */
function sqliteMonth(column: string): string {
  return `cast(strftime('%Y%m', (${column} + 32400000) / 1000, 'unixepoch') as integer)`;
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const url = (month: string) =>
    `${month}, u.id, 1, u.scheme, coalesce(u.domain_id, -u.host_id), u.domain_id, u.tld, u.path, u.features`;
  const m = sqliteMonth;
  await sql
    .raw(`create trigger stats_month_urls_link after insert on report_urls begin
    insert into stats_month_urls (${SQLITE_COLUMNS})
    select ${url(m('r.reported_at'))} from reports r, urls u where r.id = new.report_id and u.id = new.url_id
    on conflict (month, url_id) do update set links = links + 1;
  end`)
    .execute(db);
  await sql
    .raw(`create trigger stats_month_urls_unlink after delete on report_urls begin
    update stats_month_urls set links = links - 1
    where url_id = old.url_id and month = (select ${m('reported_at')} from reports where id = old.report_id);
    delete from stats_month_urls
    where url_id = old.url_id and links <= 0
      and month = (select ${m('reported_at')} from reports where id = old.report_id);
  end`)
    .execute(db);
  // The cascade from reports deletes links after the report row is gone; unlinking first, while the
  // report (and so its month) is still there, keeps the counts exact.
  await sql
    .raw(`create trigger stats_month_urls_report_delete before delete on reports begin
    delete from report_urls where report_id = old.id;
  end`)
    .execute(db);
  await sql
    .raw(`create trigger stats_month_urls_report_move after update of reported_at on reports
  when ${m('old.reported_at')} <> ${m('new.reported_at')} begin
    update stats_month_urls set links = links - 1
    where month = ${m('old.reported_at')} and url_id in (select url_id from report_urls where report_id = new.id);
    delete from stats_month_urls
    where month = ${m('old.reported_at')} and links <= 0
      and url_id in (select url_id from report_urls where report_id = new.id);
    insert into stats_month_urls (${SQLITE_COLUMNS})
    select ${url(m('new.reported_at'))} from report_urls ru join urls u on u.id = ru.url_id where ru.report_id = new.id
    on conflict (month, url_id) do update set links = links + 1;
  end`)
    .execute(db);
  const reportKey = (row: string) =>
    `${m(`${row}.reported_at`)}, coalesce(${row}.brand_id, 0), ${row}.source_id, ${row}.kind`;
  await sql
    .raw(`create trigger stats_month_reports_add after insert on reports begin
    insert into stats_month_reports (month, brand_key, source_id, kind, reports) values (${reportKey('new')}, 1)
    on conflict (month, brand_key, source_id, kind) do update set reports = reports + 1;
  end`)
    .execute(db);
  await sql
    .raw(`create trigger stats_month_reports_remove after delete on reports begin
    update stats_month_reports set reports = reports - 1
    where (month, brand_key, source_id, kind) = (${reportKey('old')});
  end`)
    .execute(db);
  await sql
    .raw(`create trigger stats_month_reports_change
  after update of reported_at, brand_id, source_id, kind on reports begin
    update stats_month_reports set reports = reports - 1
    where (month, brand_key, source_id, kind) = (${reportKey('old')});
    insert into stats_month_reports (month, brand_key, source_id, kind, reports) values (${reportKey('new')}, 1)
    on conflict (month, brand_key, source_id, kind) do update set reports = reports + 1;
  end`)
    .execute(db);
  await sql
    .raw(`create trigger stats_month_urls_url_change
  after update of scheme, host_id, domain_id, tld, path, features on urls begin
    update stats_month_urls set scheme = new.scheme, site_id = coalesce(new.domain_id, -new.host_id),
      domain_id = new.domain_id, tld = new.tld, path = new.path, features = new.features
    where url_id = new.id;
  end`)
    .execute(db);
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `create function stats_month_key(ms bigint) returns integer language sql immutable as $$
      select to_char(to_timestamp((ms + 32400000) / 1000.0) at time zone 'UTC', 'YYYYMM')::integer $$`,
    // Statement-level with a transition table: one grouped upsert per INSERT, however many rows it has.
    `create function stats_month_urls_link() returns trigger language plpgsql as $$ begin
      insert into stats_month_urls (${SQLITE_COLUMNS})
      select stats_month_key(r.reported_at), u.id, count(*), u.scheme, coalesce(u.domain_id, -u.host_id),
        u.domain_id, u.tld, u.path, u.features
      from added a join reports r on r.id = a.report_id join urls u on u.id = a.url_id
      group by 1, u.id
      on conflict (month, url_id) do update set links = stats_month_urls.links + excluded.links;
      return null;
    end $$`,
    `create trigger stats_month_urls_link after insert on report_urls referencing new table as added
      for each statement execute function stats_month_urls_link()`,
    `create function stats_month_urls_unlink() returns trigger language plpgsql as $$ begin
      update stats_month_urls s set links = s.links - d.n
      from (select stats_month_key(r.reported_at) as m, x.url_id, count(*) as n
            from removed x join reports r on r.id = x.report_id group by 1, 2) d
      where s.month = d.m and s.url_id = d.url_id;
      delete from stats_month_urls s
      using (select distinct stats_month_key(r.reported_at) as m, x.url_id
             from removed x join reports r on r.id = x.report_id) d
      where s.month = d.m and s.url_id = d.url_id and s.links <= 0;
      return null;
    end $$`,
    `create trigger stats_month_urls_unlink after delete on report_urls referencing old table as removed
      for each statement execute function stats_month_urls_unlink()`,
    // See the SQLite twin: unlink while the report row (its month) still exists.
    `create function stats_month_urls_report_delete() returns trigger language plpgsql as $$ begin
      delete from report_urls where report_id = old.id;
      return old;
    end $$`,
    `create trigger stats_month_urls_report_delete before delete on reports
      for each row execute function stats_month_urls_report_delete()`,
    `create function stats_month_urls_report_move() returns trigger language plpgsql as $$ begin
      update stats_month_urls set links = links - 1
      where month = stats_month_key(old.reported_at)
        and url_id in (select url_id from report_urls where report_id = new.id);
      delete from stats_month_urls
      where month = stats_month_key(old.reported_at) and links <= 0
        and url_id in (select url_id from report_urls where report_id = new.id);
      insert into stats_month_urls (${SQLITE_COLUMNS})
      select stats_month_key(new.reported_at), u.id, 1, u.scheme, coalesce(u.domain_id, -u.host_id),
        u.domain_id, u.tld, u.path, u.features
      from report_urls ru join urls u on u.id = ru.url_id where ru.report_id = new.id
      on conflict (month, url_id) do update set links = stats_month_urls.links + 1;
      return null;
    end $$`,
    `create trigger stats_month_urls_report_move after update of reported_at on reports
      for each row when (stats_month_key(old.reported_at) <> stats_month_key(new.reported_at))
      execute function stats_month_urls_report_move()`,
    `create function stats_month_urls_url_change() returns trigger language plpgsql as $$ begin
      update stats_month_urls set scheme = new.scheme, site_id = coalesce(new.domain_id, -new.host_id),
        domain_id = new.domain_id, tld = new.tld, path = new.path, features = new.features
      where url_id = new.id;
      return null;
    end $$`,
    `create trigger stats_month_urls_url_change after update of scheme, host_id, domain_id, tld, path, features
      on urls for each row execute function stats_month_urls_url_change()`,
    `create function stats_month_reports_add() returns trigger language plpgsql as $$ begin
      insert into stats_month_reports (month, brand_key, source_id, kind, reports)
      select stats_month_key(reported_at), coalesce(brand_id, 0), source_id, kind, count(*) from added
      group by 1, 2, 3, 4
      on conflict (month, brand_key, source_id, kind)
      do update set reports = stats_month_reports.reports + excluded.reports;
      return null;
    end $$`,
    `create trigger stats_month_reports_add after insert on reports referencing new table as added
      for each statement execute function stats_month_reports_add()`,
    `create function stats_month_reports_remove() returns trigger language plpgsql as $$ begin
      update stats_month_reports s set reports = s.reports - d.n
      from (select stats_month_key(reported_at) as m, coalesce(brand_id, 0) as b, source_id, kind, count(*) as n
            from removed group by 1, 2, 3, 4) d
      where s.month = d.m and s.brand_key = d.b and s.source_id = d.source_id and s.kind = d.kind;
      return null;
    end $$`,
    `create trigger stats_month_reports_remove after delete on reports referencing old table as removed
      for each statement execute function stats_month_reports_remove()`,
    `create function stats_month_reports_change() returns trigger language plpgsql as $$ begin
      update stats_month_reports set reports = reports - 1
      where month = stats_month_key(old.reported_at) and brand_key = coalesce(old.brand_id, 0)
        and source_id = old.source_id and kind = old.kind;
      insert into stats_month_reports (month, brand_key, source_id, kind, reports)
      values (stats_month_key(new.reported_at), coalesce(new.brand_id, 0), new.source_id, new.kind, 1)
      on conflict (month, brand_key, source_id, kind) do update set reports = stats_month_reports.reports + 1;
      return null;
    end $$`,
    `create trigger stats_month_reports_change after update of reported_at, brand_id, source_id, kind on reports
      for each row
      when (old.reported_at is distinct from new.reported_at or old.brand_id is distinct from new.brand_id
        or old.source_id is distinct from new.source_id or old.kind is distinct from new.kind)
      execute function stats_month_reports_change()`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
