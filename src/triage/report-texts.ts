import { readReportText } from '../reports/process-report.ts';
import type { ReportsRepository } from '../reports/reports.repository.ts';
import type { Db } from '../storage/database.ts';
import type { TriageRepository } from './triage.repository.ts';

/**
 * Fills report_texts for e-mail reports analysed before it existed (migration 0004 copies the texts of
 * the other kinds from their JSON payload; an e-mail's subject is inside the raw message). Resumable: only
 * reports without a row are read. Returns how many were indexed.
 */
export async function reindexReportTexts(deps: {
  db: Db;
  reports: ReportsRepository;
  repo: TriageRepository;
  onProgress?: (done: number) => void;
}): Promise<number> {
  let done = 0;
  let after = 0;
  for (;;) {
    const ids = await deps.db.kysely
      .selectFrom('reports as r')
      .leftJoin('report_texts as t', 't.report_id', 'r.id')
      .select('r.id')
      .where('r.kind', '=', 'email')
      .where('r.id', '>', after)
      .where('t.report_id', 'is', null)
      .orderBy('r.id')
      .limit(200)
      .execute();
    if (ids.length === 0) return done;
    for (const { id } of ids) {
      after = id;
      const loaded = await deps.reports.load(id);
      if (!loaded) continue;
      try {
        await deps.repo.saveText(id, await readReportText(loaded.report.payload, loaded.attachments));
      } catch {
        // An unreadable stored message: index what is known (nothing) so it is not retried forever.
        await deps.repo.saveText(id, { subject: null, sender: null, body: null });
      }
      done++;
    }
    deps.onProgress?.(done);
  }
}
