/**
 * Where tokens of a host or a path begin and end, as lookup tables by character code: the scans walk
 * hosts and paths by offset and test one character at a time, so a table beats a regular expression or
 * a split on the hot path. Any non-ASCII character counts as a separator.
 */

export const HOST_SEP = separatorTable('.-_');
export const PATH_SEP = separatorTable('/.-_?=&%+~#:;,@!');
/** Around a domain written into a path ('/www.amazon.co.jp/', '?u=amazon.co.jp'): dots and hyphens stay in. */
export const PATH_DOMAIN_SEP = separatorTable('/?&=@');

function separatorTable(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
}

export function isSep(table: Uint8Array, c: number): boolean {
  return c >= 128 || table[c] === 1;
}
