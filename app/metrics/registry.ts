// A private registry per process (and per test), never prom-client's global one: two apps in one
// process, or a library that registers into the global registry, cannot collide with ours.
import { collectDefaultMetrics, Registry } from 'prom-client';

export interface RegistryOptions {
  /** The `nodejs_*` and `process_*` runtime metrics (the talk's `erlang_vm_*`). Default true. */
  defaultMetrics?: boolean;
}

export function createMetricsRegistry({ defaultMetrics = true }: RegistryOptions = {}): Registry {
  const registry = new Registry();
  if (defaultMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}
