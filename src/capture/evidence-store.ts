import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../lib/clock.ts';
import type { Db } from '../storage/database.ts';

export type EvidenceKind = 'screenshot' | 'dom' | 'har' | 'bundle';

/**
 * Evidence files under <dataDir>/evidence/<sha256>, content-addressed: the name is the hash, so a file
 * cannot change without its name changing, and one screenshot captured twice is stored once. The table
 * records kind, type, size and when it was first stored.
 */
export function createEvidenceStore(deps: { db: Db; dataDir: string; clock: Clock }) {
  const dir = path.join(deps.dataDir, 'evidence');
  const fileOf = (sha256: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256');
    return path.join(dir, sha256);
  };
  return {
    async put(
      kind: EvidenceKind,
      contentType: string,
      bytes: Buffer,
    ): Promise<{ sha256: string; size: number }> {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const file = fileOf(sha256);
      await fs.mkdir(dir, { recursive: true });
      const exists = await fs.stat(file).then(
        (s) => s.size === bytes.length,
        () => false,
      );
      if (!exists) {
        const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
        await fs.writeFile(tmp, bytes);
        await fs.rename(tmp, file);
      }
      await deps.db.kysely
        .insertInto('evidence_files')
        .values({ sha256, kind, content_type: contentType, size: bytes.length, stored_at: deps.clock.now() })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      return { sha256, size: bytes.length };
    },

    /** The file and what is known of it; null when unknown. The bytes are checked against their name. */
    async read(sha256: string) {
      if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
      const row = await deps.db.kysely
        .selectFrom('evidence_files')
        .selectAll()
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      if (!row) return null;
      const bytes = await fs.readFile(fileOf(sha256)).catch(() => null);
      if (!bytes || createHash('sha256').update(bytes).digest('hex') !== sha256) return null;
      return { ...row, bytes };
    },
  };
}

export type EvidenceStore = ReturnType<typeof createEvidenceStore>;
