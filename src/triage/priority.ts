import type { Kysely } from 'kysely';
import { chunks } from '../lib/chunks.ts';
import type { Database } from '../storage/schema.ts';

/** What the rules job knew of a URL when it evaluated it: the inputs of the queue's priority. */
export type PriorityInput = {
  urlId: number;
  /** The priority rule that won (the highest value), if any. */
  rule: { id: string; version: number; value: number } | null;
  live: boolean;
  /** Independent reporters (distinct contacts; a report without one counts alone). */
  reporters: number;
  brand: boolean;
};

/** Why an item is high in the queue, strongest first; the console shows a short label per code. */
export type PriorityReason =
  | { code: 'rule'; ruleId: string; ruleVersion: number; value: number }
  | { code: 'live' }
  | { code: 'reporters'; count: number }
  | { code: 'brand' };

export type QueuePriority = { score: number; reasons: PriorityReason[] };

/** Reporters count in the score up to this many (the part must stay below the `live` step). */
const MAX_REPORTERS = 9_999;
/** A reporters reason is shown from this many on: one reporter is every URL. */
export const REPORTERS_REASON_MIN = 2;

/**
 * One integer that sorts like the tuple (rule priority, live, reporters, brand): each part gets its own
 * decimal range, so a higher rule priority always wins over everything after it, and so on. The largest
 * (rule 1000, live, 9,999 reporters, brand) is 1,000,199,991, within a 32-bit integer. Recency breaks the
 * remaining ties in the query (first_seen desc, then id desc), so the index on (…, priority, first_seen,
 * id) serves the whole order.
 */
export function priorityOf(input: Omit<PriorityInput, 'urlId'>): QueuePriority {
  const reporters = Math.max(0, Math.min(MAX_REPORTERS, Math.floor(input.reporters)));
  const score =
    (input.rule?.value ?? 0) * 1_000_000 +
    (input.live ? 100_000 : 0) +
    reporters * 10 +
    (input.brand ? 1 : 0);
  const reasons: PriorityReason[] = [];
  if (input.rule)
    reasons.push({
      code: 'rule',
      ruleId: input.rule.id,
      ruleVersion: input.rule.version,
      value: input.rule.value,
    });
  if (input.live) reasons.push({ code: 'live' });
  if (input.reporters >= REPORTERS_REASON_MIN) reasons.push({ code: 'reporters', count: input.reporters });
  if (input.brand) reasons.push({ code: 'brand' });
  return { score, reasons };
}

/** The stored reasons (urls.priority_reasons); null or unreadable: none (not evaluated yet). */
export function parseReasons(text: string | null): PriorityReason[] {
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as PriorityReason[]) : [];
  } catch {
    return [];
  }
}

/**
 * The rules → triage interface: the rules job hands over what it knew of each URL it evaluated, in its
 * own transaction; triage keeps the score and reasons on the URL (the queue's sortable index).
 */
export function createQueuePriority() {
  return {
    async record(ex: Kysely<Database>, inputs: readonly PriorityInput[]): Promise<void> {
      // URLs with the same score and reasons (most of them) are written by one statement.
      const groups = new Map<string, { score: number; reasons: string; ids: number[] }>();
      for (const input of inputs) {
        const p = priorityOf(input);
        const reasons = JSON.stringify(p.reasons);
        const key = `${p.score}\u0000${reasons}`;
        const g = groups.get(key) ?? { score: p.score, reasons, ids: [] };
        g.ids.push(input.urlId);
        groups.set(key, g);
      }
      for (const g of groups.values())
        for (const ids of chunks(g.ids, 500))
          await ex
            .updateTable('urls')
            .set({ priority: g.score, priority_reasons: g.reasons })
            .where('id', 'in', ids)
            .execute();
    },
  };
}

export type QueuePriorityRecorder = ReturnType<typeof createQueuePriority>;
