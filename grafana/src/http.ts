// "Grapevine HTTP": RED (rate, errors, duration) by route, read from the recording rules of
// prometheus/rules/http-recording.yml, so the dashboard, the alerts and the rule tests all
// agree on one definition of "request rate", "error ratio" and "p99".
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { alertThreshold, percent } from './alert-thresholds.js';
import { grapevineDashboard, instanceVariable, jobVariable } from './dashboard-base.js';
import { promQuery } from './datasource.js';
import { numberPanels, stat, timeSeries } from './panels.js';

export const HTTP_UID = 'grapevine-http';

export function httpDashboard(): Dashboard {
  const job = 'job="$job"';
  // Read out of prometheus/rules/service-alerts.yml, never copied (see alert-thresholds.ts).
  const errors = alertThreshold('HighErrorRate', 'job:http_requests_errors:ratio_rate1m');
  const slow = alertThreshold('SlowRequests', 'job_route:http_request_duration_seconds:p99_rate1m');
  return numberPanels(
    grapevineDashboard(
      HTTP_UID,
      'Grapevine HTTP',
      'Requests, server errors and latency by route template, from the job:… and job_route:… recording rules, for the job picked above (the app is grapevine).',
    )
      .withVariable(
        jobVariable(
          'job:http_requests:rate1m',
          'The Prometheus job whose HTTP traffic is shown: any job that exports http_requests_total; the app is grapevine.',
        ),
      )
      .withVariable(
        instanceVariable(
          'http_requests_total',
          'The replicas shown in "Server error ratio by replica"; every other panel is the whole service.',
        ),
      )
      .withRow(new RowBuilder('Right now'))
      .withPanel(
        stat({
          title: 'Requests per second',
          description: 'All HTTP requests over the last minute, every route and replica (job:http_requests:rate1m).',
          unit: 'reqps',
          width: 8,
          queries: [promQuery('A', `sum(job:http_requests:rate1m{${job}})`, 'requests/s')],
        }),
      )
      .withPanel(
        stat({
          title: 'Server errors',
          description: `Share of requests answered with a 5xx over the last minute (job:http_requests_errors:ratio_rate1m). HighErrorRate fires above ${percent(errors.value)} for ${errors.forText}. Empty when there was no request at all.`,
          unit: 'percentunit',
          width: 8,
          threshold: errors.value,
          queries: [promQuery('A', `sum(job:http_requests_errors:ratio_rate1m{${job}})`, '5xx ratio')],
        }),
      )
      .withPanel(
        stat({
          title: 'Slowest route, p99',
          description: `The highest 99th-percentile latency of any route over the last minute. SlowRequests fires above ${slow.value} s for ${slow.forText}.`,
          unit: 's',
          width: 8,
          threshold: slow.value,
          queries: [promQuery('A', `max(job_route:http_request_duration_seconds:p99_rate1m{${job}})`, 'p99')],
        }),
      )
      .withRow(new RowBuilder('Rate and errors'))
      .withPanel(
        timeSeries({
          title: 'Requests by route',
          description: 'Requests per second by route template (/games/:id, never /games/42); paths no route matches share "unmatched".',
          unit: 'reqps',
          queries: [promQuery('A', `job_route:http_requests:rate1m{${job}}`, '{{route}}')],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Responses by status code',
          description: 'Requests per second by status code. Bad input gets a 4xx by design; a 5xx is a bug.',
          unit: 'reqps',
          queries: [promQuery('A', `job_status_code:http_requests:rate1m{${job}}`, '{{status_code}}')],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Server error ratio',
          description: `Share of requests answered with a 5xx. The dashed line is HighErrorRate's threshold (${percent(errors.value)}).`,
          unit: 'percentunit',
          width: 12,
          threshold: errors.value,
          queries: [promQuery('A', `job:http_requests_errors:ratio_rate1m{${job}}`, '5xx ratio')],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Server error ratio by replica',
          description:
            'Share of requests answered with a 5xx, per app replica, from the raw counters (0 when a replica has none): one replica failing while the others are fine points at that container, not at the code.',
          unit: 'percentunit',
          width: 12,
          threshold: errors.value,
          queries: [
            promQuery(
              'A',
              `(sum by (instance) (rate(http_requests_total{job="$job", instance=~"$instance", status_code=~"5.."}[$__rate_interval]))
  or 0 * sum by (instance) (rate(http_requests_total{job="$job", instance=~"$instance"}[$__rate_interval])))
/ sum by (instance) (rate(http_requests_total{job="$job", instance=~"$instance"}[$__rate_interval]))`,
              '{{instance}}',
            ),
          ],
        }),
      )
      .withRow(new RowBuilder('Duration by route'))
      .withPanel(
        timeSeries({
          title: 'p50 latency',
          description: 'Median request duration by route over the last minute, interpolated from the histogram buckets.',
          unit: 's',
          width: 8,
          queries: [promQuery('A', `job_route:http_request_duration_seconds:p50_rate1m{${job}}`, '{{route}}')],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'p90 latency',
          description: '90th-percentile request duration by route over the last minute.',
          unit: 's',
          width: 8,
          queries: [promQuery('A', `job_route:http_request_duration_seconds:p90_rate1m{${job}}`, '{{route}}')],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'p99 latency',
          description: `99th-percentile request duration by route over the last minute. The dashed line is SlowRequests' threshold (${slow.value} s).`,
          unit: 's',
          width: 8,
          threshold: slow.value,
          queries: [promQuery('A', `job_route:http_request_duration_seconds:p99_rate1m{${job}}`, '{{route}}')],
        }),
      )
      .build(),
  );
}
