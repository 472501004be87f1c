// The runtime metrics with and without the GC duration metric (METRICS_GC_DURATION): off leaves
// out that one family and nothing else, each other family declared exactly as collectDefaultMetrics
// declares it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { collectRuntimeMetrics, MISNAMED_DEFAULT_METRICS } from '../../../../app/kernel/metrics/registry.js';

const GC_FAMILY = 'nodejs_gc_duration_seconds';

/** Every family's # HELP and # TYPE lines, the part of /metrics that does not move with time. */
async function declarations(registry: Registry): Promise<string[]> {
  return (await registry.metrics()).split('\n').filter((line) => line.startsWith('# '));
}

describe('collectRuntimeMetrics', () => {
  test('by default: every prom-client default metric, declared as collectDefaultMetrics declares it, without the misnamed gauges', async () => {
    const ours = new Registry();
    collectRuntimeMetrics(ours);
    const theirs = new Registry();
    collectDefaultMetrics({ register: theirs });
    const misnamed = (line: string) => MISNAMED_DEFAULT_METRICS.some((name) => line.includes(` ${name} `));
    assert.deepEqual(
      await declarations(ours),
      (await declarations(theirs)).filter((line) => !misnamed(line)),
    );
    const names = (await ours.getMetricsAsJSON()).map((metric) => metric.name);
    assert.ok(names.includes(GC_FAMILY));
    for (const name of MISNAMED_DEFAULT_METRICS) assert.ok(!names.includes(name), name);
  });

  test('gcDuration false: the same families in the same order, declared the same, but for the GC histogram', async () => {
    const all = new Registry();
    collectRuntimeMetrics(all);
    const withoutGc = new Registry();
    collectRuntimeMetrics(withoutGc, { gcDuration: false });
    assert.deepEqual(
      await declarations(withoutGc),
      (await declarations(all)).filter((line) => !line.includes(` ${GC_FAMILY} `)),
    );
    assert.ok(!(await withoutGc.metrics()).includes(GC_FAMILY));
  });

  test('gcDuration false still samples the runtime: the event-loop and process families have values', async () => {
    const registry = new Registry();
    collectRuntimeMetrics(registry, { gcDuration: false });
    const text = await registry.metrics();
    assert.match(text, /^process_cpu_seconds_total \d/m);
    assert.match(text, /^nodejs_eventloop_lag_p99_seconds \d/m);
  });
});
