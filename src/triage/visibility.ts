import { type RawBuilder, sql } from 'kysely';

/**
 * The reports a brand user may read (URL page, search, campaign samples): marked no higher than their TLP
 * clearance (or unmarked), and either a feed row or sent by a reporter who agreed to share it with the
 * impersonated organisation (a forwarded message can hold the victim's own details).
 */
export function reportVisible(alias: string, tlps: readonly string[]): RawBuilder<boolean> {
  const tlp = sql.ref(`${alias}.tlp`);
  const marked = tlps.length > 0 ? sql`${tlp} in (${sql.join([...tlps])})` : sql`false`;
  return sql<boolean>`((${tlp} is null or ${marked}) and (${sql.ref(`${alias}.kind`)} = 'feed' or ${sql.ref(`${alias}.consent_brand`)} = 1))`;
}
