// The few statistics the benchmarks report: medians and spreads over rounds, ratios of paired
// rounds, and a least-squares slope for "is memory growing".

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Linear interpolation between closest ranks; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Interquartile range relative to the median, e.g. 0.04 for 4 %. */
  relativeIqr: number;
}

export function spread(values: readonly number[]): Spread {
  const mid = median(values);
  return {
    median: mid,
    min: Math.min(...values),
    max: Math.max(...values),
    relativeIqr: mid === 0 ? 0 : (quantile(values, 0.75) - quantile(values, 0.25)) / mid,
  };
}

/**
 * Round by round, candidate / baseline: the two ran in the same round, so drift across rounds (a
 * busier machine, a warmer cache) cancels out of each ratio. Throws when the rounds do not pair up.
 */
export function pairedRatios(candidate: readonly number[], baseline: readonly number[]): number[] {
  if (candidate.length !== baseline.length) throw new Error(`cannot pair ${candidate.length} rounds with ${baseline.length}`);
  return candidate.map((value, i) => value / baseline[i]);
}

/** Least-squares slope of y over x (units of y per unit of x). */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const [x, y] of points) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  return variance === 0 ? Number.NaN : covariance / variance;
}
