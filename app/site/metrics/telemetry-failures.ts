// Counts telemetry handlers that threw. The label is the handler's name, fixed in code, so the
// series are bounded; each handler's series exists at 0 from the moment it is attached.
import { Counter, type Registry } from 'prom-client';
import type { TelemetryHooks } from '../telemetry/telemetry.js';

export const TELEMETRY_HANDLER_FAILURES_TOTAL = 'grapevine_telemetry_handler_failures_total';

export function telemetryFailureMetrics(registry: Registry): TelemetryHooks {
  const failures = new Counter({
    name: TELEMETRY_HANDLER_FAILURES_TOTAL,
    help: 'Telemetry handlers that threw, by handler. The handler stays attached; the metrics it updates missed those events.',
    labelNames: ['handler'] as const,
    registers: [registry],
  });
  return {
    attached: (handlerName) => failures.labels(handlerName).inc(0),
    failed: (handlerName) => failures.labels(handlerName).inc(),
  };
}
