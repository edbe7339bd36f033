import type SQLite from 'better-sqlite3';

/**
 * Enqueues into the table queue (table-queue.ts) from inside a synchronous better-sqlite3 transaction
 * (the SQLite ingest statements, also on the import writer thread), so a job commits with the rows it
 * refers to. The same row as the table queue's send() writes; SQLite installations always use that queue.
 */
export function sqliteJobInserter(handle: SQLite.Database) {
  const insert = handle.prepare(
    `insert into jobs (name, payload, status, attempts, max_attempts, run_at, singleton_key, created_at, updated_at)
     values (?, ?, 'pending', 0, 5, ?, null, ?, ?)`,
  );
  return (name: string, payload: unknown, now: number): void => {
    insert.run(name, JSON.stringify(payload), now, now, now);
  };
}
