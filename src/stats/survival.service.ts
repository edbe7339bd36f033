/**
 * Time to takedown, honestly: Kaplan–Meier curves over takedown cases, from the URL's first report and
 * from the first takedown request to the site being down, overall and per hosting network, registrar,
 * TLD and hosting country. A site still live is censored at the time of computation and a case closed as
 * not actionable at its closing: both stay in the risk set, neither is dropped. A case whose site came
 * back (down → open) is live again and censored like any other live one.
 *
 * Where the dimensions come from (stored facts only, nothing is looked up here):
 * - network: the cached RDAP answer for the hosting address (its network `name`), else the hosting
 *   contact's name the case stored when the request was sent. ASNs are not known: RDAP IP answers as
 *   stored carry no origin AS, and no BGP data is kept.
 * - country: the cached RDAP answer for the hosting address.
 * - registrar: the registrar contact the case stored, else the cached RDAP answer for the domain.
 * - tld: the case's target host (IP hosts count as "ip").
 * The hosting address is the one the request was about (the hosting contact's query), else the latest
 * address a liveness check resolved for the URL.
 */
import net from 'node:net';
import type { RawBuilder } from 'kysely';
import type { Clock } from '../lib/clock.ts';
import { kaplanMeier, type Observation, survivalQuantile } from '../lib/survival.ts';
import type { SurvivalCaseRow, SurvivalRepository } from './survival.repository.ts';
import type { SurvivalDimension, SurvivalFigures, SurvivalGroup } from './survival.schema.ts';

type Facts = { network: string | null; registrar: string | null; tld: string; country: string | null };
type Subject = { facts: Facts; fromReport: Observation; fromRequest: Observation | null };

const GROUPED: readonly Exclude<SurvivalDimension, 'all'>[] = ['network', 'registrar', 'tld', 'country'];

