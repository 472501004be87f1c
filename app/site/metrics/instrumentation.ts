// The site's instrumentation, as a list applied in order to a fresh registry and telemetry: the
// runtime metrics, the count of failing telemetry handlers, the domain metrics and the HTTP request
// metrics. The order is the order of the families in /metrics. createSite takes the list as a
// parameter with this default, so the overhead benchmark builds the same site with none of it, or
// with another HTTP middleware, through the same wiring.
import type { Middleware } from 'koa';
import type { Registry } from 'prom-client';
import { collectRuntimeMetrics } from '../../kernel/metrics/registry.js';
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

/** `nodejs_*` and `process_*`. */
export const runtimeMetrics: SiteInstrumenter = ({ registry }) => collectRuntimeMetrics(registry);

/** grapevine_telemetry_handler_failures_total; before the others, so their handlers' series start at 0. */
export const handlerFailureMetrics: SiteInstrumenter = ({ registry, telemetry }) => telemetry.addHooks(telemetryFailureMetrics(registry));

/** The `grapevine_*` metrics, from the domain's telemetry events. */
export const domainMetrics: SiteInstrumenter = ({ registry, telemetry, services }) =>
  instrumentGrapevine(registry, telemetry, services.presence);

/** grapevine_bus_*: whether this replica is on the bus to the others, and its traffic. */
export const busMetrics: SiteInstrumenter = ({ registry, services }) => instrumentBus(registry, services.bus);

/** http_requests_total and http_request_duration_seconds, from the outermost middleware. */
export const httpRequestMetrics: SiteInstrumenter = ({ registry }) => requestMetrics(registry);

export const SITE_INSTRUMENTERS: readonly SiteInstrumenter[] = [
  runtimeMetrics,
  handlerFailureMetrics,
  domainMetrics,
  busMetrics,
  httpRequestMetrics,
];
