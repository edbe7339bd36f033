/**
 * Reading RFC 9083 RDAP responses: who to contact about abuse. The abuse contact is an entity with the
 * role "abuse", often nested inside the registrar (domains) or the network's registrant (IP networks);
 * its e-mail address is in the jCard (RFC 7095) `vcardArray`.
 */
export type RdapEntity = {
  handle?: string;
  roles?: string[];
  vcardArray?: unknown;
  entities?: RdapEntity[];
  publicIds?: { type?: string; identifier?: string }[];
};

export type RdapContact = { name: string | null; emails: string[]; phones: string[]; handle: string | null };

export type RdapDomainResult = {
  kind: 'domain';
  query: string;
  server: string;
  handle: string | null;
  ldhName: string | null;
  status: string[];
  registrar: (RdapContact & { ianaId: string | null }) | null;
  abuse: RdapContact[];
};

export type RdapIpResult = {
  kind: 'ip';
  query: string;
  server: string;
  handle: string | null;
  name: string | null;
  country: string | null;
  startAddress: string | null;
  endAddress: string | null;
  registrant: string | null;
  abuse: RdapContact[];
};

export type RdapResult = RdapDomainResult | RdapIpResult;

type VcardProperty = [string, Record<string, unknown>, string, ...unknown[]];

function properties(entity: RdapEntity): VcardProperty[] {
  const v = entity.vcardArray;
  if (!Array.isArray(v) || v[0] !== 'vcard' || !Array.isArray(v[1])) return [];
  return (v[1] as unknown[]).filter(
    (p): p is VcardProperty => Array.isArray(p) && typeof p[0] === 'string' && p.length >= 4,
  );
}

function values(entity: RdapEntity, name: string): string[] {
  return properties(entity)
    .filter((p) => p[0].toLowerCase() === name)
    .map((p) => p[3])
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .map((v) => v.trim());
}

export function contactOf(entity: RdapEntity): RdapContact {
  const emails = values(entity, 'email')
    .map((e) => e.replace(/^mailto:/i, '').toLowerCase())
    .filter((e) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e));
  return {
    name: values(entity, 'fn')[0] ?? values(entity, 'org')[0] ?? null,
    emails: [...new Set(emails)],
    phones: values(entity, 'tel').map((t) => t.replace(/^tel:/i, '')),
    handle: typeof entity.handle === 'string' ? entity.handle : null,
  };
}

/** Every entity, depth first, with its nesting (at most a few levels in practice; capped against loops). */
function* walk(entities: unknown, depth = 0): Generator<RdapEntity> {
  if (!Array.isArray(entities) || depth > 5) return;
  for (const e of entities) {
    if (typeof e !== 'object' || e === null) continue;
    yield e as RdapEntity;
    yield* walk((e as RdapEntity).entities, depth + 1);
  }
}

const hasRole = (e: RdapEntity, role: string) =>
  Array.isArray(e.roles) && e.roles.some((r) => typeof r === 'string' && r.toLowerCase() === role);

function abuseContacts(body: Record<string, unknown>): RdapContact[] {
  const seen = new Set<string>();
  const out: RdapContact[] = [];
  for (const e of walk(body.entities)) {
    if (!hasRole(e, 'abuse')) continue;
    const c = contactOf(e);
    const key = c.emails.join(',') || c.handle || '';
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

export function parseDomain(query: string, server: string, body: Record<string, unknown>): RdapDomainResult {
  const registrarEntity = [...walk(body.entities)].find((e) => hasRole(e, 'registrar'));
  const ianaId = registrarEntity?.publicIds?.find((p) => /iana/i.test(p.type ?? ''))?.identifier ?? null;
  return {
    kind: 'domain',
    query,
    server,
    handle: str(body.handle),
    ldhName: str(body.ldhName),
    status: Array.isArray(body.status) ? body.status.filter((s): s is string => typeof s === 'string') : [],
    registrar: registrarEntity ? { ...contactOf(registrarEntity), ianaId } : null,
    abuse: abuseContacts(body),
  };
}

export function parseIp(query: string, server: string, body: Record<string, unknown>): RdapIpResult {
  const registrant = [...walk(body.entities)].find((e) => hasRole(e, 'registrant'));
  return {
    kind: 'ip',
    query,
    server,
    handle: str(body.handle),
    name: str(body.name),
    country: str(body.country),
    startAddress: str(body.startAddress),
    endAddress: str(body.endAddress),
    registrant: registrant ? contactOf(registrant).name : null,
    abuse: abuseContacts(body),
  };
}
