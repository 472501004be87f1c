// /metrics renders with each series' label text cached (app/kernel/metrics/label-text.ts), so it must
// stay byte for byte what it was: the text format what prom-client's registry.metrics() writes, and
// OpenMetrics what the uncached renderer (from getMetricsAsJSON, kept in scripts/bench as the reference) wrote,
// for every kind of metric, awkward label values, values changing between scrapes, and series
// removed or reset.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { renderOpenMetrics } from '../../../../app/kernel/metrics/openmetrics.js';
import { collectRuntimeMetrics } from '../../../../app/kernel/metrics/registry.js';
import { renderPrometheusText } from '../../../../app/kernel/metrics/text-format.js';
import { createFastHistogram } from '../../../../app/kernel/metrics/fast-histogram.js';
import { referenceOpenMetrics } from '../../../../scripts/bench/reference-openmetrics.js';

interface Fixture {
  registry: Registry;
  counter: Counter<'route' | 'note'>;
  gauge: Gauge<'space'>;
  histogram: Histogram<'route'>;
  fast: ReturnType<typeof createFastHistogram<'route'>>;
}

function fixture(): Fixture {
  const registry = new Registry();
  const counter = new Counter({
    name: 'demo_requests_total',
    help: 'Requests, with "quotes", a back\\slash\nand a newline in the help.',
    labelNames: ['route', 'note'] as const,
    registers: [registry],
  });
  const gauge = new Gauge({ name: 'demo_space_bytes', help: 'A gauge.', labelNames: ['space'] as const, registers: [registry] });
  new Gauge({ name: 'demo_unlabelled', help: 'No labels.', registers: [registry] }).set(-0.5);
  new Counter({ name: 'demo_never_total', help: 'Declared, never incremented.', labelNames: ['x'], registers: [registry] });
  const histogram = new Histogram({
    name: 'demo_duration_seconds',
    help: 'A prom-client histogram.',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.1, 1],
    registers: [registry],
  });
  new Histogram({ name: 'demo_unlabelled_seconds', help: 'Unlabelled.', buckets: [1], registers: [registry] }).observe(2);
  const fast = createFastHistogram({
    name: 'demo_fast_seconds',
    help: 'The app’s fast histogram.',
    labelNames: ['route'] as const,
    buckets: [0.01, 0.5],
    registers: [registry],
  });
  const summary = new Summary({ name: 'demo_summary', help: 'A summary.', percentiles: [0.5, 0.9], registers: [registry] });
  summary.observe(3);

  counter.inc({ route: '/', note: 'plain' });
  counter.inc({ route: '/a"b', note: 'back\\slash' }, 2);
  counter.inc({ route: '/new\nline', note: 'ünïcödé ✓' }, 0.25);
  gauge.set({ space: 'new' }, NaN);
  gauge.set({ space: 'old' }, Infinity);
  gauge.set({ space: 'code' }, -Infinity);
  histogram.observe({ route: '/' }, 0.003);
  histogram.observe({ route: '/slow' }, 5);
  fast.series({ route: '/' }).observe(0.2);
  return { registry, counter, gauge, histogram, fast };
}

async function assertSameAsBefore(registry: Registry, when: string): Promise<void> {
  assert.equal(await renderPrometheusText(registry), await registry.metrics(), `text format, ${when}`);
  assert.equal(await renderOpenMetrics(registry), await referenceOpenMetrics(registry), `OpenMetrics, ${when}`);
}

describe('/metrics rendering with cached label text', () => {
  test('the text format is prom-client’s and OpenMetrics the uncached renderer’s, byte for byte', async () => {
    const { registry } = fixture();
    await assertSameAsBefore(registry, 'first scrape');
    // The second scrape reads the label text from the cache.
    await assertSameAsBefore(registry, 'second scrape');
  });

  test('values that change between scrapes, new series, removed and reset ones', async () => {
    const { registry, counter, gauge, histogram, fast } = fixture();
    await assertSameAsBefore(registry, 'before');
    counter.inc({ route: '/', note: 'plain' }, 41);
    gauge.set({ space: 'new' }, 7);
    histogram.observe({ route: '/' }, 0.5);
    fast.series({ route: '/' }).observe(1);
    fast.series({ route: '/other' }).observe(0.001);
    counter.inc({ route: '/later', note: 'added after the first scrape' });
    await assertSameAsBefore(registry, 'after updates and new series');
    counter.remove({ route: '/a"b', note: 'back\\slash' });
    gauge.reset();
    gauge.set({ space: 'new' }, 1);
    histogram.reset();
    await assertSameAsBefore(registry, 'after removal and reset');
    assert.doesNotMatch(await renderPrometheusText(registry), /a\\"b/);
  });

  test('an empty registry, and the runtime metrics (compared without their moving values)', async () => {
    assert.equal(await renderPrometheusText(new Registry()), await new Registry().metrics());
    assert.equal(await renderOpenMetrics(new Registry()), await referenceOpenMetrics(new Registry()));
    const registry = new Registry();
    collectRuntimeMetrics(registry);
    const withoutValues = (text: string) => text.replace(/ [^ \n]+$/gm, ' <value>');
    assert.equal(withoutValues(await renderPrometheusText(registry)), withoutValues(await registry.metrics()));
    assert.equal(withoutValues(await renderOpenMetrics(registry)), withoutValues(await referenceOpenMetrics(registry)));
  });
});
