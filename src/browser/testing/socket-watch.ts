import fs from 'node:fs';
import path from 'node:path';

/**
 * Test support only (Linux): the internet sockets a process's descendants hold, read from /proc, so a
 * test can see what Chromium's own processes open, whatever the page or the request interception did.
 * A socket is found through its inode: /proc/<pid>/fd links name `socket:[inode]`, and the kernel's
 * tables (/proc/net/tcp, udp, raw and their IPv6 twins) give each inode's addresses.
 */
export type SeenSocket = {
  proto: 'tcp' | 'udp' | 'raw';
  local: string;
  remote: string;
  /** The process that held it (its command name). */
  process: string;
};

const TABLES = [
  ['tcp', 'tcp'],
  ['tcp6', 'tcp'],
  ['udp', 'udp'],
  ['udp6', 'udp'],
  ['raw', 'raw'],
  ['raw6', 'raw'],
] as const;

/** The processes below `root` (not `root` itself), by parent links read from /proc/<pid>/stat. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of safeReaddir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = safeRead(`/proc/${name}/stat`);
    // The command name is in parentheses and may itself hold spaces or parentheses: read after the last.
    const ppid = Number(stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isInteger(ppid)) continue;
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The socket inodes held by the descendants of `root` whose command name matches `only`, with that name. */
function heldBelow(root: number, only: RegExp): Map<string, string> {
  const held = new Map<string, string>();
  for (const pid of descendantsOf(root)) {
    const command = safeRead(`/proc/${pid}/comm`)?.trim() ?? '';
    if (!only.test(command)) continue;
    for (const fd of safeReaddir(`/proc/${pid}/fd`)) {
      const link = safeReadlink(path.join(`/proc/${pid}/fd`, fd));
      const inode = /^socket:\[(\d+)\]$/.exec(link ?? '')?.[1];
      if (inode) held.set(inode, command);
    }
  }
  return held;
}

type TableEntry = { inode: string; proto: SeenSocket['proto']; local: string; remote: string };

/** Every internet socket of this network namespace, from the kernel's tables. */
function tableEntries(): TableEntry[] {
  const out: TableEntry[] = [];
  for (const [file, proto] of TABLES) {
    const lines = (safeRead(`/proc/net/${file}`) ?? '').split('\n').slice(1);
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      const inode = cols[9];
      if (!inode || inode === '0') continue;
      out.push({ inode, proto, local: address(cols[1]!), remote: address(cols[2]!) });
    }
  }
  return out;
}

/**
 * Polls the sockets below `root` until stopped, and returns every distinct one seen (a socket that
 * connects after binding is seen twice). The interval is short because a refused or failed connection
 * lives only as long as its attempt, so a look must be cheap: the kernel's tables are read every time,
 * the processes' descriptors only when a socket appears that is not known yet to be theirs or not.
 */
export function watchSockets(root: number, only: RegExp, intervalMs = 5): { stop(): SeenSocket[] } {
  const seen = new Map<string, SeenSocket>();
  const owner = new Map<string, string>();
  const foreign = new Set<string>();
  const poll = () => {
    const entries = tableEntries();
    if (entries.some((e) => !owner.has(e.inode) && !foreign.has(e.inode))) {
      const held = heldBelow(root, only);
      for (const e of entries) {
        if (owner.has(e.inode) || foreign.has(e.inode)) continue;
        const command = held.get(e.inode);
        if (command) owner.set(e.inode, command);
        else foreign.add(e.inode);
      }
    }
    for (const e of entries) {
      const process = owner.get(e.inode);
      if (process) {
        const s = { proto: e.proto, local: e.local, remote: e.remote, process };
        seen.set(`${s.proto} ${s.local} ${s.remote}`, s);
      }
    }
  };
  poll();
  const timer = setInterval(poll, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      poll();
      return [...seen.values()];
    },
  };
}

/** `0100007F:1F90` → `127.0.0.1:8080`; IPv6 tables hold four 32-bit words in host (little-endian) order. */
function address(hex: string): string {
  const [ip, port] = hex.split(':') as [string, string];
  const words = ip.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)));
  const portNumber = Number.parseInt(port, 16);
  if (bytes.length === 4) return `${bytes.join('.')}:${portNumber}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  const v6 = groups.join(':');
  // IPv4-mapped addresses read as IPv4: Chromium's sockets are often dual-stack.
  const mapped = /^0:0:0:0:0:ffff:/.test(v6) ? bytes.slice(12).join('.') : `[${v6}]`;
  return `${mapped}:${portNumber}`;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function safeRead(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function safeReadlink(file: string): string | null {
  try {
    return fs.readlinkSync(file);
  } catch {
    return null;
  }
}

/** The command lines of the descendants of `root` whose command name matches `only`. */
export function commandLinesBelow(root: number, only: RegExp): string[][] {
  return descendantsOf(root)
    .filter((pid) => only.test(safeRead(`/proc/${pid}/comm`)?.trim() ?? ''))
    .map((pid) => (safeRead(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean));
}
