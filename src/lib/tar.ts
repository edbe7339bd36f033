/**
 * A small POSIX ustar writer and reader for evidence bundles: regular files only, flat names, sizes far
 * below the 8 GiB ustar limit. Written here because no declared dependency serves (tar-stream is only a
 * transitive one) and a bundle must come out byte-for-byte the same from the same inputs: no uid, user
 * name or mode from the machine that wrote it.
 */
export type TarEntry = { name: string; bytes: Buffer; mtimeMs: number };

const BLOCK = 512;
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(entry: TarEntry): Buffer {
  if (!SAFE_NAME.test(entry.name)) throw new Error(`tar: unsafe entry name ${JSON.stringify(entry.name)}`);
  const h = Buffer.alloc(BLOCK, 0);
  h.write(entry.name, 0, 100, 'ascii');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(entry.bytes.length, 12), 124, 'ascii');
  h.write(octal(Math.floor(entry.mtimeMs / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\u000000', 257, 'ascii');
  h.write(octal(checksum(h), 7), 148, 'ascii');
  return h;
}

function checksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return sum;
}

export function writeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.name)) throw new Error(`tar: duplicate entry ${e.name}`);
    seen.add(e.name);
    parts.push(header(e), e.bytes);
    const pad = (BLOCK - (e.bytes.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(2 * BLOCK, 0));
  return Buffer.concat(parts);
}

/** Reads what writeTar writes; anything else (links, bad checksums, truncation, names with paths) throws. */
export function readTar(archive: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let at = 0;
  while (at + BLOCK <= archive.length) {
    const h = archive.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) return out;
    const field = (start: number, len: number) =>
      h
        .subarray(start, start + len)
        .toString('ascii')
        .replace(/\0.*$/s, '')
        .trim();
    const stored = Number.parseInt(field(148, 8), 8);
    if (stored !== checksum(h)) throw new Error(`tar: bad header checksum at offset ${at}`);
    const type = field(156, 1);
    if (type !== '0' && type !== '') throw new Error(`tar: entry type ${type} is not a regular file`);
    const name = field(0, 100);
    if (!SAFE_NAME.test(name)) throw new Error(`tar: unsafe entry name ${JSON.stringify(name)}`);
    const size = Number.parseInt(field(124, 12), 8);
    const mtime = Number.parseInt(field(136, 12), 8);
    if (!Number.isFinite(size) || size < 0) throw new Error(`tar: bad size of ${name}`);
    const start = at + BLOCK;
    if (start + size > archive.length) throw new Error(`tar: ${name} is truncated`);
    out.push({ name, bytes: Buffer.from(archive.subarray(start, start + size)), mtimeMs: mtime * 1000 });
    at = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new Error('tar: archive ends without its end-of-archive blocks');
}
