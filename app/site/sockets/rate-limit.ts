// Each socket's frame rate: a token bucket (a steady rate with room for a burst) and, for a client
// that keeps going when refused, the verdict to close it. Local to one socket by design: the limit
// protects this process's event loop, whichever replica the socket landed on.
import { RATE_REFUSAL_WINDOW_MS } from './limits.js';

export type RateVerdict = 'accept' | 'refuse' | 'close';

export interface FrameRateLimiter {
  /** Called once per frame received, before it is handled. */
  check(): RateVerdict;
}

export interface FrameRateOptions {
  perSecond: number;
  burst: number;
  /** Refusals within RATE_REFUSAL_WINDOW_MS that close the socket. */
  refusalsBeforeClose: number;
  /** Milliseconds on a monotonic clock; performance.now by default. */
  now?: () => number;
}

export function createFrameRateLimiter({
  perSecond,
  burst,
  refusalsBeforeClose,
  now = () => performance.now(),
}: FrameRateOptions): FrameRateLimiter {
  let tokens = burst;
  let filledAt = now();
  // The times of the latest refusals, oldest first, at most refusalsBeforeClose of them.
  const refusals: number[] = [];
  return {
    check() {
      const at = now();
      tokens = Math.min(burst, tokens + ((at - filledAt) / 1000) * perSecond);
      filledAt = at;
      if (tokens >= 1) {
        tokens -= 1;
        return 'accept';
      }
      refusals.push(at);
      if (refusals.length > refusalsBeforeClose) refusals.shift();
      return refusals.length === refusalsBeforeClose && at - refusals[0] <= RATE_REFUSAL_WINDOW_MS ? 'close' : 'refuse';
    },
  };
}

/** The failure a refused frame gets; it starts as Grapevine's does. */
export function rateLimitMessage(perSecond: number, burst: number): string {
  return `rate limit exceeded: at most ${perSecond} messages a second (bursts of ${burst}); slow down or the socket is closed`;
}
