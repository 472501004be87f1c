// A private registry per process (and per test), never prom-client's global one: two apps in one
// process, or a library that registers into the global registry, cannot collide with ours.
import { createRequire } from 'node:module';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { collectGcDuration } from './gc-duration.js';

export interface RegistryOptions {
  /** The `nodejs_*` and `process_*` runtime metrics (the talk's `erlang_vm_*`). Default true. */
  defaultMetrics?: boolean;
}

// prom-client's defaults include three gauges named like counters. `promtool check metrics` flags
// them ("non-counter metrics should not have _total suffix"), and nothing is lost without them:
// each is the sum of a per-type gauge that stays (e.g. sum(nodejs_active_handles)).
export const MISNAMED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
] as const;

export function createMetricsRegistry({ defaultMetrics = true }: RegistryOptions = {}): Registry {
  const registry = new Registry();
  if (defaultMetrics) collectRuntimeMetrics(registry);
  return registry;
}

export interface RuntimeMetricsOptions {
  /**
   * nodejs_gc_duration_seconds, default true: ours (./gc-duration.ts), in prom-client's place. Its
   * price is mostly Node's: with a PerformanceObserver for 'gc' attached, Node builds a
   * PerformanceEntry and schedules a callback for every collection. BENCHMARKS.md has the
   * end-to-end comparison (`npm run bench -- overhead`, ours-no-gc). Off, the observer is never
   * attached and that one family is absent; every other runtime metric stays.
   */
  gcDuration?: boolean;
}

/** prom-client's default for the event-loop-delay monitor's resolution, which collectDefaultMetrics also applies. */
const EVENT_LOOP_MONITORING_PRECISION_MS = 10;

type DefaultMetric = (registry: Registry, config: { eventLoopMonitoringPrecision: number }) => void;

/**
 * Adds the runtime metrics to a registry, e.g. one created without them that an instrumenter fills.
 * collectDefaultMetrics offers no way to replace one metric, so this runs its per-metric modules
 * itself, in its own order (its exported metricsList) and with the config it would pass, with our
 * GC histogram in the place of its own: the same families, in the same order, declared the same.
 */
export function collectRuntimeMetrics(registry: Registry, { gcDuration = true }: RuntimeMetricsOptions = {}): void {
  const require = createRequire(import.meta.url);
  for (const name of collectDefaultMetrics.metricsList) {
    if (name === 'gc') {
      if (gcDuration) collectGcDuration(registry);
      continue;
    }
    const collect = require(`prom-client/lib/metrics/${name}`) as DefaultMetric;
    collect(registry, { eventLoopMonitoringPrecision: EVENT_LOOP_MONITORING_PRECISION_MS });
  }
  for (const name of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(name);
}
