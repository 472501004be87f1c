// What Prometheus scrapes: the /metrics listener on its own port, every contract metric at 0
// from start-up, the text format by default and OpenMetrics when asked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OPENMETRICS_CONTENT_TYPE } from '../../../../app/kernel/metrics/openmetrics.js';
import { PROMETHEUS_TEXT_CONTENT_TYPE, wantsOpenMetrics } from '../../../../app/kernel/metrics/exposition.js';
import { useTestSite } from '../../support/site.js';

// Prometheus 3's default Accept header (scrape_protocols left at their default).
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1';

describe('/metrics', () => {
  const site = useTestSite();

  test('every contract metric is exported at 0 before anything happens', async () => {
    const expected: Array<[string, Record<string, string>?]> = [
      ['grapevine_accounts_create_total'],
      ['grapevine_accounts_session_login_total'],
      ['grapevine_accounts_session_logout_total'],
      ['grapevine_games_create_total'],
      ['grapevine_games_online'],
      ['grapevine_sockets_connected'],
      ['grapevine_socket_connects_total', { result: 'success' }],
      ['grapevine_socket_connects_total', { result: 'failure' }],
      ['grapevine_socket_heartbeats_total'],
      ['grapevine_socket_heartbeat_disconnects_total'],
      ['grapevine_socket_unknown_events_total'],
      ['grapevine_channel_messages_total'],
      ['grapevine_web_clients_open'],
      ['grapevine_telemetry_handler_failures_total', { handler: 'metrics.accounts.create' }],
    ];
    for (const [name, labels] of expected) assert.equal(await site.metric(name, labels), 0, `${name} ${JSON.stringify(labels ?? {})}`);
  });

  test("runtime metrics are there, and prom-client's misnamed *_total gauges are not", async () => {
    const names = new Set((await site.samples()).map((sample) => sample.name));
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      assert.ok(names.has(name), name);
    }
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      assert.ok(!names.has(name), name);
    }
  });

  test('serves the text format by default (curl, browsers)', async () => {
    const response = await fetch(site.metricsUrl);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), PROMETHEUS_TEXT_CONTENT_TYPE);
    const text = await response.text();
    assert.match(text, /^# TYPE grapevine_accounts_create_total counter$/m);
    assert.doesNotMatch(text, /# EOF/);
  });

  test('serves OpenMetrics to Prometheus, and the text format stays intact afterwards', async () => {
    const response = await fetch(site.metricsUrl, { headers: { accept: PROMETHEUS_ACCEPT } });
    assert.equal(response.headers.get('content-type'), OPENMETRICS_CONTENT_TYPE);
    const text = await response.text();
    assert.match(text, /^# TYPE grapevine_accounts_create counter$/m);
    assert.match(text, /^grapevine_accounts_create_total 0$/m);
    assert.match(text, /^grapevine_socket_connects_total\{result="failure"\} 0$/m);
    assert.match(text, /^# TYPE grapevine_web_clients_open gauge$/m);
    assert.match(text, /^process_cpu_seconds_total \d/m);
    assert.ok(text.endsWith('# EOF\n'));
    assert.doesNotMatch(text, /_total_total/);
    // prom-client's own OpenMetrics mode would have renamed the counters in place; ours must not.
    const plain = await site.scrape();
    assert.match(plain, /^grapevine_accounts_create_total 0$/m);
    assert.doesNotMatch(plain, /^grapevine_accounts_create 0$/m);
  });

  test('renders histograms in OpenMetrics with +Inf, _sum and _count', async () => {
    await fetch(new URL('/health/live', site.url));
    const text = await site.scrape('application/openmetrics-text; version=1.0.0');
    assert.match(text, /^# TYPE http_request_duration_seconds histogram$/m);
    assert.match(text, /^http_request_duration_seconds_bucket\{[^}]*le="\+Inf"[^}]*\} \d+$/m);
    assert.match(text, /^http_request_duration_seconds_sum\{method="GET",route="\/health\/live",status_code="200"\} [\d.e-]+$/m);
    assert.match(text, /^http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} 1$/m);
  });

  test('chooses the format from the Accept header', () => {
    assert.equal(wantsOpenMetrics(undefined), false);
    assert.equal(wantsOpenMetrics('*/*'), false);
    assert.equal(wantsOpenMetrics('text/plain;version=0.0.4'), false);
    assert.equal(wantsOpenMetrics(PROMETHEUS_ACCEPT), true);
    assert.equal(wantsOpenMetrics('application/openmetrics-text'), true);
    assert.equal(wantsOpenMetrics('text/plain;q=0.9, application/openmetrics-text;q=0.5'), false);
    assert.equal(wantsOpenMetrics('application/openmetrics-text;q=0'), false);
  });

  test('the metrics port serves only /metrics, read-only', async () => {
    assert.equal((await fetch(new URL('/', site.metricsUrl))).status, 404);
    const post = await fetch(site.metricsUrl, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
    const head = await fetch(site.metricsUrl, { method: 'HEAD' });
    assert.equal(head.status, 200);
  });

  test('the public site does not serve /metrics', async () => {
    const response = await fetch(new URL('/metrics', site.url), { headers: { accept: 'application/json' } });
    assert.equal(response.status, 404);
  });
});
