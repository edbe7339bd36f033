import type { Transaction } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';
import { createPostgresIngest } from './ingest.postgres.ts';
import { createSqliteIngest } from './ingest.sqlite.ts';
import type {
  IngestBatch,
  IngestOutcome,
  NewUrlsJob,
  ObservedUrl,
  ReportCompletion,
} from './ingest.types.ts';
import { type BatchWriter, startSqliteWriter } from './ingest-writer.ts';

export type {
  IngestBatch,
  IngestOutcome,
  NewReport,
  NewUrlsJob,
  NewUrlsPayload,
  ObservedUrl,
} from './ingest.types.ts';

/**
 * Storing reports with their URLs (ingest.postgres.ts and ingest.sqlite.ts hold the statements of each
 * dialect). One batch is one transaction: reports first (a report already stored, by source and external
 * id, is skipped with its URLs, which keeps re-imports idempotent), then domains, hosts and URLs as
 * upserts keyed by name/hash, then the links.
 */
export function createIngestRepository(
  db: Db,
  options: {
    /**
     * PostgreSQL: how a batch's `newUrlsJob` is enqueued on its transaction (the queue's send with
     * `trx`). SQLite writes the job row into the table queue itself, in the same transaction.
     */
    enqueue?: (trx: Transaction<Database>, name: string, payload: unknown) => Promise<void>;
  } = {},
) {
  // SQLite: prepared statements run synchronously while holding Kysely's single connection.
  const sqlite = db.sqlite ? createSqliteIngest(db.sqlite) : null;
  const postgres = createPostgresIngest(db.kysely, options.enqueue);

  async function ingest(batch: IngestBatch): Promise<IngestOutcome> {
    if (sqlite) return db.kysely.connection().execute(async () => sqlite.ingest(batch));
    return postgres.ingest(batch);
  }

  return {
    ingest,

    /**
     * For a long run of batches (feed imports). On a SQLite file the batches are written by a thread of
     * its own, so the caller prepares the next batch meanwhile; PostgreSQL does its work in the server
     * already, and an in-memory SQLite database cannot be shared with a thread.
     */
    openBatchWriter(): BatchWriter {
      if (db.sqlite && !db.sqlite.memory) return startSqliteWriter(db.sqlite.name);
      return { ingest, close: async () => {} };
    },

    /**
     * Completes the analysis of a stored report: links its URLs and sets its status, in one transaction.
     * Running it twice for the same report does not count its URLs twice.
     */
    async completeReport(
      reportId: number,
      urls: ObservedUrl[],
      update: ReportCompletion,
      newUrlsJob?: NewUrlsJob,
    ): Promise<{ newUrls: number }> {
      if (sqlite)
        return db.kysely
          .connection()
          .execute(async () => sqlite.complete(reportId, urls, update, newUrlsJob));
      return postgres.complete(reportId, urls, update, newUrlsJob);
    },
  };
}

export type IngestRepository = ReturnType<typeof createIngestRepository>;