function parseJson<T>(text: string | undefined): T | null {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

const clean = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

type StoredContact = { role?: string; name?: unknown; query?: unknown };

function addressOf(row: SurvivalCaseRow): string | null {
  const contacts = parseJson<StoredContact[]>(row.contacts) ?? [];
  const hosting = Array.isArray(contacts) ? contacts.find((c) => c?.role === 'hosting') : undefined;
  return clean(hosting?.query) ?? row.checkedAddress;
}

export function factsOf(row: SurvivalCaseRow, rdap: ReadonlyMap<string, string>): Facts {
  const contacts = parseJson<StoredContact[]>(row.contacts);
  const list = Array.isArray(contacts) ? contacts : [];
  const hosting = list.find((c) => c?.role === 'hosting');
  const registrar = list.find((c) => c?.role === 'registrar');
  const address = addressOf(row);
  const ip = address ? parseJson<{ name?: unknown; country?: unknown }>(rdap.get(`ip:${address}`)) : null;
  const domain = row.targetDomain
    ? parseJson<{ registrar?: { name?: unknown } | null }>(rdap.get(`domain:${row.targetDomain}`))
    : null;
  const host = row.targetHost.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  return {
    network: clean(ip?.name) ?? clean(hosting?.name),
    registrar: clean(registrar?.name) ?? clean(domain?.registrar?.name),
    tld: net.isIP(host) ? 'ip' : (host.split('.').pop() ?? '').toLowerCase() || 'ip',
    country: clean(ip?.country)?.toUpperCase() ?? null,
  };
}

/** When observation of a case ends and whether it ended with the site down. */
export function endOf(row: SurvivalCaseRow, now: number): { at: number; down: boolean } {
  if (row.state === 'down' && row.downAt !== null) return { at: row.downAt, down: true };
  if (row.state === 'closed') return { at: Math.min(now, row.closedAt ?? row.updatedAt), down: false };
  return { at: now, down: false };
}

function subjectOf(row: SurvivalCaseRow, rdap: ReadonlyMap<string, string>, now: number): Subject {
  const end = endOf(row, now);
  const since = (origin: number): Observation => ({ time: Math.max(0, end.at - origin), event: end.down });
  return {
    facts: factsOf(row, rdap),
    fromReport: since(row.firstReportedAt),
    fromRequest: row.requestedAt === null ? null : since(row.requestedAt),
  };
}

function curve(observations: readonly Observation[]) {
  const km = kaplanMeier(observations);
  const q = (p: number) => {
    const x = survivalQuantile(km, p);
    return { ms: x.estimate, lowerMs: x.lower, upperMs: x.upper };
  };
  const down = observations.filter((o) => o.event).length;
  return {
    cases: observations.length,
    down,
    censored: observations.length - down,
    median: q(0.5),
    p90: q(0.9),
  };
}

/** The figures from the cases and the cached RDAP answers (pure: the service only loads the inputs). */
export function survivalFigures(
  rows: readonly SurvivalCaseRow[],
  rdap: ReadonlyMap<string, string>,
  options: { now: number; minCases: number; range: { from?: number; to?: number } },
): SurvivalFigures {
  const minCases = Math.max(1, options.minCases);
  const subjects = rows.map((r) => subjectOf(r, rdap, options.now));
  const group = (dimension: SurvivalDimension, value: string | null, of: Subject[]): SurvivalGroup => {
    const requested = of.flatMap((s) => (s.fromRequest ? [s.fromRequest] : []));
    return {
      dimension,
      value,
      fromReport: curve(of.map((s) => s.fromReport)),
      fromRequest: requested.length >= minCases ? curve(requested) : null,
    };
  };
  const groups: SurvivalGroup[] = [];
  const hidden: SurvivalFigures['hidden'] = [];
  if (subjects.length >= minCases) groups.push(group('all', null, subjects));
  else if (subjects.length > 0) hidden.push({ dimension: 'all', groups: 1, cases: subjects.length });
  for (const dimension of GROUPED) {
    const by = new Map<string, Subject[]>();
    for (const s of subjects) {
      const value = s.facts[dimension];
      if (value === null) continue;
      const list = by.get(value) ?? [];
      list.push(s);
      by.set(value, list);
    }
    const sorted = [...by].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    const small = sorted.filter(([, of]) => of.length < minCases);
    for (const [value, of] of sorted) if (of.length >= minCases) groups.push(group(dimension, value, of));
    if (small.length > 0)
      hidden.push({ dimension, groups: small.length, cases: small.reduce((a, [, of]) => a + of.length, 0) });
  }
  const known = (d: keyof Facts) => subjects.filter((s) => s.facts[d] !== null).length;
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  return {
    computedAt: new Date(options.now).toISOString(),
    range: { from: iso(options.range.from), to: iso(options.range.to) },
    method: 'kaplan-meier',
    confidence: 0.95,
    minCases,
    total: {
      cases: subjects.length,
      requested: subjects.filter((s) => s.fromRequest !== null).length,
      down: subjects.filter((s) => s.fromReport.event).length,
      censored: subjects.filter((s) => !s.fromReport.event).length,
    },
    known: {
      network: known('network'),
      registrar: known('registrar'),
      tld: known('tld'),
      country: known('country'),
    },
    groups,
    hidden,
  };
}

export function createSurvivalService(deps: { repo: SurvivalRepository; clock: Clock; minCases: number }) {
  return {
    /**
     * Figures over the cases opened in the range (all when none) whose URLs `urls` lets through (the
     * disclosure condition on `urls as u` for the audience; null for staff).
     */
    async compute(input: {
      range?: { from?: number; to?: number };
      urls: RawBuilder<boolean> | null;
      now?: number;
    }): Promise<SurvivalFigures> {
      const range = input.range ?? {};
      const rows = await deps.repo.cases(range, input.urls);
      const keys = rows.flatMap((r) => {
        const address = addressOf(r);
        return [
          ...(address ? [`ip:${address}`] : []),
          ...(r.targetDomain ? [`domain:${r.targetDomain}`] : []),
        ];
      });
      const rdap = await deps.repo.rdapAnswers(keys);
      return survivalFigures(rows, rdap, {
        now: input.now ?? deps.clock.now(),
        minCases: deps.minCases,
        range,
      });
    },
  };
}

export type SurvivalService = ReturnType<typeof createSurvivalService>;
