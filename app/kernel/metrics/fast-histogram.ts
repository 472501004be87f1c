// A labelled histogram whose observe() is a few array and number updates, for the histograms
// updated as things happen: every HTTP request's duration, every garbage collection's.
// prom-client's Histogram.observe() validates and hashes the label object and allocates on every call; under load that measured several µs per request, most of
// what the HTTP metrics cost (`npm run bench -- overhead`, BENCHMARKS.md). Here a label set is
// looked up once, by series(), and the caller keeps the series it gets back.
//
// It registers in a prom-client Registry like any metric and gives the same samples, in the same
// order and shape, as prom-client's Histogram, so /metrics in both formats reads exactly as before
// (test/unit/kernel/metrics/fast-histogram.test.ts renders both side by side).
import { validateMetricName, type Metric, type Registry } from 'prom-client';

export interface HistogramSeries {
  observe(value: number): void;
}

export interface FastHistogram<L extends string> {
  /** The series for one label set, created at its first use; keep it rather than asking again. */
  series(labels: Readonly<Record<L, string>>): HistogramSeries;
}

export interface FastHistogramConfig<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Upper bounds, ascending; +Inf is added. */
  buckets: readonly number[];
  registers: Registry[];
}

interface Series {
  /** Per bucket, not cumulative; the last slot is +Inf. */
  counts: Float64Array;
  sum: number;
  count: number;
  bucketLabels: Array<Record<string, string | number>>;
  labels: Record<string, string>;
}

export function createFastHistogram<L extends string>({
  name,
  help,
  labelNames,
  buckets,
  registers,
}: FastHistogramConfig<L>): FastHistogram<L> {
  if (!validateMetricName(name)) throw new Error(`Invalid metric name: ${name}`);
  if ((labelNames as readonly string[]).includes('le')) throw new Error('le is a reserved label keyword');
  if (buckets.length === 0 || buckets.some((bound, i) => !Number.isFinite(bound) || (i > 0 && bound <= buckets[i - 1]))) {
    throw new Error(`Histogram ${name} needs finite buckets in ascending order, got [${buckets.join(', ')}]`);
  }
  const bounds = [...buckets];
  const all: Series[] = [];
  const byKey = new Map<string, Series>();

  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get() {
      return Promise.resolve({ name, help, type: 'histogram' as const, aggregator: 'sum' as const, values: all.flatMap(samples) });
    },
    // As prom-client's reset(): every series starts again from zero (the handles stay valid).
    reset() {
      for (const series of all) {
        series.counts.fill(0);
        series.sum = 0;
        series.count = 0;
      }
    },
  };
  // prom-client's Registry takes any object shaped like its metrics; its types only name its own classes.
  for (const registry of registers) registry.registerMetric(metric as unknown as Metric);

  function samples(series: Series): Array<{ value: number; metricName: string; labels: Record<string, string | number> }> {
    const out = [];
    let cumulative = 0;
    for (let i = 0; i < series.counts.length; i++) {
      cumulative += series.counts[i];
      out.push({ value: cumulative, metricName: `${name}_bucket`, labels: series.bucketLabels[i] });
    }
    out.push({ value: series.sum, metricName: `${name}_sum`, labels: series.labels });
    out.push({ value: series.count, metricName: `${name}_count`, labels: series.labels });
    return out;
  }

  return {
    series(labels) {
      const values = labelNames.map((label) => labels[label]);
      const key = JSON.stringify(values);
      let series = byKey.get(key);
      if (series === undefined) {
        const own: Record<string, string> = Object.fromEntries(labelNames.map((label, i) => [label, values[i]]));
        series = {
          counts: new Float64Array(bounds.length + 1),
          sum: 0,
          count: 0,
          bucketLabels: [...bounds, '+Inf'].map((le) => ({ le, ...own })),
          labels: own,
        };
        byKey.set(key, series);
        all.push(series);
      }
      const target = series;
      return {
        observe(value) {
          if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
          let bucket = 0;
          while (bucket < bounds.length && value > bounds[bucket]) bucket++;
          target.counts[bucket] += 1;
          target.sum += value;
          target.count += 1;
        },
      };
    },
  };
}
