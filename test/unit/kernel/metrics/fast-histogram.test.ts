// The HTTP duration histogram is our own FastHistogram, not prom-client's: given the same
// observations, both must render byte for byte the same /metrics, in both formats.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Histogram, Registry } from 'prom-client';
import { createFastHistogram } from '../../../../app/kernel/metrics/fast-histogram.js';
import { renderOpenMetrics } from '../../../../app/kernel/metrics/openmetrics.js';

const config = {
  name: 'demo_duration_seconds',
  help: 'Durations, with a "quote" and a \\ backslash in the help.',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.1, 1, 10],
};

// On a bound, between bounds, above the last one, zero; label values that need escaping.
const observations: Array<[{ method: string; route: string }, number]> = [
  [{ method: 'GET', route: '/a' }, 0.005],
  [{ method: 'GET', route: '/a' }, 0.0051],
  [{ method: 'POST', route: '/b"quoted"\\path\nnext' }, 12],
  [{ method: 'GET', route: '/a' }, 0],
  [{ method: 'GET', route: '/c' }, 1],
  [{ method: 'POST', route: '/b"quoted"\\path\nnext' }, 0.3],
  [{ method: 'GET', route: '/a' }, 0.1 + 0.2],
];

function bothRegistries() {
  const theirs = new Registry();
  const ours = new Registry();
  const reference = new Histogram({ ...config, labelNames: [...config.labelNames], registers: [theirs] });
  const fast = createFastHistogram({ ...config, registers: [ours] });
  for (const [labels, value] of observations) {
    reference.observe(labels, value);
    fast.series(labels).observe(value);
  }
  return { theirs, ours };
}

describe('FastHistogram', () => {
  test('renders the same text format as prom-client', async () => {
    const { theirs, ours } = bothRegistries();
    assert.equal(await ours.metrics(), await theirs.metrics());
  });

  test('renders the same OpenMetrics as prom-client', async () => {
    const { theirs, ours } = bothRegistries();
    assert.equal(await renderOpenMetrics(ours), await renderOpenMetrics(theirs));
  });

  test('gives the same JSON as prom-client (exemplars aside)', async () => {
    const { theirs, ours } = bothRegistries();
    const withoutExemplars = JSON.parse(
      JSON.stringify(await theirs.getMetricsAsJSON(), (key, value: unknown) => (key === 'exemplar' ? undefined : value)),
    );
    assert.deepEqual(await ours.getMetricsAsJSON(), withoutExemplars);
  });

  test('a series asked for twice is the same series', async () => {
    const registry = new Registry();
    const histogram = createFastHistogram({ ...config, registers: [registry] });
    histogram.series({ method: 'GET', route: '/a' }).observe(0.2);
    histogram.series({ method: 'GET', route: '/a' }).observe(0.4);
    assert.match(await registry.metrics(), /^demo_duration_seconds_count\{method="GET",route="\/a"\} 2$/m);
  });

  test('reset() zeroes every series, and kept series still count', async () => {
    const registry = new Registry();
    const series = createFastHistogram({ ...config, registers: [registry] }).series({ method: 'GET', route: '/a' });
    series.observe(0.2);
    registry.resetMetrics();
    assert.match(await registry.metrics(), /^demo_duration_seconds_count\{method="GET",route="\/a"\} 0$/m);
    series.observe(0.2);
    assert.match(await registry.metrics(), /^demo_duration_seconds_count\{method="GET",route="\/a"\} 1$/m);
  });

  test('refuses what prom-client refuses: bad values, the le label, a bad name, and unordered buckets', () => {
    const registry = new Registry();
    const series = createFastHistogram({ ...config, registers: [registry] }).series({ method: 'GET', route: '/a' });
    assert.throws(() => series.observe(Number.NaN), TypeError);
    assert.throws(() => createFastHistogram({ ...config, name: 'le_test_seconds', labelNames: ['le'], registers: [] }), /le is a reserved/);
    assert.throws(() => createFastHistogram({ ...config, name: 'bad-name', registers: [] }), /Invalid metric name/);
    assert.throws(() => createFastHistogram({ ...config, buckets: [1, 0.5], registers: [] }), /ascending/);
  });
});
