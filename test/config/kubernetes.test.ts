// The Kubernetes check can fail, each way it looks: a stale kubernetes/, an object its schema
// refuses, rules or routes that no longer pass promtool's and amtool's tests once taken back out,
// a folder kustomize cannot render, an object kube-prometheus-stack would not select. And the
// generator follows its sources: a new compose service, setting or rule file is in the output
// after one run, and that output passes the check (what the lead relies on after a merge).
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { ensureTools, runConfigChecks, type CheckResult } from '../../scripts/config-checks/index.js';
import { renderKubernetes } from '../../scripts/kubernetes/render.js';
import { copyConfigTree, type TreeCopy } from './support/tree-copy.js';

const CHECK = 'kubernetes objects are generated, valid and round-trip';

before(() => ensureTools());

async function kubernetesCheck(root: string): Promise<CheckResult> {
  const [result] = await runConfigChecks({ root, only: [CHECK] });
  assert.ok(result);
  return result;
}

async function assertFails(copy: TreeCopy, mention: RegExp): Promise<void> {
  const { ok, details } = await kubernetesCheck(copy.root);
  assert.equal(ok, false, `"${CHECK}" should fail`);
  assert.match(details, mention);
}

/** What `npm run kubernetes` would write, written into the copy. */
async function regenerate(copy: TreeCopy): Promise<void> {
  for (const [file, content] of await renderKubernetes(copy.root)) {
    const target = path.join(copy.root, 'kubernetes', file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

async function objectsIn(copy: TreeCopy, file: string): Promise<Array<Record<string, any>>> {
  return parseAllDocuments(await readFile(path.join(copy.root, 'kubernetes', file), 'utf8')).map((doc) => doc.toJS());
}

describe('the Kubernetes check', { timeout: 180_000 }, () => {
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

  withCopy('passes on the tree as committed', async (copy) => {
    const { ok, details, checked } = await kubernetesCheck(copy.root);
    assert.equal(ok, true, details);
    assert.match(checked, /^\d+ objects rendered from kubernetes\/$/);
  });

  withCopy('fails on a rule file changed without regenerating', async (copy) => {
    await copy.edit('prometheus/rules/service-alerts.yml', 'for: 30s', 'for: 45s');
    await assertFails(copy, /kubernetes\/prometheus-rules\/service-alerts\.yaml differs[\s\S]*run `npm run kubernetes`/);
  });

  withCopy('fails on an object its schema refuses', async (copy) => {
    await copy.edit('kubernetes/prometheus-rules/service-alerts.yaml', 'for: 30s', 'for: thirty seconds');
    await assertFails(copy, /PrometheusRule service-alerts: .*for must match pattern/);
  });

  withCopy('fails when the rules taken out of a PrometheusRule fail the promtool tests', async (copy) => {
    await copy.edit('kubernetes/prometheus-rules/service-alerts.yaml', 'expr: up{job="grapevine"} == 0 or', 'expr: up{job="app"} == 0 or');
    await assertFails(copy, /the PrometheusRules' rules, promtool test rules: [\s\S]*alertname: GrapevineDown/);
    await assertFails(
      copy,
      /PrometheusRule service-alerts: its groups, less the namespace label, are not prometheus\/rules\/service-alerts\.yml's/,
    );
  });

  withCopy('fails on an alert without the namespace label the namespaced route needs', async (copy) => {
    await copy.edit(
      'kubernetes/prometheus-rules/service-alerts.yaml',
      '            severity: critical\n            namespace: grapevine\n',
      '            severity: critical\n',
    );
    await assertFails(copy, /GrapevineDown has no label namespace="grapevine"/);
  });

  withCopy("fails when the AlertmanagerConfig's route tree fails the route tests", async (copy) => {
    await copy.edit('kubernetes/alertmanager-config.yaml', 'value: critical', 'value: crit');
    await assertFails(
      copy,
      /the AlertmanagerConfig's routes, alertmanager route tests: "GrapevineDown[^"]*": expected receivers inbox-critical/,
    );
    await assertFails(copy, /route tree or inhibitions are not alertmanager\/alertmanager\.yml's/);
    await assertFails(
      copy,
      /the AlertmanagerConfig as the Operator mounts it, route tests: "GrapevineDown[^"]*, from namespace grapevine": expected receivers grapevine\/grapevine-alerts\/inbox-critical/,
    );
  });

  withCopy('fails when kustomize cannot render the folder', async (copy) => {
    await copy.edit('kubernetes/kustomization.yaml', '  - service-monitors.yaml\n', '  - service-monitor.yaml\n');
    await assertFails(copy, /kubectl kustomize kubernetes exited with 1/);
  });

  withCopy('fails on a ServiceMonitor kube-prometheus-stack would not select', async (copy) => {
    await copy.edit('kubernetes/service-monitors.yaml', 'release: kube-prometheus-stack', 'release: prometheus');
    await assertFails(copy, /ServiceMonitor grapevine: no label release: kube-prometheus-stack/);
  });

  withCopy('fails on a ServiceMonitor scraping a port its Service does not have', async (copy) => {
    await copy.edit('kubernetes/service-monitors.yaml', '- port: metrics', '- port: metric');
    await assertFails(copy, /ServiceMonitor grapevine scrapes port "metric", which its Service does not name/);
  });

  withCopy('fails on an alertmanager.yml key the generator does not map, rather than dropping it', async (copy) => {
    await copy.edit(
      'alertmanager/alertmanager.yml',
      '  - name: inbox-critical\n',
      '  - name: inbox-critical\n    email_configs: [{to: sre@example.com}]\n',
    );
    await assertFails(copy, /receiver inbox-critical has email_configs, which the generator does not map yet/);
  });

  withCopy('follows its sources: a new setting and a new rule file, after one run, pass', async (copy) => {
    await copy.edit('compose.yaml', '      DEMO_FAULTS: "true"\n', '      DEMO_FAULTS: "true"\n      MAX_SOCKETS_PER_GAME: "7"\n');
    await writeFile(
      path.join(copy.root, 'prometheus/rules/extra-recording.yml'),
      'groups:\n  - name: extra\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n',
    );
    await assertFails(copy, /kubernetes\/prometheus-rules\/extra-recording\.yaml is missing/);
    await assertFails(copy, /kubernetes\/app\.yaml/);

    await regenerate(copy);
    const { ok, details } = await kubernetesCheck(copy.root);
    assert.equal(ok, true, details);
    const [app] = await objectsIn(copy, 'app.yaml');
    assert.ok(
      app.spec.template.spec.containers[0].env.some(
        (e: { name: string; value: string }) => e.name === 'MAX_SOCKETS_PER_GAME' && e.value === '7',
      ),
    );
    const [rule] = await objectsIn(copy, 'prometheus-rules/extra-recording.yaml');
    assert.deepEqual(rule.spec.groups, [{ name: 'extra', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] }]);
  });

  withCopy(
    'compose.yaml runs Valkey and gives the app BUS_URL: the app runs two replicas on one node, with Valkey beside it',
    async (copy) => {
      const [valkey, valkeyService] = await objectsIn(copy, 'valkey.yaml');
      assert.equal(valkey.kind, 'Deployment');
      assert.deepEqual(valkey.spec.template.spec.containers[0].args, [
        'valkey-server',
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'no',
      ]);
      assert.deepEqual(valkeyService.spec.ports, [{ name: 'redis', port: 6379, targetPort: 'redis', protocol: 'TCP' }]);
      const [app] = await objectsIn(copy, 'app.yaml');
      assert.equal(app.spec.replicas, 2, 'with the bus, two app replicas');
      assert.equal(
        app.spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey,
        'kubernetes.io/hostname',
      );
      assert.ok(
        app.spec.template.spec.containers[0].env.some(
          (e: { name: string; value: string }) => e.name === 'BUS_URL' && e.value === 'redis://valkey:6379',
        ),
      );
    },
  );
});
