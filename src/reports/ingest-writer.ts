import { Worker } from 'node:worker_threads';
import type { IngestBatch, IngestOutcome } from './ingest.types.ts';

/** Writes a long run of batches (a feed import), in order; `close` waits for nothing left in flight. */
export type BatchWriter = {
  ingest(batch: IngestBatch): Promise<IngestOutcome>;
  close(): Promise<void>;
};

export type WriterRequest = { type: 'ingest'; id: number; batch: IngestBatch } | { type: 'close' };
export type WriterReply =
  | { id: number; outcome: IngestOutcome }
  | { id: number; error: { name: string; message: string; code?: string } };

/**
 * A writer thread for a SQLite file: SQLite does its work synchronously, so while it writes one batch
 * on the calling thread nothing else runs. With the writes on a thread of their own (and its own
 * connection), the caller parses and analyses the next batch meanwhile. Each batch is still one
 * transaction; a failed batch rejects its promise and leaves the database as it was.
 */
export function startSqliteWriter(file: string): BatchWriter {
  const worker = new Worker(new URL('./ingest-worker.mjs', import.meta.url), { workerData: { file } });
  const pending = new Map<number, { resolve(o: IngestOutcome): void; reject(e: Error): void }>();
  let nextId = 1;
  let failure: Error | null = null;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: WriterReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if ('outcome' in reply) p.resolve(reply.outcome);
    else p.reject(Object.assign(new Error(reply.error.message), reply.error));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`import writer thread exited (code ${code})`)));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  return {
    ingest(batch) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<IngestOutcome>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'ingest', id, batch } satisfies WriterRequest);
      });
    },
    async close() {
      if (!failure) worker.postMessage({ type: 'close' } satisfies WriterRequest);
      await exited;
    },
  };
}
