import { useCallback, useState } from 'react';

/**
 * The error of a screen's last write (create, revoke, answer…), for <ErrorMessage>. `attempt(work)` clears
 * it, runs the work and keeps what the work threw, so a failed write never leaves an older error showing.
 */
export function useAttempt(): { error: unknown; attempt(work: () => Promise<unknown>): Promise<void> } {
  const [error, setError] = useState<unknown>(null);
  const attempt = useCallback(async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    }
  }, []);
  return { error, attempt };
}
