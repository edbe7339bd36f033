/**
 * In-memory allowlist look-up for the intake hot path: a `domain` entry covers the name and every
 * subdomain, a `host` entry exactly that host. One Map lookup per label of the host.
 */
export type AllowlistKind = 'domain' | 'host';

export type AllowlistIndex = { match(host: string): number | null; size: number };

export function createAllowlistIndex(
  entries: readonly { id: number; kind: string; value: string }[],
): AllowlistIndex {
  const hosts = new Map<string, number>();
  const domains = new Map<string, number>();
  for (const e of entries) (e.kind === 'host' ? hosts : domains).set(e.value, e.id);
  return {
    size: entries.length,
    match(host: string): number | null {
      const h = host.toLowerCase().replace(/\.$/, '');
      const exact = hosts.get(h) ?? domains.get(h);
      if (exact !== undefined) return exact;
      for (let dot = h.indexOf('.'); dot !== -1; dot = h.indexOf('.', dot + 1)) {
        const id = domains.get(h.slice(dot + 1));
        if (id !== undefined) return id;
      }
      return null;
    },
  };
}
