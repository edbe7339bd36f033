import { isOpenPlatform } from './open-platforms.ts';

/**
 * In-memory allowlist look-up for the intake hot path: a `domain` entry covers the name and every
 * subdomain, a `host` entry exactly that host, a `path` entry (`host/path`, or `host/prefix*`) URLs of
 * that host with exactly that path (or under that prefix). On an open platform (open-platforms.ts) only
 * `path` entries count: a domain or host entry there would hide everyone's phishing on it.
 * One Map lookup per label of the host.
 */
export type AllowlistKind = 'domain' | 'host' | 'path';

export type AllowlistIndex = { match(host: string, path?: string): number | null; size: number };

type PathRule = { path: string; prefix: boolean; id: number };

/** `www.dropbox.com/login*` → host and rule; null for a value without a path. */
export function parsePathEntry(value: string): { host: string; path: string; prefix: boolean } | null {
  const slash = value.indexOf('/');
  if (slash <= 0) return null;
  const rest = value.slice(slash);
  const prefix = rest.endsWith('*');
  return { host: value.slice(0, slash), path: prefix ? rest.slice(0, -1) : rest, prefix };
}

export function createAllowlistIndex(
  entries: readonly { id: number; kind: string; value: string }[],
): AllowlistIndex {
  const hosts = new Map<string, number>();
  const domains = new Map<string, number>();
  const paths = new Map<string, PathRule[]>();
  for (const e of entries) {
    if (e.kind === 'path') {
      const p = parsePathEntry(e.value);
      if (!p) continue;
      paths.set(p.host, [...(paths.get(p.host) ?? []), { path: p.path, prefix: p.prefix, id: e.id }]);
    } else (e.kind === 'host' ? hosts : domains).set(e.value, e.id);
  }
  return {
    size: entries.length,
    match(host: string, path?: string): number | null {
      const h = host.toLowerCase().replace(/\.$/, '');
      if (path !== undefined) {
        for (const rule of paths.get(h) ?? []) {
          if (rule.prefix ? path.startsWith(rule.path) : path === rule.path) return rule.id;
        }
      }
      if (isOpenPlatform(h)) return null;
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
