import type { Logger } from 'pino';
import type { RdapClient } from '../rdap/rdap.client.ts';

/** Who can take a site down: the hosting network's abuse desk (RDAP of the IP) or the registrar's. */
export type Contact = {
  role: 'hosting' | 'registrar';
  name: string | null;
  emails: string[];
  /**
   * The RDAP entity handle of the desk: the abuse contact's (an IRT object of a network), else the
   * registrar's. Absent on contacts stored before the desk registry.
   */
  handle?: string | null;
  /** The IP network's name (hosting only). */
  network?: string | null;
  /** The RDAP server that said so, and what was asked. */
  source: string | null;
  query: string;
  fetchedAt: number | null;
  error: string | null;
};

export async function findContacts(
  rdap: RdapClient,
  log: Logger,
  target: { address: string | null; registrableDomain: string | null },
): Promise<Contact[]> {
  const out: Contact[] = [];
  if (target.address) {
    try {
      const { result, fetchedAt } = await rdap.ip(target.address);
      out.push({
        role: 'hosting',
        name: result?.registrant ?? result?.name ?? null,
        emails: [...new Set(result?.abuse.flatMap((a) => a.emails) ?? [])],
        handle: result?.abuse.find((a) => a.handle)?.handle ?? null,
        network: result?.name ?? null,
        source: result?.server ?? null,
        query: target.address,
        fetchedAt,
        error: result ? null : 'not found',
      });
    } catch (err) {
      log.warn({ err, address: target.address }, 'RDAP look-up of the hosting network failed');
      out.push(failed('hosting', target.address, err));
    }
  }
  if (target.registrableDomain) {
    try {
      const { result, fetchedAt } = await rdap.domain(target.registrableDomain);
      const abuse = result?.abuse.flatMap((a) => a.emails) ?? [];
      out.push({
        role: 'registrar',
        name: result?.registrar?.name ?? null,
        // The registrar's abuse contact; its general address only when it publishes no abuse one.
        emails: [...new Set(abuse.length ? abuse : (result?.registrar?.emails ?? []))],
        handle: result?.registrar?.handle ?? result?.abuse.find((a) => a.handle)?.handle ?? null,
        network: null,
        source: result?.server ?? null,
        query: target.registrableDomain,
        fetchedAt,
        error: result ? null : 'not found',
      });
    } catch (err) {
      log.warn({ err, domain: target.registrableDomain }, 'RDAP look-up of the domain failed');
      out.push(failed('registrar', target.registrableDomain, err));
    }
  }
  return out;
}

function failed(role: Contact['role'], query: string, err: unknown): Contact {
  return {
    role,
    name: null,
    emails: [],
    source: null,
    query,
    fetchedAt: null,
    error: err instanceof Error ? err.message : String(err),
  };
}

/** Default recipients: a request goes to the host (fastest to act), an escalation to the registrar. */
export function recipientsFor(kind: 'request' | 'escalation', contacts: readonly Contact[]) {
  const emails = (role: Contact['role']) => contacts.filter((c) => c.role === role).flatMap((c) => c.emails);
  const [first, second] =
    kind === 'request' ? [emails('hosting'), emails('registrar')] : [emails('registrar'), emails('hosting')];
  const to = first.length ? first : second;
  const cc = first.length ? second.filter((e) => !to.includes(e)) : [];
  return { to: [...new Set(to)], cc: [...new Set(cc)] };
}
