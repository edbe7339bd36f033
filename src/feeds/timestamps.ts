const LOCAL_RE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const OFFSET_RE = /^([+-])(\d{2}):?(\d{2})$/;

/**
 * Reads the timestamps feeds actually use: ISO 8601 with a zone (`2024-01-30T10:12:45+00:00`, `…Z`),
 * zone-less `YYYY-MM-DD hh:mm:ss` or `YYYY/MM/DD …` (taken in `defaultOffset`, UTC unless told: URLhaus
 * writes UTC, a Japanese partner may write JST), a bare date, or epoch seconds/milliseconds (MISP).
 * Returns epoch ms, or null for anything unreadable or impossible (2023-02-30).
 */
export function parseTimestamp(value: unknown, defaultOffset = '+00:00'): number | null {
  if (typeof value === 'number') return epoch(value);
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (v === '') return null;
  if (/^\d{9,13}(\.\d+)?$/.test(v)) return epoch(Number(v));
  const local = LOCAL_RE.exec(v);
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = local;
    const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
    const check = new Date(utc);
    if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return null;
    if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return null;
    const offset = offsetMs(defaultOffset);
    return offset === null ? null : utc - offset;
  }
  // With an explicit zone: validate the calendar date before trusting Date.parse (which rolls 02-30 over).
  const iso = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.exec(v);
  if (!iso) return null;
  const [, y, mo, d] = iso.map(Number) as [number, number, number, number];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCDate() !== d || probe.getUTCMonth() !== mo - 1) return null;
  const ms = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(ms) ? ms : null;
}

function epoch(n: number): number | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  // 10-digit values are seconds (MISP, Unix); 13-digit are milliseconds.
  return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
}

/** `+09:00` → 32400000; null when malformed. */
export function offsetMs(offset: string): number | null {
  if (offset === 'Z' || offset === 'UTC') return 0;
  const m = OFFSET_RE.exec(offset);
  if (!m) return null;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 3600 + Number(m[3]) * 60) * 1000;
}
