// nodejs_gc_duration_seconds, the one default metric prom-client updates as things happen rather
// than when scraped. Its own version (prom-client/lib/metrics/gc.js) reads only the first entry of
// each batch the observer is handed, so collections that finish before the callback runs are lost,
// and it observes through Histogram.observe(), which validates, hashes and allocates per call:
// about 20 µs per collection measured right after one, when the caches are cold (scratch runs).
// This one counts every entry, into a FastHistogram whose series per kind is looked up once; the
// family, its help, labels and buckets are prom-client's (test/unit/kernel/metrics/gc-duration.test.ts
// compares the declarations; fast-histogram.test.ts shows the samples render as prom-client's do).
import { constants, PerformanceObserver, type NodeGCPerformanceDetail, type PerformanceEntry } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import { createFastHistogram, type HistogramSeries } from './fast-histogram.js';

export const NODEJS_GC_DURATION_SECONDS = 'nodejs_gc_duration_seconds';
/** prom-client's help text and default buckets for this family, so /metrics reads exactly as with collectDefaultMetrics. */
export const GC_DURATION_HELP = 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.';
export const GC_DURATION_BUCKETS = [0.001, 0.01, 0.1, 1, 2, 5];

// Node reports these four kinds (perf_hooks constants); an entry of any other kind is not counted.
const KINDS = new Map<number, string>([
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
]);

/** A 'gc' entry: Node's types leave its detail off PerformanceEntry. */
type GcEntry = PerformanceEntry & { readonly detail: NodeGCPerformanceDetail };

/** Registers the histogram and observes every collection from now on; the returned function stops observing. */
export function collectGcDuration(registry: Registry): () => void {
  const histogram = createFastHistogram({
    name: NODEJS_GC_DURATION_SECONDS,
    help: GC_DURATION_HELP,
    labelNames: ['kind'],
    buckets: GC_DURATION_BUCKETS,
    registers: [registry],
  });
  // Created at a kind's first collection, as prom-client creates a series at its first observation.
  const seriesByKind = new Map<number, HistogramSeries>();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kindCode = (entry as GcEntry).detail.kind;
      let series = seriesByKind.get(kindCode);
      if (series === undefined) {
        const kind = KINDS.get(kindCode);
        if (kind === undefined) continue;
        seriesByKind.set(kindCode, (series = histogram.series({ kind })));
      }
      series.observe(entry.duration / 1000);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}
