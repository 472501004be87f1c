// The bench's statistics: what every reported median, spread, paired ratio and slope is computed with.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { median, pairedRatios, quantile, slope, spread } from '../../../../scripts/bench/stats.js';

describe('median and quantile', () => {
  test('the middle value of an odd count, the mean of the middle two of an even one, whatever the order', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
  });

  test('quantiles interpolate linearly between closest ranks', () => {
    const values = [10, 20, 30, 40, 50];
    assert.equal(quantile(values, 0), 10);
    assert.equal(quantile(values, 1), 50);
    assert.equal(quantile(values, 0.25), 20);
    assert.equal(quantile([10, 20], 0.75), 17.5);
  });

  test('no values give NaN, not a number that looks measured', () => {
    assert.ok(Number.isNaN(median([])));
    assert.ok(Number.isNaN(quantile([], 0.9)));
  });

  test('the input is left in its order', () => {
    const values = [3, 1, 2];
    median(values);
    assert.deepEqual(values, [3, 1, 2]);
  });
});

describe('spread', () => {
  test('median, min, max and the interquartile range relative to the median', () => {
    const result = spread([90, 100, 110, 100, 100]);
    assert.equal(result.median, 100);
    assert.equal(result.min, 90);
    assert.equal(result.max, 110);
    assert.equal(result.relativeIqr, 0);
    // Quartiles 95 and 105 around a median of 100: 10 %.
    assert.ok(Math.abs(spread([90, 100, 110]).relativeIqr - 0.1) < 1e-12);
  });

  test('a zero median gives a relative IQR of 0 rather than Infinity', () => {
    assert.equal(spread([0, 0, 1, -1, 0]).relativeIqr, 0);
  });
});

describe('pairedRatios', () => {
  test('divides round by round, so a round where both were slower does not move the ratio', () => {
    // Round 2 ran on a busier machine: both halve, the ratio stays 0.9.
    assert.deepEqual(pairedRatios([900, 450, 990], [1000, 500, 1100]), [0.9, 0.9, 0.9]);
    // The ratio of medians would say otherwise when the drift lands unevenly.
    const candidate = [100, 50, 100];
    const baseline = [50, 100, 100];
    assert.deepEqual(pairedRatios(candidate, baseline), [2, 0.5, 1]);
    assert.equal(median(pairedRatios(candidate, baseline)), 1);
  });

  test('refuses rounds that do not pair up', () => {
    assert.throws(() => pairedRatios([1, 2], [1]), /cannot pair 2 rounds with 1/);
  });

  test('no rounds, no ratios', () => {
    assert.deepEqual(pairedRatios([], []), []);
  });
});

describe('slope', () => {
  test('the least-squares slope of y over x', () => {
    assert.equal(
      slope([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
      2,
    );
    assert.equal(
      slope([
        [0, 4],
        [1, 4],
        [2, 4],
      ]),
      0,
    );
    // Noise around a line of slope -0.5 averages out: residuals +1, -2, +1 cancel.
    assert.ok(
      Math.abs(
        slope([
          [0, 11],
          [2, 8],
          [4, 9],
        ]) - -0.5,
      ) < 1e-12,
    );
  });

  test('NaN where there is no slope to fit: fewer than two points, or every x the same', () => {
    assert.ok(Number.isNaN(slope([])));
    assert.ok(Number.isNaN(slope([[1, 1]])));
    assert.ok(
      Number.isNaN(
        slope([
          [1, 1],
          [1, 5],
        ]),
      ),
    );
  });
});
