// RED metrics for every HTTP request, labelled with the router's route *template*
// (`/games/:id`, never `/games/42`), so the number of series is bounded by the code, not by
// whoever sends requests: every path no route matches shares route="unmatched".
//
// This runs on every request, so it is kept cheap: one clock read before and after, and the label
// objects are built once per (route, method, status) and reused, so the hot path allocates nothing
// for labels and prom-client only looks them up.
import type { Middleware } from 'koa';
import { Counter, Histogram, type Registry } from 'prom-client';

export const HTTP_REQUESTS_TOTAL = 'http_requests_total';
export const HTTP_REQUEST_DURATION_SECONDS = 'http_request_duration_seconds';
export const UNMATCHED_ROUTE = 'unmatched';

// Seconds, from "served from memory" to "something is wrong"; SlowRequests alerts above 1 s.
export const DEFAULT_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = { method: string; route: string; status_code: string };

export interface RequestMetricsOptions {
  buckets?: number[];
}

export function requestMetrics(registry: Registry, { buckets = DEFAULT_DURATION_BUCKETS }: RequestMetricsOptions = {}): Middleware {
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: HTTP_REQUESTS_TOTAL,
    help: 'HTTP requests answered by the site, by method, route template and status code.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: HTTP_REQUEST_DURATION_SECONDS,
    help: 'Time from receiving an HTTP request to its response being ready, in seconds, by method, route template and status code.',
    labelNames,
    buckets,
    registers: [registry],
  });
  const labelCache = new Map<string, Map<string, Map<number, Labels>>>();

  function labelsFor(method: string, route: string, status: number): Labels {
    let byMethod = labelCache.get(route);
    if (byMethod === undefined) labelCache.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
    let labels = byStatus.get(status);
    if (labels === undefined) byStatus.set(status, (labels = { method, route, status_code: String(status) }));
    return labels;
  }

  function record(method: string, matchedRoute: unknown, status: number, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    const route = matchedRoute === undefined ? UNMATCHED_ROUTE : String(matchedRoute);
    const labels = labelsFor(normaliseMethod(method), route, status);
    requests.inc(labels);
    duration.observe(labels, seconds);
  }

  return async function recordRequestMetrics(ctx, next) {
    const started = performance.now();
    try {
      await next();
    } catch (error) {
      // An error handler further in should have answered already; if one escapes, Koa answers 500.
      record(ctx.method, (ctx as MatchedContext)._matchedRoute, 500, started);
      throw error;
    }
    record(ctx.method, (ctx as MatchedContext)._matchedRoute, ctx.status, started);
  };
}

/** @koa/router sets this to the matched layer's path template (with any prefix). */
interface MatchedContext {
  _matchedRoute?: string | RegExp;
}

// Clients choose the method; anything outside the usual set shares one value.
function normaliseMethod(method: string): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
    case 'POST':
    case 'PUT':
    case 'PATCH':
    case 'DELETE':
    case 'OPTIONS':
      return method;
    default:
      return 'OTHER';
  }
}
