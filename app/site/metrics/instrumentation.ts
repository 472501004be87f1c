// The site's instrumentation, as a list applied in order to a fresh registry and telemetry: the
// runtime metrics, the count of failing telemetry handlers, the domain metrics and the HTTP request
// metrics. The order is the order of the families in /metrics. createSite takes the list as a
// parameter with this default, so the overhead benchmark builds the same site with none of it, or
// with another HTTP middleware, through the same wiring.
import type { Middleware } from 'koa';
import type { Registry } from 'prom-client';
import { collectRuntimeMetrics, type RuntimeMetricsOptions } from '../../kernel/metrics/registry.js';
import type { Services } from '../services.js';
import type { GrapevineTelemetry } from '../telemetry/events.js';
import { instrumentBus } from './bus.js';
import { instrumentGrapevine } from './grapevine.js';
import { requestMetrics } from './request-metrics.js';
import { telemetryFailureMetrics } from './telemetry-failures.js';

/** What an instrumenter is given: the registry /metrics renders, the telemetry, the domain. */
export interface InstrumentedSite {
  registry: Registry;
  telemetry: GrapevineTelemetry;
  services: Services;
}

/** Registers metrics and attaches telemetry handlers; HTTP middleware it returns runs outermost, around every request. */
export type SiteInstrumenter = (site: InstrumentedSite) => Middleware | void;

/** `nodejs_*` and `process_*`; `gcDuration: false` leaves nodejs_gc_duration_seconds out (METRICS_GC_DURATION). */
export const runtimeMetricsWith =
  (options: RuntimeMetricsOptions): SiteInstrumenter =>
  ({ registry }) =>
    collectRuntimeMetrics(registry, options);

/** `nodejs_*` and `process_*`, all of them. */
export const runtimeMetrics: SiteInstrumenter = runtimeMetricsWith({});

/** grapevine_telemetry_handler_failures_total; before the others, so their handlers' series start at 0. */
export const handlerFailureMetrics: SiteInstrumenter = ({ registry, telemetry }) => telemetry.addHooks(telemetryFailureMetrics(registry));

/** The `grapevine_*` metrics, from the domain's telemetry events. */
export const domainMetrics: SiteInstrumenter = ({ registry, telemetry, services }) =>
  instrumentGrapevine(registry, telemetry, services.presence);

/** grapevine_bus_*: whether this replica is on the bus to the others, and its traffic. */
export const busMetrics: SiteInstrumenter = ({ registry, services }) => instrumentBus(registry, services.bus);

/** http_requests_total and http_request_duration_seconds, from the outermost middleware. */
export const httpRequestMetrics: SiteInstrumenter = ({ registry }) => requestMetrics(registry);

export interface SiteInstrumentationOptions {
  /** METRICS_GC_DURATION: nodejs_gc_duration_seconds and the GC observer it costs; default true. */
  gcDurationMetric?: boolean;
}

/** The list for a configuration: SITE_INSTRUMENTERS unless a setting leaves a default metric out. */
export function siteInstrumenters({ gcDurationMetric = true }: SiteInstrumentationOptions = {}): readonly SiteInstrumenter[] {
  return gcDurationMetric ? SITE_INSTRUMENTERS : [runtimeMetricsWith({ gcDuration: false }), ...SITE_INSTRUMENTERS.slice(1)];
}

export const SITE_INSTRUMENTERS: readonly SiteInstrumenter[] = [
  runtimeMetrics,
  handlerFailureMetrics,
  domainMetrics,
  busMetrics,
  httpRequestMetrics,
];
