import fs from 'node:fs';
import path from 'node:path';

/**
 * Test support only (Linux): Chromium run under strace, and what its processes asked the kernel to send.
 * /proc shows the sockets a browser holds, but not what a UDP socket bound to 0.0.0.0 sent (a STUN probe
 * and a silent socket look alike), nor a connection attempt that failed between two looks. strace sees
 * every connect() and every datagram, with the socket's kind and peer (`-yy`).
 */
export type NetCall = {
  call: string;
  proto: 'tcp' | 'udp' | 'other';
  /** Where the packet goes: the connect() target, a datagram's destination, or a connected socket's peer. */
  address: string;
  port: number;
};

export const STRACE_CANDIDATES = ['/usr/bin/strace', '/bin/strace'];

export function findStrace(): string | null {
  return STRACE_CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

/** A CHROMIUM_PATH that runs `chromium` under strace, writing the trace to `traceFile`. */
export function tracedChromium(
  dir: string,
  strace: string,
  chromium: string,
): { executable: string; traceFile: string } {
  const traceFile = path.join(dir, 'chromium.strace');
  const executable = path.join(dir, 'chromium-traced');
  const calls = 'connect,sendto,sendmsg,sendmmsg,write,writev';
  fs.writeFileSync(
    executable,
    `#!/bin/sh\nexec ${strace} -f -qq -yy -s 0 -e trace=${calls} -o ${traceFile} ${chromium} "$@"\n`,
    { mode: 0o755 },
  );
  return { executable, traceFile };
}

const SEND = new Set(['sendto', 'sendmsg', 'sendmmsg', 'write', 'writev']);

/**
 * The calls of a trace that put a packet on the way to an internet address: TCP connects (a SYN), and
 * anything sent on a UDP socket (to its destination or its connected peer). A UDP connect() alone sends
 * nothing (Chromium uses it to ask the kernel which local address a route would use): not listed.
 */
export function packetsOf(trace: string): NetCall[] {
  const out: NetCall[] = [];
  for (const line of trace.split('\n')) {
    const m = /^\d+\s+(\w+)\((\d+)<(\w+):\[(.*?)\]>/.exec(line);
    if (!m) continue;
    const [, call, , kind, info] = m as unknown as [string, string, string, string, string];
    const proto = /^TCP/.test(kind) ? 'tcp' : /^UDP/.test(kind) ? 'udp' : 'other';
    if (proto === 'other') continue;
    const target = destination(line);
    if (call === 'connect') {
      if (proto === 'tcp' && target) out.push({ call, proto, ...target });
      continue;
    }
    if (!SEND.has(call)) continue;
    const peer = target ?? connectedPeer(info);
    if (peer) out.push({ call, proto, ...peer });
  }
  return out;
}

/** The sockaddr a call names: `sin_port=htons(53), sin_addr=inet_addr("8.8.8.8")` or its IPv6 form. */
function destination(line: string): { address: string; port: number } | null {
  const v4 = /sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)/.exec(line);
  if (v4) return { address: v4[2]!, port: Number(v4[1]) };
  const v6 = /sin6_port=htons\((\d+)\).*?inet_pton\(AF_INET6, "([^"]+)"/.exec(line);
  if (v6) return { address: v6[2]!, port: Number(v6[1]) };
  return null;
}

/** `192.0.2.2:5000->8.8.8.8:53` or `[fd00::2]:5000->[2001:db8::1]:53` → the part after the arrow. */
function connectedPeer(info: string): { address: string; port: number } | null {
  const remote = info.split('->')[1];
  const m = remote ? /^\[?([^\]]+?)\]?:(\d+)$/.exec(remote) : null;
  return m ? { address: m[1]!, port: Number(m[2]) } : null;
}
