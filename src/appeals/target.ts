import { AppError, isAppError } from '../errors.ts';
import type { ListedTarget } from '../sharing/sharing.repository.ts';
import { canonicalizeUrlParts, parseHost, refang } from '../urls/index.ts';

export type AppealTarget = ListedTarget;

/**
 * What an appellant names, read as phishdesk lists it: a URL with a path or query is that one canonical
 * URL; a bare name or a site's root (`https://example.jp/`) is the whole site, i.e. every URL under the
 * registrable domain when the name is one, else every URL on that host. Defanged input is accepted.
 */
export function parseAppealTarget(input: string): AppealTarget {
  const raw = refang(input.trim());
  if (!raw) throw new AppError('appeal.invalid_target', 'name the URL or domain the appeal is about');
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
  let parts: ReturnType<typeof canonicalizeUrlParts>;
  try {
    parts = canonicalizeUrlParts(hasScheme || raw.includes('/') ? raw : `http://${raw}/`);
  } catch (error) {
    if (!isAppError(error)) throw error;
    throw new AppError('appeal.invalid_target', `not a URL or domain: ${error.message}`);
  }
  if (parts.path !== '/' || parts.query !== null) return { kind: 'url', value: parts.canonical };
  if (parts.hostKind !== 'domain') return { kind: 'host', value: parts.host };
  const parsed = parseHost(parts.host);
  if (parsed.registrableDomain === null)
    throw new AppError('appeal.invalid_target', 'a public suffix is not a site: name the domain itself');
  return parsed.registrableDomain === parts.host
    ? { kind: 'domain', value: parts.host }
    : { kind: 'host', value: parts.host };
}
