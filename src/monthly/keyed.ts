/**
 * Items with a React key made from their position. These lists are rendered once on the server, never
 * reordered or updated, so the position is a stable identity.
 */
export function keyed<T>(items: readonly T[], prefix = 'k'): { key: string; item: T }[] {
  return items.map((item, i) => ({ key: `${prefix}${i}`, item }));
}
