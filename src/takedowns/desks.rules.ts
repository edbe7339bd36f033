import type { DeskKey, DeskRow } from './desks.repository.ts';
import type { Contact } from './takedowns.contacts.ts';
import { median } from './takedowns.metrics.ts';

export const DESK_KEY_KINDS = ['rdap_handle', 'network', 'domain'] as const;
export const DESK_CHANNELS = ['email', 'web_form', 'api'] as const;
export type DeskChannel = (typeof DESK_CHANNELS)[number];

export const normaliseKey = (value: string) => value.trim().toLowerCase().replace(/\.$/, '');

/** The host and each parent domain down to the registrable one: a desk for a service's domain covers its sites. */
export function domainKeys(host: string, registrableDomain: string | null): string[] {
  const labels = normaliseKey(host).split('.');
  const out: string[] = [];
  for (let i = 0; i < labels.length - 1 || i === 0; i++) {
    const d = labels.slice(i).join('.');
    out.push(d);
    if (d === registrableDomain || !registrableDomain) break;
  }
  return out;
}

function contactKeys(c: Contact): DeskKey[] {
  const keys: DeskKey[] = [];
  if (c.handle) keys.push({ kind: 'rdap_handle', value: normaliseKey(c.handle) });
  if (c.network) keys.push({ kind: 'network', value: normaliseKey(c.network) });
  return keys;
}

/**
 * The desk keys of a target, most fitting first. A request goes to whoever hosts the site (a desk for
 * the site's domain — a free-hosting or form service — before the network's), an escalation to the
 * registrar first, as the default recipients do (recipientsFor).
 */
export function candidateKeys(
  kind: 'request' | 'escalation',
  target: { host: string; registrableDomain: string | null },
  contacts: readonly Contact[],
): DeskKey[] {
  const domain = domainKeys(target.host, target.registrableDomain).map(
    (value): DeskKey => ({ kind: 'domain', value }),
  );
  const of = (role: Contact['role']) => contacts.filter((c) => c.role === role).flatMap(contactKeys);
  return kind === 'request'
    ? [...domain, ...of('hosting'), ...of('registrar')]
    : [...of('registrar'), ...domain, ...of('hosting')];
}

/** The first candidate key that has a desk. */
export function chooseDesk(keys: readonly DeskKey[], desks: readonly DeskRow[]): DeskRow | null {
  for (const key of keys) {
    const d = desks.find((x) => x.key_kind === key.kind && x.key_value === key.value);
    if (d) return d;
  }
  return null;
}

export type DeskRecord = {
  requests: number;
  acknowledged: number;
  acted: number;
  medianToDownMs: number | null;
};

/**
 * How a desk has answered, from the cases it was asked about: each case counts once (its first request
 * notice), acknowledged when the case recorded an acknowledgement, acted when the site went down;
 * the median runs from that first request to down.
 */
export function deskRecord(
  notices: readonly { caseId: number; at: number; acknowledgedAt: number | null; downAt: number | null }[],
): DeskRecord {
  const first = new Map<number, (typeof notices)[number]>();
  for (const n of notices) {
    const seen = first.get(n.caseId);
    if (!seen || n.at < seen.at) first.set(n.caseId, n);
  }
  const cases = [...first.values()];
  const down = cases.filter((c) => c.downAt !== null);
  return {
    requests: cases.length,
    acknowledged: cases.filter((c) => c.acknowledgedAt !== null).length,
    acted: down.length,
    medianToDownMs: median(down.map((c) => Math.max(0, c.downAt! - c.at))),
  };
}
