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

/**
 * Frames one simulated socket sends at most each second: under the app's SOCKET_MESSAGES_PER_SECOND
 * (10 by default, app/site/sockets/limits.ts) with room for the heartbeat answers, which go unpaced,
 * so a run at any `--rate` never trips the app's per-socket rate limit.
 */
export const SOCKET_FRAMES_PER_SECOND = 8;

/** A pacer for one socket's frames, stopping with the run. */
export function createSocketPacer(stop: AbortSignal): Pacer {
  const own = new AbortController();
  if (stop.aborted) own.abort();
  else stop.addEventListener('abort', () => own.abort(), { once: true });
  return createPacer(SOCKET_FRAMES_PER_SECOND, own);
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
