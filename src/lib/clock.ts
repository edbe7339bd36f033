/** Injected wherever time matters, so tests set the time instead of sleeping. */
export type Clock = { now(): number };

export const systemClock: Clock = { now: () => Date.now() };

export function fixedClock(start: number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
