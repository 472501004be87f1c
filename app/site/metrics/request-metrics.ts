// RED metrics for every HTTP request, labelled with the router's route *template*
// (`/games/:id`, never `/games/42`), so the number of series is bounded by the code, not by
// whoever sends requests: every path no route matches shares route="unmatched".
//
// This runs on every request, so it is kept cheap (`npm run bench -- overhead` measures it):
// - one clock read before and after;
// - everything about a label set (route, method, status) is looked up once and kept: its label
//   object, its duration series and its request count;
// - the duration histogram is a FastHistogram (app/kernel/metrics/fast-histogram.ts): observing
//   is an array increment, where prom-client's Histogram validates, hashes and allocates on every call, which
//   was most of this middleware's cost;
// - the request counter counts in a plain number per label set and hands the count to prom-client
//   in collect(), once per read instead of once per request. Every read of the counter (a scrape,
//   getMetricsAsJSON(), the counter's get()) runs collect() first, so none is ever stale.
import type { Middleware } from 'koa';
import { Counter, type Registry } from 'prom-client';
import { createFastHistogram, type HistogramSeries } from '../../kernel/metrics/fast-histogram.js';

export const HTTP_REQUESTS_TOTAL = 'http_requests_total';
export const HTTP_REQUEST_DURATION_SECONDS = 'http_request_duration_seconds';
export const UNMATCHED_ROUTE = 'unmatched';

// Seconds, from "served from memory" to "something is wrong"; SlowRequests alerts above 1 s.
export const DEFAULT_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = { method: string; route: string; status_code: string };

/** One label set: its labels, its duration series, and the requests prom-client has not been handed yet. */
interface Series {
  labels: Labels;
  duration: HistogramSeries;
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
  const duration = createFastHistogram({
    name: HTTP_REQUEST_DURATION_SECONDS,
    help: 'Time from receiving an HTTP request to its response being ready, in seconds, by method, route template and status code.',
    labelNames,
    buckets,
    registers: [registry],
  });
  const seriesCache = new Map<string, Map<string, Map<number, Series>>>();

  function seriesFor(method: string, route: string, status: number): Series {
    let byMethod = seriesCache.get(route);
    if (byMethod === undefined) seriesCache.set(route, (byMethod = new Map<string, Map<number, Series>>()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map<number, Series>()));
    let series = byStatus.get(status);
    if (series === undefined) {
      const labels = { method, route, status_code: String(status) };
      byStatus.set(status, (series = { labels, duration: duration.series(labels), uncollected: 0 }));
      allSeries.push(series);
    }
    return series;
  }

  function record(method: string, matchedRoute: string | RegExp | undefined, status: number, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    const route = matchedRoute === undefined ? UNMATCHED_ROUTE : String(matchedRoute);
    const series = seriesFor(normaliseMethod(method), route, status);
    series.uncollected += 1;
    series.duration.observe(seconds);
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
