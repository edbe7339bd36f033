import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * The STIX id of each shared URL's indicator, stored (src/sharing). STIX 2.1 says SDO ids SHOULD be
 * UUIDv4; the sync gives every newly shared URL a random one and the id never changes after. URLs shared
 * before this migration keep the UUIDv5 they were published under (null here, derived as before), so a
 * partner never sees the same indicator under two ids.
 * Never edit once landed: add a new migration instead.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('sharing_urls').addColumn('stix_id', 'text').execute();
  await db.schema.createIndex('sharing_urls_stix_id').unique().on('sharing_urls').column('stix_id').execute();
}
