// How the scrape benchmark counts series: sample lines only, and for its cardinality goal only the
// app's own families (a runtime family gaining a GC kind under load is not path cardinality).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countOwnSeries, countSeries } from '../../../../scripts/bench/scrape.js';

const EXPOSITION = [
  '# HELP nodejs_gc_duration_seconds Garbage collection duration by kind.',
  '# TYPE nodejs_gc_duration_seconds histogram',
  'nodejs_gc_duration_seconds_bucket{le="+Inf",kind="minor"} 3',
  'process_cpu_seconds_total 1.5',
  '# TYPE http_requests_total counter',
  'http_requests_total{method="GET",route="unmatched",status_code="404"} 7',
  'grapevine_games_online 2',
  '# EOF',
  '',
].join('\n');

describe('scrape benchmark series counts', () => {
  test('countSeries counts every sample line and no comment or blank line', () => {
    assert.equal(countSeries(EXPOSITION), 4);
  });

  test("countOwnSeries leaves prom-client's runtime families (nodejs_*, process_*) out", () => {
    assert.equal(countOwnSeries(EXPOSITION), 2);
  });
});
