// One shared schedule for every simulated person: each operation takes the next free slot, so the
// whole run stays at `rate` operations per second however many people are active, and stops handing
// out slots once the run is stopped or `maxOperations` is reached.

export interface Pacer {
  /** Waits for the next slot; false when the run is over and the caller should stop. */
  take(): Promise<boolean>;
  taken(): number;
}

/** `stopper` is aborted by the pacer itself once `maxOperations` slots were handed out. */
export function createPacer(rate: number, stopper: AbortController, maxOperations = Infinity): Pacer {
  const stop = stopper.signal;
  const interval = 1_000 / rate;
  let nextSlot = performance.now();
  let count = 0;
  return {
    async take() {
      if (stop.aborted) return false;
      if (count >= maxOperations) {
        // Ending the run here, not from a timer: callers that get `false` loop back at once, and a
        // loop of resolved promises would starve any timer that meant to stop them.
        stopper.abort();
        return false;
      }
      count += 1;
      const now = performance.now();
      // A slot left unused (everyone was busy) is not saved up: no bursts after a slow phase.
      nextSlot = Math.max(nextSlot, now);
      const wait = nextSlot - now;
      nextSlot += interval;
      if (wait >= 1) await sleep(wait, stop);
      return !stop.aborted;
    },
    taken: () => count,
  };
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects: stopping is not an error). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
