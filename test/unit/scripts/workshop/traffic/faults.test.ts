// --faults against the real app, in-process on port 0: with DEMO_FAULTS on, the deliberate 500s and
// slow answers are sent, counted and expected, and the app's metrics agree; with it off, the run
// refuses to start and says why.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  FaultRoutesMissingError,
  formatSummary,
  isCleanRun,
  runTraffic,
  type Summary,
} from '../../../../../scripts/workshop/traffic/index.js';
import { startTestSite, useTestSite, type TestSite } from '../../../support/site.js';

const count = (summary: Summary, kind: string, status: number): number => summary.requests.byKind[kind]?.[String(status)] ?? 0;

describe('runTraffic --faults against an app with DEMO_FAULTS on', { timeout: 60_000 }, () => {
  let site: TestSite;
  let summary: Summary;
  before(async () => {
    site = await startTestSite({ demoFaults: true });
    // 0.2 s slow requests keep the test quick; the real demo's are 1.5 s.
    summary = await runTraffic({ baseUrl: site.url, durationMs: 2_000, rate: 100, users: 4, faults: true, slowSeconds: 0.2 });
  });
  after(() => site?.close());

  test('sends deliberate 500s and slow requests, and counts neither as unexpected', () => {
    assert.equal(summary.unexpected, 0, summary.errors.join('\n'));
    assert.equal(summary.serverErrors, 0);
    assert.ok(isCleanRun(summary));
    assert.ok(summary.faults.deliberateErrors >= 1, `deliberate errors ${summary.faults.deliberateErrors}`);
    assert.ok(summary.faults.slowAnswers >= 1, `slow answers ${summary.faults.slowAnswers}`);
    assert.equal(count(summary, 'GET /demo/error (--faults)', 500), summary.faults.deliberateErrors);
    assert.equal(count(summary, 'GET /demo/slow (--faults)', 200), summary.faults.slowAnswers);
    // The ordinary probes still run beside them, as strictly as ever.
    assert.ok(count(summary, 'GET unmatched path', 404) >= 1);
  });

  test('the summary shows the fault requests and calls the run OK', () => {
    const text = formatSummary(summary);
    assert.match(text, /GET \/demo\/error \(--faults\) +500 x\d+/);
    assert.match(text, /GET \/demo\/slow \(--faults\) +200 x\d+/);
    assert.match(
      text,
      /Faults \(--faults, expected\): \d+ slow answers from \/demo\/slow, \d+ deliberate 500s from \/demo\/error \(\d+\.\d% of the HTTP requests\)/,
    );
    assert.match(text, /Result: OK, no 5xx but the deliberate ones and no unexpected answer\./);
  });

  test("the app's metrics count them under their route templates", async () => {
    const requests = (route: string, status: string) => site.metric('http_requests_total', { method: 'GET', route, status_code: status });
    assert.equal(await requests('/demo/error', '500'), summary.faults.deliberateErrors);
    // One more than the summary: the unrecorded check before the run that the routes exist.
    assert.equal(await requests('/demo/slow', '200'), summary.faults.slowAnswers + 1);
    const slowest = await site.metric('http_request_duration_seconds_sum', { method: 'GET', route: '/demo/slow', status_code: '200' });
    assert.ok(slowest !== undefined && slowest >= 0.2 * summary.faults.slowAnswers, `recorded ${slowest} s`);
  });

  test('without --faults nothing goes to /demo', async () => {
    const plain = await runTraffic({ baseUrl: site.url, durationMs: 60_000, rate: 200, users: 4, maxRequests: 60 });
    assert.equal(plain.unexpected, 0, plain.errors.join('\n'));
    assert.deepEqual(plain.faults, { slowAnswers: 0, deliberateErrors: 0 });
    assert.ok(!Object.keys(plain.requests.byKind).some((kind) => kind.includes('/demo/')));
    assert.doesNotMatch(formatSummary(plain), /Faults|deliberate/);
  });
});

describe('runTraffic --faults against an app without DEMO_FAULTS', { timeout: 30_000 }, () => {
  const site = useTestSite();

  test('refuses to start, saying the app runs without DEMO_FAULTS', async () => {
    await assert.rejects(runTraffic({ baseUrl: site.url, durationMs: 2_000, faults: true }), (error: unknown) => {
      assert.ok(error instanceof FaultRoutesMissingError);
      assert.match(error.message, /the app answers 404 there: it runs without DEMO_FAULTS\. Start it with DEMO_FAULTS=true/);
      return true;
    });
    assert.equal(await site.metric('grapevine_accounts_create_total'), 0, 'no traffic was sent');
  });
});
