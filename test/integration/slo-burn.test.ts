// The SLO workshop step on the project's own compose stack, with the demo SLO period
// (SLO_PERIOD=demo: the 30-day period and every alert window 30 times shorter): deliberate 5xx
// from `npm run traffic -- --faults` burn the availability error budget, and the page burn-rate
// alert reaches the inbox through Alertmanager's critical route, while the budget left goes down.
// Where Grafana's image can be had, Grafana runs every dashboard panel's query as well.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inboxApi, type InboxAlert, type InboxNotification } from '../../scripts/stack/inbox.js';
import { prometheusApi } from '../../scripts/stack/prometheus.js';
import { waitFor } from '../../scripts/stack/wait.js';
import { runTraffic } from '../../scripts/workshop/traffic/index.js';
import { dashboardQueries } from './support/dashboards.js';
import { integrationSkipReason } from './support/gate.js';
import { grafanaImage, startStack, type Stack } from './support/stack.js';

const skip = await integrationSkipReason();
// Grafana joins where its image can be had (not on registry-less machines such as CI's): then it runs
// every panel query itself, after the faulty traffic, so the SLO dashboard's panels have data.
const grafana = skip ? { image: '', available: false } : await grafanaImage();
const ALERT = 'GrapevineAvailabilityBudgetBurn';
const availability = 'sloth_slo="requests-availability"';

describe('compose stack: SLO burn-rate alerts with the demo period', { skip, timeout: 10 * 60_000 }, () => {
  let stack: Stack;
  let urls: { app: string; prometheus: string; inbox: string };

  before(async () => {
    stack = await startStack({ withGrafana: grafana.available, environment: { SLO_PERIOD: 'demo' } });
    urls = { app: await stack.url('app'), prometheus: await stack.url('prometheus'), inbox: await stack.url('inbox') };
  });
  after(async () => {
    await stack?.down();
  });

  test('Prometheus loads the demo period: a 1-day SLO period whose shortest window is 10 s', async () => {
    const prometheus = prometheusApi(urls.prometheus);
    const [days] = await waitFor(async () => nonEmpty(await prometheus.query(`slo:time_period:days{${availability}}`)), {
      what: 'the SLO meta recordings',
      timeoutMs: 60_000,
    });
    assert.equal(days.value[1], '1');
    // The SLI exists once the app has served requests (its health checks are not counted): a few
    // clean ones, so the first fault is a step Prometheus sees.
    for (let i = 0; i < 20; i++) assert.equal((await fetch(`${urls.app}/`)).status, 200);
    await waitFor(async () => nonEmpty(await prometheus.query(`slo:sli_error:ratio_rate10s{${availability}}`)), {
      what: "the availability SLI over the demo's 10 s window",
      timeoutMs: 60_000,
    });
  });

  test('npm run traffic -- --faults pages: the page alert reaches the inbox with severity critical, and the budget drains', async () => {
    const stopTraffic = new AbortController();
    const started = performance.now();
    // Bounded: 20 operations a second against this stack's own app, for at most 2 minutes.
    const traffic = runTraffic({ baseUrl: urls.app, durationMs: 120_000, rate: 20, faults: true, signal: stopTraffic.signal });
    let page: { alert: InboxAlert; receiver: string } | undefined;
    try {
      page = await waitFor(async () => findPage(await inboxApi(urls.inbox).notifications()), {
        what: `the ${ALERT} page in the inbox`,
        timeoutMs: 120_000,
        intervalMs: 500,
      });
      console.log(`SLO page in the inbox ${((performance.now() - started) / 1000).toFixed(1)} s after the faulty traffic started`);
    } finally {
      stopTraffic.abort();
      await traffic;
    }
    assert.equal(page.receiver, 'inbox-critical');
    assert.equal(page.alert.labels.severity, 'critical');
    assert.equal(page.alert.labels.sloth_slo, 'requests-availability');
    assert.match(page.alert.annotations.description ?? '', /of the requests to grapevine fail with a 5xx/);
    assert.match(page.alert.annotations.runbook_url ?? '', /#runbook-grapevineavailabilitybudgetburn$/);

    const [left] = await prometheusApi(urls.prometheus).query(`slo:period_error_budget_remaining:ratio{${availability}}`);
    assert.ok(left && Number(left.value[1]) < 1, `the availability budget should have been spent, left: ${JSON.stringify(left)}`);
  });

  if (grafana.available) {
    test("Grafana runs every dashboard panel's query through the provisioned datasource without an error", async () => {
      const grafanaUrl = await stack.url('grafana');
      const headers = {
        'content-type': 'application/json',
        Authorization: `Basic ${Buffer.from(`admin:${stack.grafanaAdminPassword}`).toString('base64')}`,
      };
      const failures: string[] = [];
      for (const { dashboard, panel, expr } of await dashboardQueries()) {
        const response = await fetch(`${grafanaUrl}/api/ds/query`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            from: 'now-15m',
            to: 'now',
            queries: [
              {
                refId: 'A',
                datasource: { type: 'prometheus', uid: 'prometheus' },
                expr,
                range: true,
                intervalMs: 1000,
                maxDataPoints: 300,
              },
            ],
          }),
        });
        const body = (await response.json()) as { results?: { A?: { status?: number; error?: string } } };
        const result = body.results?.A;
        if (!response.ok || result?.error || (result?.status ?? 200) >= 400) {
          failures.push(`${dashboard} / ${panel}: HTTP ${response.status} ${result?.error ?? JSON.stringify(body)}`);
        }
      }
      assert.deepEqual(failures, [], `Grafana could not run these panel queries:\n${failures.join('\n')}`);
    });
  }
});

/** The page, and the receiver (Alertmanager's route) it came through. */
function findPage(notifications: InboxNotification[]): { alert: InboxAlert; receiver: string } | undefined {
  for (const notification of notifications) {
    const alert = notification.alerts.find(
      (a) => a.labels.alertname === ALERT && a.labels.sloth_severity === 'page' && a.status === 'firing',
    );
    if (alert) return { alert, receiver: notification.receiver };
  }
  return undefined;
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}
