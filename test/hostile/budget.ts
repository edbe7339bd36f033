import { isAppError } from '../../src/errors.ts';

/**
 * Per-input budget of the fuzz tests: generous (the machine is shared, 2 cores), so only a hang or a
 * catastrophic (exponential, quadratic on megabytes) path trips it, not a slow machine.
 */
export const INPUT_BUDGET_MS = 2000;

export type Outcome<T> = { ok: true; value: T; ms: number } | { ok: false; error: unknown; ms: number };

/**
 * Runs one hostile input through `fn` in-process and measures it. Throws (failing the property) when it
 * ran over the budget or threw anything but an AppError; returns the result otherwise.
 */
export async function underBudget<T>(fn: () => T | Promise<T>, label = 'input'): Promise<Outcome<T>> {
  const started = performance.now();
  let outcome: Outcome<T>;
  try {
    const value = await fn();
    outcome = { ok: true, value, ms: performance.now() - started };
  } catch (error) {
    outcome = { ok: false, error, ms: performance.now() - started };
  }
  if (outcome.ms > INPUT_BUDGET_MS) {
    throw new Error(`${label}: took ${Math.round(outcome.ms)} ms (budget ${INPUT_BUDGET_MS} ms)`);
  }
  if (!outcome.ok && !isAppError(outcome.error)) {
    const e = outcome.error as Error;
    throw new Error(`${label}: threw a non-AppError: ${e?.name}: ${e?.message}`);
  }
  return outcome;
}

/** Drains an async iterable of a reader (the reader's whole work happens while iterating). */
export async function drain<T>(it: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
