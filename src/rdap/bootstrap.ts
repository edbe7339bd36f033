import net from 'node:net';
import { ip4, parseIpv6 } from '../fetch/ip-guard.ts';

/** An IANA RDAP bootstrap file (RFC 9224): services = [[entries], [base URLs]]. */
export type BootstrapFile = { services: [string[], string[]][] };

function preferHttps(urls: string[]): string | null {
  const url = urls.find((u) => u.startsWith('https://')) ?? urls[0];
  if (!url) return null;
  return url.endsWith('/') ? url : `${url}/`;
}

/** Base URL for a domain: the entry matching the most labels from the right (RFC 9224 §4). */
export function domainServer(file: BootstrapFile, domain: string): string | null {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  let best: { labels: number; urls: string[] } | null = null;
  for (const [entries, urls] of file.services ?? []) {
    for (const entry of entries) {
      const n = entry.split('.').length;
      if (labels.slice(-n).join('.') === entry.toLowerCase() && (!best || n > best.labels))
        best = { labels: n, urls };
    }
  }
  return best ? preferHttps(best.urls) : null;
}

function bitsOf(address: string): number[] | null {
  if (net.isIPv4(address)) {
    const v = ip4(address);
    return Array.from({ length: 32 }, (_, i) => Math.floor(v / 2 ** (31 - i)) % 2);
  }
  const groups = parseIpv6(address);
  if (!groups) return null;
  return groups.flatMap((g) => Array.from({ length: 16 }, (_, i) => (g >> (15 - i)) & 1));
}

/** Base URL for an address: the longest CIDR prefix containing it. */
export function ipServer(file: BootstrapFile, address: string): string | null {
  const bits = bitsOf(address);
  if (!bits) return null;
  let best: { len: number; urls: string[] } | null = null;
  for (const [entries, urls] of file.services ?? []) {
    for (const entry of entries) {
      const [prefix, lenText] = entry.split('/');
      const prefixBits = prefix ? bitsOf(prefix) : null;
      const len = Number(lenText);
      if (!prefixBits || prefixBits.length !== bits.length || !Number.isInteger(len)) continue;
      let match = true;
      for (let i = 0; i < len && match; i++) match = bits[i] === prefixBits[i];
      if (match && (!best || len > best.len)) best = { len, urls };
    }
  }
  return best ? preferHttps(best.urls) : null;
}
