import type { BrandRegistry } from '../brands/brand-registry.ts';
import { chunks } from '../lib/chunks.ts';
import type { Db } from '../storage/database.ts';
import type { Allowlist } from './allowlist.service.ts';

/** What triage knows of a URL for the triage rules (src/rules), without liveness or capture facts. */
export type TriageFacts = {
  urlId: number;
  status: string;
  canonical: string;
  host: string;
  domain: string | null;
  tld: string | null;
  scheme: string;
  features: string[];
  firstSeen: number;
  reports: number;
  reporters: number;
  sources: { id: number; trust: string }[];
  brand: { slug: string; confidence: number; evidenceKind: string } | null;
  allowlisted: boolean;
  official: boolean;
  decidedByPerson: boolean;
};

const CHUNK = 500;

/**
 * The triage module's read side for the rules: URL facts set-based (a few queries per 500 URLs), the
 * ids behind canonical-URL hashes, and the URLs first seen in a period (dry runs).
 */
export function createRuleFacts(deps: { db: Db; allowlist: Allowlist; brands: BrandRegistry }) {
  const k = deps.db.kysely;

  async function factsOf(ids: readonly number[]): Promise<TriageFacts[]> {
    await deps.allowlist.ensureFresh();
    const out: TriageFacts[] = [];
    for (const part of chunks([...new Set(ids)], CHUNK)) {
      const [urls, sources, people] = await Promise.all([
        k
          .selectFrom('urls as u')
          .innerJoin('hosts as h', 'h.id', 'u.host_id')
          .leftJoin('domains as d', 'd.id', 'u.domain_id')
          .leftJoin('brands as b', 'b.id', 'u.brand_id')
          .select([
            'u.id',
            'u.status',
            'u.canonical',
            'u.scheme',
            'u.path',
            'u.tld',
            'u.features',
            'u.first_seen',
            'u.report_count',
            'u.brand_confidence',
            'u.brand_evidence',
            'b.slug as brand_slug',
            'h.name as host',
            'd.name as domain',
          ])
          .where('u.id', 'in', part)
          .execute(),
        k
          .selectFrom('report_urls as ru')
          .innerJoin('reports as r', 'r.id', 'ru.report_id')
          .innerJoin('sources as s', 's.id', 'r.source_id')
          .select([
            'ru.url_id',
            's.id as source_id',
            's.trust',
            (eb) => eb.fn.countAll<number>().as('reports'),
            (eb) => eb.fn.count<number>('r.reporter_contact').distinct().as('contacts'),
            (eb) => eb.fn.count<number>('r.reporter_contact').as('with_contact'),
          ])
          .where('ru.url_id', 'in', part)
          .groupBy(['ru.url_id', 's.id', 's.trust'])
          .execute(),
        k
          .selectFrom('url_verdicts')
          .select('url_id')
          .distinct()
          .where('url_id', 'in', part)
          .where('actor_id', 'is not', null)
          .execute(),
      ]);
      const bySource = new Map<number, { id: number; trust: string }[]>();
      const reporters = new Map<number, number>();
      for (const s of sources) {
        const id = Number(s.url_id);
        bySource.set(id, [...(bySource.get(id) ?? []), { id: Number(s.source_id), trust: s.trust }]);
        const anonymous = Number(s.reports) - Number(s.with_contact);
        reporters.set(id, (reporters.get(id) ?? 0) + Number(s.contacts) + anonymous);
      }
      const decided = new Set(people.map((p) => Number(p.url_id)));
      for (const u of urls) {
        const id = Number(u.id);
        const match = deps.brands.matchUrl({ host: u.host, registrableDomain: u.domain, path: u.path });
        const analyst = (u.brand_evidence ?? '').includes('analyst correction');
        out.push({
          urlId: id,
          status: u.status,
          canonical: u.canonical,
          host: u.host,
          domain: u.domain,
          tld: u.tld,
          scheme: u.scheme,
          features: u.features ? u.features.split(',').filter(Boolean) : [],
          firstSeen: Number(u.first_seen),
          reports: Number(u.report_count),
          reporters: reporters.get(id) ?? 0,
          sources: bySource.get(id) ?? [],
          brand:
            u.brand_slug === null
              ? null
              : {
                  slug: u.brand_slug,
                  confidence: Number(u.brand_confidence ?? 0),
                  evidenceKind: analyst
                    ? 'analyst'
                    : match && match.slug === u.brand_slug
                      ? match.kind
                      : 'report',
                },
          allowlisted: u.status === 'allowlisted' || deps.allowlist.match(u.host, u.path) !== null,
          official: match?.official === true,
          decidedByPerson: decided.has(id),
        });
      }
    }
    return out;
  }

  return {
    factsOf,

    async idsOfHashes(hashes: readonly string[]): Promise<number[]> {
      const out: number[] = [];
      for (const part of chunks([...new Set(hashes)], CHUNK)) {
        const rows = await k.selectFrom('urls').select('id').where('url_hash', 'in', part).execute();
        out.push(...rows.map((r) => Number(r.id)));
      }
      return out;
    },

    /** Ids of URLs first seen in [from, to), in id order, a page at a time (after `afterId`). */
    async firstSeenBetween(from: number, to: number, afterId: number, limit: number): Promise<number[]> {
      const rows = await k
        .selectFrom('urls')
        .select('id')
        .where('first_seen', '>=', from)
        .where('first_seen', '<', to)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => Number(r.id));
    },

    /** Verdicts per month (UTC) from `from` to `to`: by a rule, by a confirmed source, by a person, by the system. */
    async verdictCounts(from: number, to: number) {
      const out: { month: string; rule: number; source: number; human: number; system: number }[] = [];
      for (let d = new Date(from); d.getTime() < to; ) {
        const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
        const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
        const rows = await k
          .selectFrom('url_verdicts')
          .select([
            'basis',
            (eb) => eb.fn.count<number>('actor_id').as('people'),
            (eb) => eb.fn.countAll<number>().as('n'),
          ])
          .where('at', '>=', Math.max(start, from))
          .where('at', '<', Math.min(end, to))
          .groupBy('basis')
          .execute();
        const m = {
          month: new Date(start).toISOString().slice(0, 7),
          rule: 0,
          source: 0,
          human: 0,
          system: 0,
        };
        for (const r of rows) {
          if (r.basis === 'rule') m.rule += Number(r.n);
          else if (r.basis === 'source') m.source += Number(r.n);
          else {
            m.human += Number(r.people);
            m.system += Number(r.n) - Number(r.people);
          }
        }
        out.push(m);
        d = new Date(end);
      }
      return out;
    },
  };
}

export type RuleFacts = ReturnType<typeof createRuleFacts>;
