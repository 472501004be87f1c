// The config checks can fail: each test breaks one thing in a copy of the config tree and
// expects exactly the check that guards it to fail, with a message that says where.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  CHECK_NAMES,
  ensureTools,
  PROJECT_ROOT,
  runConfigChecks,
  type CheckName,
  type CheckResult,
} from '../../scripts/config-checks/index.js';
import { copyConfigTree, type TreeCopy } from './support/tree-copy.js';

before(() => ensureTools());

function result(results: CheckResult[], name: CheckName): CheckResult {
  const found = results.find((r) => r.name === name);
  assert.ok(found, `no result for "${name}"`);
  return found;
}

function assertFails(results: CheckResult[], name: CheckName, mention: RegExp): void {
  const { ok, details } = result(results, name);
  assert.equal(ok, false, `"${name}" should fail`);
  assert.match(details, mention);
}

function assertPasses(results: CheckResult[], name: CheckName): void {
  const { ok, details } = result(results, name);
  assert.equal(ok, true, `"${name}" should pass, but:\n${details}`);
}

describe('config checks', { timeout: 300_000 }, () => {
  let tree: TreeCopy;
  before(async () => {
    tree = await copyConfigTree();
  });
  after(() => tree.remove());

  test('an intact copy of the tree passes every check', async () => {
    const results = await runConfigChecks({ root: tree.root });
    assert.deepEqual(
      results.map((r) => r.name),
      [...CHECK_NAMES],
    );
    for (const name of CHECK_NAMES) assertPasses(results, name);
    assert.match(result(results, 'dashboard queries parse').checked, /^\d+ expressions$/);
  });
});

