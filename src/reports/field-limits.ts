/**
 * Size limits on what a report or an imported row may hold (config `fieldLimits`): a text field over its
 * limit is refused with the field named, never cut to size. Sizes are UTF-8 bytes, as stored.
 */

/** The UTF-8 size of `value` when it is over `limit`, else null (short strings are not measured). */
export function bytesOver(value: string, limit: number): number | null {
  // A UTF-16 unit is 1 to 3 bytes in UTF-8: most strings are decided by their length alone.
  if (value.length * 3 <= limit) return null;
  const bytes = Buffer.byteLength(value, 'utf8');
  return bytes > limit ? bytes : null;
}

export type OversizedField = { path: string; bytes: number };

/**
 * The first string (value or key) in `value` over `limit`, with where it is (`content`, `fields[3]`,
 * `attribute.comment`). Walked with a stack: imported JSON may nest deeper than the call stack allows.
 */
export function oversizedField(value: unknown, limit: number): OversizedField | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const bytes = bytesOver(v, limit);
      if (bytes !== null) return { path: path || 'value', bytes };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const keyBytes = bytesOver(key, limit);
        const name = keyBytes === null ? key : `${key.slice(0, 40)}…`;
        if (keyBytes !== null)
          return { path: `${path ? `${path}.` : ''}${name} (its name)`, bytes: keyBytes };
        stack.push([child, path ? `${path}.${name}` : name]);
      }
    }
  }
  return null;
}
