import pino, { type Logger } from 'pino';
import { createBrandRegistry } from './brands/brand-registry.ts';
import { createBrandsRepository } from './brands/brands.repository.ts';
import type { Config } from './config.ts';
import { createImportService } from './feeds/import.service.ts';
import { type Clock, systemClock } from './lib/clock.ts';
import { createIngestRepository } from './reports/ingest.repository.ts';
import { createSourcesRepository } from './sources/sources.repository.ts';
import { type Db, openDatabase } from './storage/database.ts';
import { migrateToLatest } from './storage/migrate.ts';

/** Composition root: everything a process needs, built once, passed explicitly. */
export async function createContext(config: Config, options: { clock?: Clock; log?: Logger; db?: Db } = {}) {
  const log = options.log ?? pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const db = options.db ?? openDatabase(config.database);
  await migrateToLatest(db);
  const sources = createSourcesRepository(db);
  const ingest = createIngestRepository(db);
  const brands = await createBrandRegistry({ repo: createBrandsRepository(db), now: () => clock.now() });
  const imports = createImportService({ ingest, sources, brands, clock });
  return {
    config,
    log,
    clock,
    db,
    repos: { sources, ingest },
    brands,
    imports,
    async close() {
      await db.close();
    },
  };
}

export type AppContext = Awaited<ReturnType<typeof createContext>>;
