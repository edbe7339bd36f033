import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteHandle } from '../storage/database.ts';
import { createSqliteIngest } from './ingest.sqlite.ts';
import type { WriterReply, WriterRequest } from './ingest-writer.ts';

/**
 * The import writer thread (see ingest-writer.ts): its own connection to the SQLite file, one
 * transaction per batch, in the order the batches arrive.
 */
const port = parentPort!;
const handle = openSqliteHandle((workerData as { file: string }).file);
const ingest = createSqliteIngest(handle).ingest;

port.on('message', (message: WriterRequest) => {
  if (message.type === 'close') {
    handle.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    // IMMEDIATE: take the write lock (waiting on busy_timeout) before reading anything, so a commit by the
    // main connection in between cannot invalidate this transaction's snapshot.
    reply = { id: message.id, outcome: ingest.immediate(message.batch) };
  } catch (error) {
    const e = error as Error & { code?: string };
    reply = { id: message.id, error: { name: e.name, message: e.message, code: e.code } };
  }
  port.postMessage(reply);
});
