// A private registry per process (and per test), never prom-client's global one: two apps in one
// process, or a library that registers into the global registry, cannot collide with ours.
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

/** Adds the runtime metrics to a registry, e.g. one created without them that an instrumenter fills. */
export function collectRuntimeMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(name);
}
