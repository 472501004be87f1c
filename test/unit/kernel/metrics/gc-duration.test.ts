// nodejs_gc_duration_seconds from our own GC observer: declared exactly as prom-client declares it,
// and counting every collection, also those Node hands the observer in one batch (prom-client's
// own observer reads only the first entry of each batch).
import assert from 'node:assert/strict';
import { PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { collectGcDuration, NODEJS_GC_DURATION_SECONDS } from '../../../../app/kernel/metrics/gc-duration.js';

/** Allocates short-lived objects without yielding, so several collections finish before any observer runs. */
function collectionsWithoutYielding(): void {
  let kept: unknown;
  for (let i = 0; i < 2_000_000; i++) kept = { i, text: `item ${i}` };
  assert.ok(kept);
}

async function gcSamples(
  registry: Registry,
): Promise<Array<{ metricName?: string; labels: Record<string, string | number>; value: number }>> {
  const metric = (await registry.getMetricsAsJSON()).find((family) => family.name === NODEJS_GC_DURATION_SECONDS);
  assert.ok(metric, 'the family is registered');
  return metric.values as Array<{ metricName?: string; labels: Record<string, string | number>; value: number }>;
}

describe('collectGcDuration', () => {
  test('declares the family as collectDefaultMetrics does: name, help, type', async () => {
    const ours = new Registry();
    const stop = collectGcDuration(ours);
    const theirs = new Registry();
    collectDefaultMetrics({ register: theirs });
    try {
      const declaration = async (registry: Registry) =>
        (await registry.metrics()).split('\n').filter((line) => line.startsWith('# ') && line.includes(` ${NODEJS_GC_DURATION_SECONDS} `));
      assert.equal((await declaration(ours)).length, 2);
      assert.deepEqual(await declaration(ours), await declaration(theirs));
    } finally {
      stop();
    }
  });

  test("counts every collection, also a batch of them delivered together, with prom-client's buckets and kinds", async () => {
    const registry = new Registry();
    const stop = collectGcDuration(registry);
    let entries = 0;
    let batches = 0;
    let milliseconds = 0;
    const independent = new PerformanceObserver((list) => {
      batches += 1;
      for (const entry of list.getEntries()) {
        entries += 1;
        milliseconds += entry.duration;
      }
    });
    independent.observe({ entryTypes: ['gc'] });
    try {
      collectionsWithoutYielding();
      await sleep(50);
    } finally {
      independent.disconnect();
      stop();
    }
    assert.ok(entries > batches, `the loop's collections came in batches (${entries} in ${batches})`);

    const samples = await gcSamples(registry);
    const counts = samples.filter((sample) => sample.metricName === `${NODEJS_GC_DURATION_SECONDS}_count`);
    assert.ok(counts.length > 0);
    for (const { labels } of counts)
      assert.ok(['major', 'minor', 'incremental', 'weakcb'].includes(String(labels.kind)), String(labels.kind));
    assert.equal(
      counts.reduce((sum, sample) => sum + sample.value, 0),
      entries,
    );
    const sum = samples
      .filter((sample) => sample.metricName === `${NODEJS_GC_DURATION_SECONDS}_sum`)
      .reduce((total, sample) => total + sample.value, 0);
    assert.ok(Math.abs(sum - milliseconds / 1000) < 1e-9, `${sum} s against ${milliseconds / 1000} s`);
    const bounds = samples
      .filter((sample) => sample.metricName === `${NODEJS_GC_DURATION_SECONDS}_bucket` && sample.labels.kind === counts[0].labels.kind)
      .map((sample) => sample.labels.le);
    assert.deepEqual(bounds, [0.001, 0.01, 0.1, 1, 2, 5, '+Inf']);
  });

  test('stopping it stops the counting', async () => {
    const registry = new Registry();
    collectGcDuration(registry)();
    collectionsWithoutYielding();
    await sleep(50);
    assert.deepEqual(await gcSamples(registry), []);
  });
});
