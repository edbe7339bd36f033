/**
 * The keys by which two confirmed URLs of one brand are taken for one campaign (pure). A key is only
 * made when it tells something: a shortener's or a cloud host's domain, a bare '/' or a subject of three
 * characters would join unrelated attacks.
 */
export type GroupingKey = { kind: 'domain' | 'path' | 'kit' | 'subject' | 'sender'; value: string };

/** Domains shared by unrelated customers: their registrable domain says nothing about who is behind. */
const SHARED_PLATFORM = new Set(['short_url', 'open_redirect', 'cloud_hosting', 'free_hosting']);

const MAX_VALUE = 200;

/** A path segment with its random parts masked: numbers → {n}, ids and tokens → {x}. */
export function maskSegment(segment: string): string {
  const s = segment.toLowerCase();
  if (/^\d+$/.test(s)) return '{n}';
  if (/^[0-9a-f]{8,}$/.test(s)) return '{x}';
  // Letters and digits mixed in a long run: a session id or a random folder, not a kit's name.
  if (s.length >= 6 && /\d/.test(s) && /[a-z]/.test(s) && /^[a-z0-9_-]+$/.test(s) && countDigits(s) >= 2)
    return '{x}';
  return s.replace(/\d+/g, '{n}');
}

function countDigits(s: string): number {
  let n = 0;
  for (const c of s) if (c >= '0' && c <= '9') n++;
  return n;
}

/** '/Amazon/login/8f3a9c2e11/index.php?id=1&session=x' → path '/amazon/login/{x}/index.php?id&session', kit '/amazon/login/{x}/'. */
export function pathShape(pathAndQuery: string): { pattern: string; kit: string } {
  const q = pathAndQuery.indexOf('?');
  const path = q === -1 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = q === -1 ? '' : pathAndQuery.slice(q + 1);
  const segments = path.split('/').map((s) => (s ? maskSegment(s) : s));
  const masked = segments.join('/');
  const names = [
    ...new Set(
      query
        .split('&')
        // Only `name=value` pairs: a bare token after '?' is usually a random tracking id.
        .filter((p) => p.includes('='))
        .map((p) => maskSegment(p.slice(0, p.indexOf('='))))
        .filter((n) => n && n.length <= 40),
    ),
  ].sort();
  const pattern = names.length > 0 ? `${masked}?${names.join('&')}` : masked;
  const kit = masked.slice(0, masked.lastIndexOf('/') + 1);
  return { pattern, kit };
}

/** Letters outside masks: how much a path shape actually says. */
function meaningful(shape: string): number {
  return shape.replace(/\{[nx]\}/g, '').replace(/[^a-z\u3040-\u30ff\u4e00-\u9fff]/gi, '').length;
}

const TRIVIAL_PATHS = new Set([
  '/',
  '/index.html',
  '/index.htm',
  '/index.php',
  '/login',
  '/login.php',
  '/signin',
]);

export function normalizeSubject(subject: string): string {
  return subject
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\d+/g, '0')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_VALUE);
}

export function groupingKeys(
  url: { host: string; domain: string | null; features: readonly string[]; path: string },
  texts: readonly { subject: string | null; sender: string | null }[] = [],
): GroupingKey[] {
  const keys: GroupingKey[] = [];
  if (!url.features.some((f) => SHARED_PLATFORM.has(f))) {
    keys.push({ kind: 'domain', value: (url.domain ?? url.host).slice(0, MAX_VALUE) });
  }
  const { pattern, kit } = pathShape(url.path);
  if (!TRIVIAL_PATHS.has(pattern) && meaningful(pattern) >= 5) {
    keys.push({ kind: 'path', value: pattern.slice(0, MAX_VALUE) });
  }
  if (kit !== '/' && meaningful(kit) >= 5) keys.push({ kind: 'kit', value: kit.slice(0, MAX_VALUE) });
  const seen = new Set<string>();
  for (const t of texts) {
    if (t.subject) {
      const s = normalizeSubject(t.subject);
      if (s.length >= 6 && !seen.has(`s:${s}`)) {
        seen.add(`s:${s}`);
        keys.push({ kind: 'subject', value: s });
      }
    }
    if (t.sender) {
      const s = t.sender.trim().toLowerCase().slice(0, MAX_VALUE);
      if (s.length >= 3 && !seen.has(`f:${s}`)) {
        seen.add(`f:${s}`);
        keys.push({ kind: 'sender', value: s });
      }
    }
  }
  return keys;
}
