// The alert demos' routes: absent unless DEMO_FAULTS is on; then a validated, non-blocking slow
// answer and a deliberate 500, each under its own route template in the HTTP metrics.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { request } from '../../support/http.js';
import { useTestSite } from '../../support/site.js';

describe('demo fault routes, DEMO_FAULTS off (the default)', () => {
  const site = useTestSite();

  test('both paths are unmatched 404s, and nothing is logged about them', async () => {
    for (const path of ['/demo/slow', '/demo/slow?seconds=0', '/demo/error']) {
      assert.equal((await request(site.url, 'GET', path)).status, 404, path);
    }
    assert.equal(await site.metric('http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' }), 3);
    assert.ok(!site.logs.some((line) => line.msg.includes('DEMO_FAULTS')));
  });
});

describe('demo fault routes, DEMO_FAULTS on', () => {
  const site = useTestSite({ demoFaults: true });

  test('start-up says, as a warning, that the routes fail on purpose', () => {
    const warning = site.logs.find((line) => line.msg.includes('DEMO_FAULTS is on'));
    assert.equal(warning?.level, 'warn');
    assert.match(warning.msg, /\/demo\/slow.*\/demo\/error/);
  });

  test('GET /demo/slow waits the asked seconds, then answers {sleptSeconds}', async () => {
    const started = performance.now();
    const response = await request(site.url, 'GET', '/demo/slow?seconds=0.3');
    const tookMs = performance.now() - started;
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { sleptSeconds: 0.3 });
    assert.ok(tookMs >= 290, `answered after ${tookMs} ms`);
    const sum = await site.metric('http_request_duration_seconds_sum', { method: 'GET', route: '/demo/slow', status_code: '200' });
    assert.ok(sum !== undefined && sum >= 0.29, `recorded ${sum} s`);
  });

  test('without seconds it waits the default 1.5 s', async () => {
    const response = await request(site.url, 'GET', '/demo/slow');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { sleptSeconds: 1.5 });
  });

  test('the wait is a timer: other requests are answered meanwhile', async () => {
    const slow = request(site.url, 'GET', '/demo/slow?seconds=1');
    const started = performance.now();
    assert.equal((await request(site.url, 'GET', '/health/live')).status, 200);
    const healthMs = performance.now() - started;
    assert.ok(healthMs < 500, `the health check waited ${healthMs} ms behind the slow request`);
    assert.equal((await slow).status, 200);
  });

  test('seconds outside 0-5, not a number, or given twice is a 400 that says so', async () => {
    for (const query of ['seconds=6', 'seconds=5.01', 'seconds=-1', 'seconds=abc', 'seconds=', 'seconds=1e1', 'seconds=1&seconds=2']) {
      const response = await request<{ error: string }>(site.url, 'GET', `/demo/slow?${query}`);
      assert.equal(response.status, 400, query);
      assert.match(response.body.error, /^seconds must be one number from 0 to 5 \(e\.g\. \/demo\/slow\?seconds=2\), got /, query);
    }
    assert.equal((await request(site.url, 'GET', '/demo/slow?seconds=0')).status, 200);
    assert.equal(await site.metric('http_requests_total', { method: 'GET', route: '/demo/slow', status_code: '400' }), 7);
  });

  test('GET /demo/error is a 500 with its reason, counted under route="/demo/error", and not logged as a bug', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await request(site.url, 'GET', '/demo/error');
      assert.equal(response.status, 500);
      assert.deepEqual(response.body, { error: 'a deliberate failure, for the HighErrorRate demo' });
    }
    assert.equal(await site.metric('http_requests_total', { method: 'GET', route: '/demo/error', status_code: '500' }), 3);
    assert.equal(await site.metric('http_request_duration_seconds_count', { method: 'GET', route: '/demo/error', status_code: '500' }), 3);
    assert.ok(!site.logs.some((line) => line.level === 'error'));
  });

  test('other methods on the demo paths are 405, as for any route', async () => {
    assert.equal((await request(site.url, 'POST', '/demo/error')).status, 405);
  });
});