describe('a broken tree fails', { timeout: 300_000 }, () => {
  // A fresh copy per test, so each breaks exactly one thing.
  const withCopy = (name: string, body: (copy: TreeCopy) => Promise<void>): void => {
    test(name, async () => {
      const copy = await copyConfigTree();
      try {
        await body(copy);
      } finally {
        await copy.remove();
      }
    });
  };

  withCopy('promtool check rules, on a rule with a PromQL syntax error', async (copy) => {
    await copy.edit(
      'prometheus/rules/grapevine-alerts.yml',
      'increase(grapevine_accounts_create_total[5m]) > 0',
      'increase(grapevine_accounts_create_total[5m] > 0',
    );
    const results = await runConfigChecks({ root: copy.root, only: ['promtool check rules', 'promtool check config'] });
    assertFails(results, 'promtool check rules', /grapevine-alerts\.yml/);
    // check config loads the rule files it names, so it fails too.
    assertFails(results, 'promtool check config', /grapevine-alerts\.yml/);
  });

  withCopy("promtool test rules, on the talk's misspelt metric name (which promtool check rules accepts)", async (copy) => {
    // The slide's rule: increase(grapevine_account_create_total[5m]) > 0. Valid PromQL, so only
    // a test with the app's real metric name shows it can never fire.
    await copy.edit(
      'prometheus/rules/grapevine-alerts.yml',
      'increase(grapevine_accounts_create_total[5m])',
      'increase(grapevine_account_create_total[5m])',
    );
    const results = await runConfigChecks({ root: copy.root, only: ['promtool check rules', 'promtool test rules'] });
    assertPasses(results, 'promtool check rules');
    assertFails(results, 'promtool test rules', /alertname: NewUserRegistered/);
  });

  withCopy('promtool test rules, on a wrong expectation in a test file', async (copy) => {
    await copy.edit('prometheus/tests/service-alerts.test.yml', 'summary: The Grapevine app is down', 'summary: The Grapevine app is up');
    const results = await runConfigChecks({ root: copy.root, only: ['promtool test rules'] });
    assertFails(results, 'promtool test rules', /alertname: GrapevineDown/);
  });

  withCopy('the coverage check, on an alert no promtool test mentions', async (copy) => {
    await copy.edit(
      'prometheus/rules/service-alerts.yml',
      '    rules:\n',
      '    rules:\n      - alert: UntestedAlert\n        expr: vector(1)\n        labels:\n          severity: info\n',
    );
    const results = await runConfigChecks({ root: copy.root, only: ['every alert has a firing and a not-firing test'] });
    assertFails(results, 'every alert has a firing and a not-firing test', /UntestedAlert .* no promtool case where it fires/);
  });

  withCopy('the SLO check, on a spec changed without `npm run slos`', async (copy) => {
    await copy.edit('prometheus/slos/grapevine.yml', 'objective: 99.5', 'objective: 99.9');
    const results = await runConfigChecks({ root: copy.root, only: ['SLO rules are up to date'] });
    assertFails(results, 'SLO rules are up to date', /prometheus\/rules\/slo-grapevine\.yml differs [\s\S]*npm run slos/);
  });

  withCopy('the SLO check, on a generated rule file edited by hand', async (copy) => {
    await copy.edit('prometheus/slo-rules/demo/slo-grapevine.yml', '(14.4 * 0.005)', '(20 * 0.005)');
    const results = await runConfigChecks({ root: copy.root, only: ['SLO rules are up to date'] });
    assertFails(results, 'SLO rules are up to date', /prometheus\/slo-rules\/demo\/slo-grapevine\.yml differs .*line \d+/);
  });

  withCopy("promtool test rules, on the demo period's page factor changed (its generated tests run too)", async (copy) => {
    await copy.edit('prometheus/slo-rules/demo/slo-grapevine.yml', '(14.4 * 0.005)', '(16 * 0.005)');
    const results = await runConfigChecks({ root: copy.root, only: ['promtool test rules, generated SLO tests'] });
    assertFails(
      results,
      'promtool test rules, generated SLO tests',
      /slo-rules\/demo\/slo-grapevine\.test\.yml[\s\S]*fires at 15\.12x the sustainable burn over 2m and 10s/,
    );
  });

  withCopy('the route tests, on a case expecting the wrong receiver', async (copy) => {
    await copy.edit('alertmanager/tests/routes.yaml', 'receivers: [inbox-critical]', 'receivers: [inbox-info]');
    const results = await runConfigChecks({ root: copy.root, only: ['alertmanager route tests', 'amtool check-config'] });
    assertPasses(results, 'amtool check-config');
    assertFails(results, 'alertmanager route tests', /expected receivers inbox-info/);
  });

  withCopy('amtool check-config, on a route to a receiver that does not exist', async (copy) => {
    await copy.edit('alertmanager/alertmanager.yml', 'receiver: inbox-critical', 'receiver: inbox-nowhere');
    const results = await runConfigChecks({ root: copy.root, only: ['amtool check-config'] });
    assertFails(results, 'amtool check-config', /inbox-nowhere/);
  });

  withCopy('the dashboards check, on checked-in JSON edited by hand', async (copy) => {
    await copy.edit('grafana/dashboards/grapevine-http.json', '"title": "Grapevine HTTP"', '"title": "Grapevine HTTP (edited in the UI)"');
    const results = await runConfigChecks({ root: copy.root, only: ['dashboards are up to date'] });
    assertFails(results, 'dashboards are up to date', /grapevine-http\.json differs .*line \d+/);
  });

  withCopy('the dashboards check, on a change to grafana/src not rendered into the JSON', async (copy) => {
    await copy.edit('grafana/src/overview.ts', "'Games online'", "'Games connected'");
    const results = await runConfigChecks({ root: copy.root, only: ['dashboards are up to date'] });
    assertFails(results, 'dashboards are up to date', /grapevine-overview\.json differs[\s\S]*npm run dashboards/);
  });

  withCopy("the dashboards check, on an alert's threshold changed in its rule and not re-rendered", async (copy) => {
    // grafana/src reads the thresholds it draws out of prometheus/rules: the JSON is then stale.
    await copy.edit(
      'prometheus/rules/service-alerts.yml',
      'job:http_requests_errors:ratio_rate1m > 0.05',
      'job:http_requests_errors:ratio_rate1m > 0.02',
    );
    const results = await runConfigChecks({ root: copy.root, only: ['dashboards are up to date'] });
    assertFails(results, 'dashboards are up to date', /grapevine-http\.json differs[\s\S]*npm run dashboards/);
  });

  withCopy('the dashboards check, on an alert no longer comparing the series its dashboard threshold is drawn on', async (copy) => {
    await copy.edit(
      'prometheus/rules/grapevine-alerts.yml',
      'rate(grapevine_channel_messages_total[1m])) > 10',
      'rate(grapevine_chat_messages_total[1m])) > 10',
    );
    const results = await runConfigChecks({ root: copy.root, only: ['dashboards are up to date'] });
    assertFails(
      results,
      'dashboards are up to date',
      /^prometheus\/rules\/grapevine-alerts\.yml: alert ChatFlood has no comparison .*grapevine_channel_messages_total/m,
    );
  });

  withCopy('the query check, on a dashboard query that does not parse', async (copy) => {
    await copy.edit(
      'grafana/dashboards/grapevine-overview.json',
      '"expr": "sum(grapevine_web_clients_open{job=\\"$job\\", instance=~\\"$instance\\"})"',
      '"expr": "sum(grapevine_web_clients_open{job=\\"$job\\", instance=~\\"$instance\\"}"',
    );
    const results = await runConfigChecks({ root: copy.root, only: ['dashboard queries parse'] });
    assertFails(results, 'dashboard queries parse', /grapevine-overview\.json: panel "Web clients open" \(A\) does not parse: bad_data/);
  });

  withCopy("the PromQL parser's check, on a dashboard query with a syntax error, naming dashboard and panel", async (copy) => {
    await copy.edit(
      'grafana/dashboards/grapevine-overview.json',
      '"expr": "sum(grapevine_web_clients_open{job=\\"$job\\", instance=~\\"$instance\\"})"',
      '"expr": "sum(grapevine_web_clients_open{job=\\"$job\\", instance=~\\"$instance\\"}"',
    );
    const results = await runConfigChecks({ root: copy.root, only: ['dashboard queries parse with lezer-promql'] });
    assertFails(
      results,
      'dashboard queries parse with lezer-promql',
      /grapevine-overview\.json: dashboard "Grapevine overview", panel "Web clients open" \(A\): syntax error at character \d+/,
    );
  });

  const lintCases: Array<[string, string, string, string, RegExp]> = [
    [
      'a dashboard without an $instance variable',
      'grafana/dashboards/grapevine-overview.json',
      '"name": "instance"',
      '"name": "replica"',
      /grapevine-overview\.json: dashboard "Grapevine overview" has no \$instance template variable/,
    ],
    [
      'a panel with a unit Grafana does not know',
      'grafana/dashboards/grapevine-http.json',
      '"unit": "reqps"',
      '"unit": "requests"',
      /grapevine-http\.json: dashboard "Grapevine HTTP", panel "Requests per second" \(id 2\) has the unit "requests"/,
    ],
    [
      'a panel without a description',
      'grafana/dashboards/grapevine-http.json',
      '"description": "Requests per second by status code. Bad input gets a 4xx by design; a 5xx is a bug."',
      '"description": ""',
      /panel "Responses by status code" \(id \d+\) has no description/,
    ],
    [
      'a panel without a title',
      'grafana/dashboards/grapevine-node-runtime.json',
      '"title": "Uptime"',
      '"title": ""',
      /panel "" \(id 2\) has no title/,
    ],
    [
      'a rate() over a fixed window',
      'grafana/dashboards/grapevine-node-runtime.json',
      'instance=~\\"$instance\\"}[$__rate_interval])',
      'instance=~\\"$instance\\"}[1m])',
      /panel "CPU" \(A\): rate\(\) over \[1m\] should use \[\$__rate_interval\]/,
    ],
    [
      'an Angular panel',
      'grafana/dashboards/grapevine-http.json',
      '"type": "timeseries"',
      '"type": "graph"',
      /panel "Requests by route" \(id \d+\) is an Angular panel \("graph"\)/,
    ],
    [
      'two panels with one id',
      'grafana/dashboards/grapevine-http.json',
      '"id": 3',
      '"id": 2',
      /panels "Requests per second" and "Server errors" share the id 2/,
    ],
    [
      'two panels on one spot of the grid',
      'grafana/dashboards/grapevine-http.json',
      '"x": 8,',
      '"x": 4,',
      /panel "Requests per second" and panel "Server errors" overlap/,
    ],
  ];
  for (const [what, file, from, to, mention] of lintCases) {
    withCopy(`the Grafana linter rules' check, on ${what}`, async (copy) => {
      await copy.edit(file, from, to);
      const results = await runConfigChecks({ root: copy.root, only: ["dashboards follow Grafana's linter rules"] });
      assertFails(results, "dashboards follow Grafana's linter rules", mention);
    });
  }

  withCopy('the query check, on a dashboard reading a recording rule that was renamed', async (copy) => {
    await copy.edit(
      'prometheus/rules/http-recording.yml',
      'record: job_status_code:http_requests:rate1m',
      'record: job_code:http_requests:rate1m',
    );
    const results = await runConfigChecks({ root: copy.root, only: ['dashboard queries parse'] });
    assertFails(
      results,
      'dashboard queries parse',
      /panel "Responses by status code" \(A\) reads job_status_code:http_requests:rate1m, which no recording rule/,
    );
  });

  withCopy('the datasource check, on a panel bound to a datasource provisioning does not create', async (copy) => {
    await copy.edit('grafana/dashboards/grapevine-node-runtime.json', '"uid": "prometheus"', '"uid": "P1809F7CD0C75ACF3"');
    const results = await runConfigChecks({ root: copy.root, only: ['dashboards use the provisioned datasource'] });
    assertFails(results, 'dashboards use the provisioned datasource', /grapevine-node-runtime\.json: .* "P1809F7CD0C75ACF3"/);
  });

  withCopy('the version pins check, on Prometheus bumped in versions.env alone', async (copy) => {
    await copy.edit('versions.env', 'PROMETHEUS_VERSION=3.5.3', 'PROMETHEUS_VERSION=3.5.4');
    const results = await runConfigChecks({ root: copy.root, only: ['version pins agree with versions.env'] });
    const { details } = result(results, 'version pins agree with versions.env');
    assertFails(
      results,
      'version pins agree with versions.env',
      /^compose\.yaml: prometheus' image is "prom\/prometheus:v3\.5\.3", but versions\.env makes it "prom\/prometheus:v3\.5\.4"$/m,
    );
    assert.match(details, /^grafana\/provisioning\/datasources\/prometheus\.yml: jsonData\.prometheusVersion is "3\.5\.3"/m);
    assert.equal(details.split('\n').length, 2, `only the two files that repeat Prometheus' version, not:\n${details}`);
  });

  withCopy('the version pins check, on VictoriaMetrics bumped in versions.env alone', async (copy) => {
    await copy.edit('versions.env', 'VICTORIAMETRICS_VERSION=1.145.0', 'VICTORIAMETRICS_VERSION=1.146.0');
    const results = await runConfigChecks({ root: copy.root, only: ['version pins agree with versions.env'] });
    assertFails(
      results,
      'version pins agree with versions.env',
      /^compose\.ha\.yaml: victoriametrics' image is "victoriametrics\/victoria-metrics:v1\.145\.0", but versions\.env makes it "victoriametrics\/victoria-metrics:v1\.146\.0"$/m,
    );
  });

  withCopy("the version pins check, on the Dockerfile's Node base left behind", async (copy) => {
    await copy.edit('Dockerfile', 'ARG NODE_IMAGE=node:24.22.3-trixie-slim', 'ARG NODE_IMAGE=node:20-bookworm-slim');
    const results = await runConfigChecks({ root: copy.root, only: ['version pins agree with versions.env'] });
    assertFails(
      results,
      'version pins agree with versions.env',
      /^Dockerfile: ARG NODE_IMAGE is "node:20-bookworm-slim", but versions\.env makes it "node:24\.22\.3-trixie-slim"$/m,
    );
  });
});

// The whole of check:config, generated SLO tests included: minutes on a busy 2-core machine.
describe('npm run check:config', { timeout: 600_000 }, () => {
  test('exits non-zero and names the failing check when the tree is broken', async () => {
    const copy = await copyConfigTree();
    try {
      await copy.edit('prometheus/prometheus.yml', 'evaluation_interval: 1s', 'evaluation_interval: soon');
      const run = promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/config-checks/main.ts'), '--root', copy.root],
        {
          cwd: PROJECT_ROOT,
        },
      );
      const error = await run.then(
        () => assert.fail('check:config exited 0 on a broken prometheus.yml'),
        (e: unknown) => e as { code: number; stdout: string; stderr: string },
      );
      assert.equal(error.code, 1);
      assert.match(error.stdout, /FAIL {2}promtool check config/);
      assert.match(error.stderr, /checks failed/);
    } finally {
      await copy.remove();
    }
  });
});
