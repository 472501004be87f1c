// The token bucket behind every socket's frame rate, on a clock the test moves: a burst, a steady
// rate, refusals, and the close for a client that keeps on within a minute but not one that pauses.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RATE_REFUSAL_WINDOW_MS } from '../../../../app/site/sockets/limits.js';
import { createFrameRateLimiter, type RateVerdict } from '../../../../app/site/sockets/rate-limit.js';

function limiter(refusalsBeforeClose = 3) {
  let now = 0;
  const limit = createFrameRateLimiter({ perSecond: 10, burst: 20, refusalsBeforeClose, now: () => now });
  return {
    check: (): RateVerdict => limit.check(),
    wait: (ms: number) => void (now += ms),
  };
}
const many = (check: () => RateVerdict, count: number): RateVerdict[] => Array.from({ length: count }, check);

describe('frame rate limiter', () => {
  test('a full burst passes at once, then frames are refused until the bucket refills', () => {
    const { check, wait } = limiter(1_000);
    assert.deepEqual(many(check, 20), Array(20).fill('accept'));
    assert.equal(check(), 'refuse');
    wait(100);
    assert.equal(check(), 'accept', 'one token per 100 ms at 10 a second');
    assert.equal(check(), 'refuse');
  });

  test('a steady 10 a second is never refused, however long it goes on', () => {
    const { check, wait } = limiter();
    for (let i = 0; i < 1_000; i += 1) {
      assert.equal(check(), 'accept', `frame ${i}`);
      wait(100);
    }
  });

  test('the bucket never holds more than the burst, however long the socket was quiet', () => {
    const { check, wait } = limiter(1_000);
    wait(3_600_000);
    assert.deepEqual(many(check, 21).slice(19), ['accept', 'refuse']);
  });

  test('the Nth refusal within a minute is the verdict to close', () => {
    const { check } = limiter(3);
    many(check, 20);
    assert.deepEqual(many(check, 3), ['refuse', 'refuse', 'close']);
  });

  test('refusals spread over more than a minute do not close the socket', () => {
    const { check, wait } = limiter(3);
    many(check, 20);
    assert.equal(check(), 'refuse');
    wait(RATE_REFUSAL_WINDOW_MS / 2);
    many(check, 20);
    assert.equal(check(), 'refuse');
    wait(RATE_REFUSAL_WINDOW_MS / 2 + 1);
    many(check, 20);
    assert.equal(check(), 'refuse', 'the first refusal has left the window');
  });
});
