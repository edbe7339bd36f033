/**
 * Which addresses a phishing site may never make us connect to: everything that is not the public
 * Internet (private, loopback, link-local, CGNAT, multicast, reserved, documentation, cloud metadata),
 * for IPv4 and IPv6, including IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4).
 * Pure functions over parsed numbers: no regex guessing of address text.
 */
import net from 'node:net';

type Range4 = readonly [base: number, bits: number, reason: string];

const V4_RANGES: Range4[] = [
  [ip4('0.0.0.0'), 8, 'this network'],
  [ip4('10.0.0.0'), 8, 'private'],
  [ip4('100.64.0.0'), 10, 'carrier-grade NAT'],
  [ip4('127.0.0.0'), 8, 'loopback'],
  [ip4('169.254.0.0'), 16, 'link-local (cloud metadata)'],
  [ip4('172.16.0.0'), 12, 'private'],
  [ip4('192.0.0.0'), 24, 'IETF protocol assignments'],
  [ip4('192.0.2.0'), 24, 'documentation'],
  [ip4('192.88.99.0'), 24, '6to4 relay anycast'],
  [ip4('192.168.0.0'), 16, 'private'],
  [ip4('198.18.0.0'), 15, 'benchmarking'],
  [ip4('198.51.100.0'), 24, 'documentation'],
  [ip4('203.0.113.0'), 24, 'documentation'],
  [ip4('224.0.0.0'), 4, 'multicast'],
  [ip4('240.0.0.0'), 4, 'reserved'],
];

/** 32-bit value of a dotted-quad IPv4 address (already validated by net.isIPv4). */
export function ip4(text: string): number {
  return text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function inRange4(value: number, base: number, bits: number): boolean {
  if (bits === 0) return true;
  const size = 2 ** (32 - bits);
  return Math.floor(value / size) === Math.floor(base / size);
}

/** Why this IPv4 address (as a 32-bit number) is refused, or null when it is a public address. */
function reason4(value: number): string | null {
  for (const [base, bits, reason] of V4_RANGES) if (inRange4(value, base, bits)) return reason;
  return null;
}

/** Eight 16-bit groups of an IPv6 address (zone id dropped), or null when it is not one. */
export function parseIpv6(text: string): number[] | null {
  let s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  if (!net.isIPv6(s)) return null;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v = ip4(last);
    tail = [Math.floor(v / 65536), v % 65536];
    // The embedded IPv4 stands as two placeholder groups, replaced below.
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = s.includes('::') ? s.split('::') : [s, null];
  const headGroups = head ? head.split(':').filter((g) => g !== '') : [];
  const restGroups = rest ? rest.split(':').filter((g) => g !== '') : [];
  const missing = 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array<string>(rest === null ? 0 : missing).fill('0'), ...restGroups].map(
    (g) => Number.parseInt(g, 16),
  );
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g))) return null;
  if (tail.length) {
    groups[6] = tail[0]!;
    groups[7] = tail[1]!;
  }
  return groups;
}

type Range6 = readonly [prefix: number[], bits: number, reason: string];

const V6_RANGES: Range6[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0], 128, 'unspecified'],
  [[0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0x100, 0, 0, 0], 64, 'discard-only'],
  [[0x2001, 0x0db8], 32, 'documentation'],
  [[0x2001, 0], 23, 'IETF protocol assignments (Teredo, ORCHID…)'],
  [[0x3fff], 20, 'documentation'],
  [[0x5f00], 16, 'segment routing'],
  [[0xfc00], 7, 'unique local (includes fd00:ec2::254 cloud metadata)'],
  [[0xfe80], 10, 'link-local'],
  [[0xfec0], 10, 'site-local'],
  [[0xff00], 8, 'multicast'],
  [[0x64, 0xff9b, 1], 48, 'local-use NAT64'],
];

function inRange6(groups: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++) {
    const take = Math.min(16, bits);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if ((groups[i]! & mask) !== ((prefix[i] ?? 0) & mask)) return false;
    bits -= take;
  }
  return true;
}

/** The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(groups: number[]): number | null {
  const low = groups[6]! * 65536 + groups[7]!;
  const zeros = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeros(5) && groups[5] === 0xffff) return low; // ::ffff:a.b.c.d
  if (zeros(4) && groups[4] === 0xffff && groups[5] === 0) return low; // ::ffff:0:a.b.c.d (SIIT)
  if (zeros(6)) return low; // ::a.b.c.d (deprecated compatible form)
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return low;
  if (groups[0] === 0x2002) return groups[1]! * 65536 + groups[2]!; // 6to4
  return null;
}

export type AddressVerdict = { allowed: true; family: 4 | 6 } | { allowed: false; reason: string };

/** Verdict for a literal IP address (dotted-quad IPv4 or IPv6 text); anything else is refused. */
export function checkAddress(address: string): AddressVerdict {
  if (net.isIPv4(address)) {
    const reason = reason4(ip4(address));
    return reason ? { allowed: false, reason: `${address} is ${reason}` } : { allowed: true, family: 4 };
  }
  const groups = parseIpv6(address);
  if (!groups) return { allowed: false, reason: `${address} is not an IP address` };
  const v4 = embeddedIpv4(groups);
  if (v4 !== null) {
    const reason = reason4(v4);
    // 6to4/NAT64 of a public IPv4 is still a tunnel we have no business using; mapped/compatible forms
    // of a private IPv4 are refused for what they carry.
    return {
      allowed: false,
      reason: `${address} embeds an IPv4 address${reason ? ` that is ${reason}` : ''}`,
    };
  }
  for (const [prefix, bits, reason] of V6_RANGES) {
    if (inRange6(groups, prefix, bits)) return { allowed: false, reason: `${address} is ${reason}` };
  }
  // Only global unicast (2000::/3) is public.
  if ((groups[0]! & 0xe000) !== 0x2000) return { allowed: false, reason: `${address} is reserved` };
  return { allowed: true, family: 6 };
}

/**
 * A host written as an IPv4 number in any legacy form inet_aton accepts (decimal 2130706433, octal
 * 0177.0.0.1, hex 0x7f.1, short 127.1) → dotted quad; null when it is not such a number. WHATWG URL
 * parsing already normalises these, but resolvers accept them too, so the guard never relies on that.
 */
export function legacyIpv4(host: string): string | null {
  const parts = host.replace(/\.$/, '').split('.');
  if (parts.length === 0 || parts.length > 4) return null;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0x[0-9a-f]*$/i.test(part)) value = part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
    else if (/^0[0-7]+$/.test(part)) value = Number.parseInt(part, 8);
    else if (/^(0|[1-9][0-9]*)$/.test(part)) value = Number(part);
    else return null;
    values.push(value);
  }
  const last = values.pop()!;
  if (values.some((v) => v > 255) || last >= 256 ** (4 - values.length)) return null;
  let total = last;
  values.forEach((v, i) => {
    total += v * 256 ** (3 - i);
  });
  return [24, 16, 8, 0].map((shift) => Math.floor(total / 2 ** shift) % 256).join('.');
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms: what FETCH_ALLOW_PRIVATE opens for loopback test fakes. */
export function isLoopback(address: string): boolean {
  if (net.isIPv4(address)) return inRange4(ip4(address), ip4('127.0.0.0'), 8);
  const groups = parseIpv6(address);
  if (!groups) return false;
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return true;
  const v4 = embeddedIpv4(groups);
  return v4 !== null && groups[0] === 0 && inRange4(v4, ip4('127.0.0.0'), 8);
}
