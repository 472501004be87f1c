// What survives faults, each on the project's own compose stack: a stopped Prometheus,
// a stopped Alertmanager, a stopped inbox, and an app killed mid-registration. Each test
// asserts nothing is lost once the failed part is back.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { createGrapevineClient, openWebClient, username } from '../../scripts/workshop/client/index.js';
import { projectRoot } from '../../scripts/stack/compose.js';
import { inboxApi } from '../../scripts/stack/inbox.js';
import { prometheusApi } from '../../scripts/stack/prometheus.js';
import { waitFor } from '../../scripts/stack/wait.js';
import { integrationSkipReason } from './support/gate.js';
import { startStack, type Stack } from './support/stack.js';

const skip = await integrationSkipReason();
const password = 'correct horse battery staple';

describe('compose stack: faults lose nothing', { skip, timeout: 20 * 60_000 }, () => {
  let stack: Stack;
  let urls: { app: string; prometheus: string; inbox: string };

  before(async () => {
    stack = await startStack({ withGrafana: false });
    urls = { app: await stack.url('app'), prometheus: await stack.url('prometheus'), inbox: await stack.url('inbox') };
    // Every fault below needs Prometheus to know the app's counters at their start values.
    await waitFor(
      async () =>
        (await prometheusApi(urls.prometheus).query('grapevine_accounts_create_total{job="grapevine"}')).length > 0 ? true : undefined,
      { what: 'Prometheus to scrape the app', timeoutMs: 60_000 },
    );
  });
  after(async () => {
    await stack?.down();
  });

  test('with Prometheus stopped the app keeps serving; once it is back, scraping and rules resume', async () => {
    await stack.compose(['stop', 'prometheus']);
    const stoppedAt = Date.now() / 1000;
    const client = createGrapevineClient(urls.app);
    const name = username();
    assert.equal((await client.register({ username: name, email: `${name}@example.test`, password })).status, 201);
    assert.equal((await fetch(`${urls.app}/health/ready`)).status, 200);

    await stack.compose(['start', 'prometheus']);
    urls.prometheus = await stack.url('prometheus');
    const prometheus = prometheusApi(urls.prometheus);
    await waitFor(
      async () => {
        const [up] = await prometheus.query('timestamp(up{job="grapevine"}) and up{job="grapevine"} == 1');
        return up && Number(up.value[1]) > stoppedAt ? true : undefined;
      },
      { what: 'a fresh successful scrape of the app', timeoutMs: 60_000 },
    );
    await waitFor(
      async () => {
        const response = await fetch(`${urls.prometheus}/api/v1/rules`);
        const body = (await response.json()) as { data: { groups: Array<{ lastEvaluation: string }> } };
        const evaluated = body.data.groups.filter((g) => Date.parse(g.lastEvaluation) / 1000 > stoppedAt);
        return evaluated.length === body.data.groups.length && evaluated.length > 0 ? true : undefined;
      },
      { what: 'every rule group to evaluate after the restart', timeoutMs: 60_000 },
    );
  });

  test('with Alertmanager stopped while an alert fires, the notification still reaches the inbox', async () => {
    await stack.compose(['stop', 'alertmanager']);
    const client = createGrapevineClient(urls.app);
    const name = username();
    assert.equal((await client.register({ username: name, email: `${name}@example.test`, password })).status, 201);
    const prometheus = prometheusApi(urls.prometheus);
    await waitFor(async () => (await prometheus.alerts()).find((a) => a.labels.alertname === 'NewUserRegistered' && a.state === 'firing'), {
      what: 'NewUserRegistered firing in Prometheus while Alertmanager is down',
      timeoutMs: 60_000,
    });
    await stack.compose(['start', 'alertmanager']);
    // Prometheus re-sends firing alerts every --rules.alert.resend-delay, so a restarted Alertmanager learns of it.
    await waitFor(() => inboxApi(urls.inbox).findAlert('NewUserRegistered', 'firing'), {
      what: 'the NewUserRegistered notification in the inbox after Alertmanager returned',
      timeoutMs: 90_000,
    });
  });

  test('with the inbox stopped while Alertmanager sends, the notification arrives once it is back', async () => {
    const client = createGrapevineClient(urls.app);
    const name = username();
    assert.equal((await client.register({ username: name, email: `${name}@example.test`, password })).status, 201);
    assert.equal((await client.signIn({ username: name, password })).status, 200);

    await stack.compose(['stop', 'inbox']);
    const webClient = await openWebClient(urls.app, client.cookie());
    try {
      const prometheus = prometheusApi(urls.prometheus);
      await waitFor(async () => (await prometheus.alerts()).find((a) => a.labels.alertname === 'WebClientOpen' && a.state === 'firing'), {
        what: 'WebClientOpen firing while the inbox is down',
        timeoutMs: 60_000,
      });
      // Give Alertmanager time to try, and fail, to deliver.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await stack.compose(['start', 'inbox']);
      urls.inbox = await stack.url('inbox');
      await waitFor(() => inboxApi(urls.inbox).findAlert('WebClientOpen', 'firing'), {
        what: 'WebClientOpen in the inbox after it returned',
        timeoutMs: 90_000,
      });
    } finally {
      await webClient.close();
    }
  });

  test('an app killed with SIGKILL mid-registrations keeps every acknowledged account, none half-written', async () => {
    const accepted: string[] = [];
    const attempted: string[] = [];
    let stop = false;
    // Four workers register as fast as they can until the app dies under them.
    const workers = Array.from({ length: 4 }, async () => {
      const client = createGrapevineClient(urls.app);
      while (!stop && attempted.length < 5_000) {
        const name = username();
        attempted.push(name);
        try {
          const response = await client.register({ username: name, email: `${name}@example.test`, password });
          if (response.status === 201) accepted.push(name);
        } catch {
          return; // the connection died with the app
        }
      }
    });
    await waitFor(async () => (accepted.length >= 20 ? true : undefined), { what: '20 registrations before the kill', timeoutMs: 60_000 });
    await stack.compose(['kill', '-s', 'SIGKILL', 'app']);
    stop = true;
    await Promise.all(workers);
    assert.ok(accepted.length >= 20);

    await stack.compose(['start', 'app']);
    urls.app = await stack.url('app');
    await waitFor(async () => ((await fetch(`${urls.app}/health/ready`)).ok ? true : undefined), {
      what: 'the app to come back after SIGKILL',
      timeoutMs: 60_000,
    });

    // Read the database inside the container with the app's own driver: the file is intact,
    // every acknowledged account is there, and every account row is whole.
    const script = `
      const Database = require("better-sqlite3");
      const db = new Database(process.env.DATA_DIR + "/grapevine.sqlite", { readonly: true });
      const integrity = db.pragma("integrity_check", { simple: true });
      const rows = db.prepare("select * from accounts").all();
      console.log(JSON.stringify({ integrity, rows }));`;
    const output = await stack.compose(['exec', '-T', 'app', 'node', '-e', script]);
    const { integrity, rows } = JSON.parse(output) as { integrity: string; rows: Array<Record<string, unknown>> };
    assert.equal(integrity, 'ok');
    const stored = new Set(rows.map((row) => String(row.username)));
    const lost = accepted.filter((name) => !stored.has(name));
    assert.deepEqual(lost, [], `accounts acknowledged with 201 but missing after the kill: ${lost.join(', ')}`);
    const halfWritten = rows.filter((row) => Object.values(row).some((value) => value === null || value === ''));
    assert.deepEqual(halfWritten, [], 'account rows with empty fields after the kill');
    // And each acknowledged account can still sign in.
    for (const name of accepted.slice(-5)) {
      assert.equal((await createGrapevineClient(urls.app).signIn({ username: name, password })).status, 200);
    }
  });

  test('60 s at saturation from a second process: no 5xx, bounded memory, the same series', { timeout: 180_000 }, async () => {
    const prometheus = prometheusApi(urls.prometheus);
    const saturate = (seconds: number) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/integration/support/saturate.ts', urls.app, String(seconds)], {
        cwd: projectRoot,
        timeout: (seconds + 60) * 1000,
      }).then(({ stdout }) => JSON.parse(stdout) as { total: number; errors: number; timeouts: number; byStatus: Record<string, number> });
    // The app's own series (HTTP and domain metrics: what request paths could multiply), from a
    // successful scrape newer than `after`. Runtime metrics are left out: a GC kind first seen
    // under load adds its histogram, which says nothing about cardinality.
    const seriesAfter = (after: number) =>
      waitFor(
        async () => {
          const [fresh] = await prometheus.query('timestamp(up{job="grapevine"} == 1)');
          if (!fresh || Number(fresh.value[1]) <= after) return undefined;
          const [count] = await prometheus.query('count({job="grapevine", __name__=~"http_.+|grapevine_.+"})');
          return count ? Number(count.value[1]) : undefined;
        },
        { what: 'a successful scrape of the app', timeoutMs: 30_000 },
      );
    const now = () => Date.now() / 1000;

    // A short warm-up creates the series the load's routes and statuses bring; then count.
    await saturate(2);
    const seriesBefore = await seriesAfter(now());

    const load = await saturate(60);
    const fiveHundreds = Object.entries(load.byStatus).filter(([code]) => code.startsWith('5'));
    assert.deepEqual(fiveHundreds, [], `5xx answers under load: ${JSON.stringify(load.byStatus)}`);
    assert.ok(load.total > 1_000, `the load made only ${load.total} requests`);
    assert.equal(load.errors, 0, 'connection errors under load');

    assert.equal(await seriesAfter(now()), seriesBefore, "the app's series count changed under load");
    const [peak] = await prometheus.query('max_over_time(process_resident_memory_bytes{job="grapevine"}[2m])');
    const peakMiB = Number(peak?.value[1]) / 2 ** 20;
    const [scrapes] = await prometheus.query('avg_over_time(up{job="grapevine"}[70s])');
    console.log(`scrapes of the app that succeeded during the load: ${(Number(scrapes?.value[1]) * 100).toFixed(0)}%`);
    console.log(`saturation: ${load.total} requests in 60 s, ${JSON.stringify(load.byStatus)}, peak RSS ${peakMiB.toFixed(0)} MiB`);
    assert.ok(peakMiB < 400, `app RSS peaked at ${peakMiB.toFixed(0)} MiB under load`);
  });
});
