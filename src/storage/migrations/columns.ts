import type { ColumnDefinitionBuilder } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * The column types every migration declares the same way on both dialects: generated ids, references and
 * millisecond times as bigint, binary data. (0001 and 0002 predate this helper and keep their own copy.)
 */
export function columnTypes(dialect: Dialect) {
  const pg = dialect === 'postgres';
  return {
    pg,
    id: (c: ColumnDefinitionBuilder) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()),
    idType: pg ? ('bigint' as const) : ('integer' as const),
    ref: 'bigint' as const,
    time: 'bigint' as const,
    bytes: pg ? ('bytea' as const) : ('blob' as const),
  };
}
