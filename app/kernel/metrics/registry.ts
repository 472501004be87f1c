// A private registry per process (and per test), never prom-client's global one: two apps in one
// process, or a library that registers into the global registry, cannot collide with ours.
import { createRequire } from 'node:module';
import { collectDefaultMetrics, Registry } from 'prom-client';

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
   * nodejs_gc_duration_seconds, default true. Its price is Node's, not prom-client's: with a
   * PerformanceObserver for 'gc' attached, Node builds a PerformanceEntry (with deprecated getters,
   * the largest part in a CPU profile) and schedules a callback for every collection. BENCHMARKS.md
   * has the profile and the end-to-end comparison (`npm run bench -- overhead`, ours-no-gc). Off, the
   * observer is never attached and that one family is absent; every other runtime metric stays.
   */
  gcDuration?: boolean;
}

/** prom-client's default for the event-loop-delay monitor's resolution, which collectDefaultMetrics also applies. */
const EVENT_LOOP_MONITORING_PRECISION_MS = 10;

/** Adds the runtime metrics to a registry, e.g. one created without them that an instrumenter fills. */
export function collectRuntimeMetrics(registry: Registry, { gcDuration = true }: RuntimeMetricsOptions = {}): void {
  if (gcDuration) collectDefaultMetrics({ register: registry });
  else collectDefaultMetricsExceptGc(registry);
  for (const name of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(name);
}

type DefaultMetric = (registry: Registry, config: { eventLoopMonitoringPrecision: number }) => void;

/**
 * collectDefaultMetrics offers no way to leave one metric out, so this runs its own per-metric
 * modules, in its own order (its exported metricsList), with the config it would pass, all but gc:
 * the same families and samples, without the observer.
 */
function collectDefaultMetricsExceptGc(registry: Registry): void {
  const require = createRequire(import.meta.url);
  for (const name of collectDefaultMetrics.metricsList) {
    if (name === 'gc') continue;
    const collect = require(`prom-client/lib/metrics/${name}`) as DefaultMetric;
    collect(registry, { eventLoopMonitoringPrecision: EVENT_LOOP_MONITORING_PRECISION_MS });
  }
}
