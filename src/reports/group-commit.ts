import type { Transaction } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema.ts';

type Pending<T> = {
  write: (trx: Transaction<Database>) => Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
};

/**
 * Group commit: writes that arrive while a transaction is being committed are committed together in the
 * next one, and each caller is answered only after the commit that holds its write. Durability per
 * write is unchanged; the cost of a commit (every touched index page written to the WAL) is shared.
 * If a group fails, its writes are retried one by one, so one bad write cannot fail the others.
 */
export function createGroupCommit(db: Db, maxGroup = 200) {
  let queue: Pending<unknown>[] = [];
  let running = false;
  let scheduled = false;

  async function commitGroup(group: Pending<unknown>[]): Promise<void> {
    try {
      const results = await db.kysely.transaction().execute(async (trx) => {
        const out: unknown[] = [];
        for (const p of group) out.push(await p.write(trx));
        return out;
      });
      for (const [i, p] of group.entries()) p.resolve(results[i]);
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      for (const p of group) await commitGroup([p]);
    }
  }

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) {
        const group = queue.slice(0, maxGroup);
        queue = queue.slice(group.length);
        await commitGroup(group);
      }
    } finally {
      running = false;
    }
  }

  return {
    run<T>(write: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve, reject } as Pending<unknown>);
        // better-sqlite3 never yields to the event loop, so a transaction started at once would always
        // hold a single write. Waiting for the check phase lets every request already read in this
        // poll phase join the group.
        if (!running && !scheduled) {
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            void drain();
          });
        }
      });
    },
  };
}
