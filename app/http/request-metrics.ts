// RED metrics for every HTTP request, labelled with the router's route *template*
// (`/games/:id`, never `/games/42`), so the number of series is bounded by the code, not by
// whoever sends requests: every path no route matches shares route="unmatched".
//
// This runs on every request, so it is kept cheap (`npm run bench -- overhead` measures it):
// - one clock read before and after, and no async function of its own: it chains the recording
//   onto next()'s promise, which saves a promise and an async frame per request;
// - the label objects are built once per (route, method, status) and reused, so the hot path
//   allocates nothing for labels;
// - the request counter counts in a plain number per label set and hands the count to prom-client
//   in collect(), once per read instead of once per request: prom-client hashes and validates the
//   labels on every inc(), which was much of this middleware's cost. Every read of the counter (a
//   scrape, getMetricsAsJSON(), the counter's get()) runs collect() first, so none is ever stale.
import type { Context, Middleware } from 'koa';
import { Counter, Histogram, type Registry } from 'prom-client';

export const HTTP_REQUESTS_TOTAL = 'http_requests_total';
export const HTTP_REQUEST_DURATION_SECONDS = 'http_request_duration_seconds';
export const UNMATCHED_ROUTE = 'unmatched';

// Seconds, from "served from memory" to "something is wrong"; SlowRequests alerts above 1 s.
export const DEFAULT_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = { method: string; route: string; status_code: string };

/** One label set, and the requests it answered that prom-client has not been handed yet. */
interface Series {
  labels: Labels;
  uncollected: number;
}

export interface RequestMetricsOptions {
  buckets?: number[];
}

export function requestMetrics(registry: Registry, { buckets = DEFAULT_DURATION_BUCKETS }: RequestMetricsOptions = {}): Middleware {
  const labelNames = ['method', 'route', 'status_code'] as const;
  const allSeries: Series[] = [];
  // The registry holds it; requests reach it only through collect().
  new Counter({
    name: HTTP_REQUESTS_TOTAL,
    help: 'HTTP requests answered by the site, by method, route template and status code.',
    labelNames,
    registers: [registry],
    collect() {
      for (const series of allSeries) {
        if (series.uncollected === 0) continue;
        this.inc(series.labels, series.uncollected);
        series.uncollected = 0;
      }
    },
  });
  const duration = new Histogram({
    name: HTTP_REQUEST_DURATION_SECONDS,
    help: 'Time from receiving an HTTP request to its response being ready, in seconds, by method, route template and status code.',
    labelNames,
    buckets,
    registers: [registry],
  });
  const seriesCache = new Map<string, Map<string, Map<number, Series>>>();

  function seriesFor(method: string, route: string, status: number): Series {
    let byMethod = seriesCache.get(route);
    if (byMethod === undefined) seriesCache.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
    let series = byStatus.get(status);
    if (series === undefined) {
      byStatus.set(status, (series = { labels: { method, route, status_code: String(status) }, uncollected: 0 }));
      allSeries.push(series);
    }
    return series;
  }

  function record(ctx: Context, status: number, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    const matchedRoute = (ctx as MatchedContext)._matchedRoute;
    const series = seriesFor(normaliseMethod(ctx.method), matchedRoute === undefined ? UNMATCHED_ROUTE : String(matchedRoute), status);
    series.uncollected += 1;
    duration.observe(series.labels, seconds);
  }

  return function recordRequestMetrics(ctx, next) {
    const started = performance.now();
    return next().then(
      () => record(ctx, ctx.status, started),
      (error: unknown) => {
        // An error handler further in should have answered already; if one escapes, Koa answers 500.
        record(ctx, 500, started);
        throw error;
      },
    );
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
