// The check of kubernetes/, with no cluster: the folder is what `npm run kubernetes` writes from
// the current sources; `kubectl kustomize` renders it (and with its datasource component); every
// rendered object passes its kind's published schema, and the monitoring objects are ones
// kube-prometheus-stack selects; and what they carry round-trips: the rules taken back out of the
// PrometheusRules pass `promtool check rules` and prometheus/tests, and the route tree taken back
// out of the AlertmanagerConfig is alertmanager.yml's and passes amtool and alertmanager/tests,
// both as written and nested as the Operator nests it (operator-routing.ts).
//
// The generator is this repo's (scripts/kubernetes), run on the tree under check.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse, parseAllDocuments, stringify } from 'yaml';
import type { IAlertmanagerConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfig';
import { alertmanagerYamlOf, canonicalRouting } from '../kubernetes/alertmanager-config.js';
import { asTheOperatorMountsIt, casesAsTheOperatorRoutesThem } from '../kubernetes/operator-routing.js';
import { ADDED_ALERT_LABEL, SOURCE_ANNOTATION } from '../kubernetes/prometheus-objects.js';
import { DATASOURCE_COMPONENT, HAND_WRITTEN, KUBERNETES_DIR, renderKubernetes } from '../kubernetes/render.js';
import { MONITORING_NAMESPACE, NAMESPACE, RELEASE } from '../kubernetes/settings.js';
import { readSources, type Sources } from '../kubernetes/sources.js';
import { schemaErrors } from '../kubernetes/validate.js';
import { checkAlertmanagerConfig, parseRouteCases, testRoutes } from './alertmanager.js';
import { ALERTMANAGER_CONFIG, ROUTE_TESTS, RULE_TESTS_DIR, RULES_DIR } from './files.js';
import { checkRuleFiles, testRules } from './prometheus-rules.js';
import { failureOf, runTool } from './run-tool.js';
import { plural, type Check } from './types.js';

type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
};

export const checkKubernetes: Check = async ({ root, toolsDir }) => {
  const failures = await staleFiles(root);
  const sources = await readSources(root);

  const main = await kustomize(toolsDir, root, path.join(root, KUBERNETES_DIR));
  failures.push(...main.failures);
  const withDatasource = await kustomizeWithComponent(toolsDir, root);
  failures.push(...withDatasource.failures);

  const objects = main.objects;
  const datasources = withDatasource.objects.filter((o) => o.metadata?.labels?.grafana_datasource === '1');
  if (withDatasource.failures.length === 0 && datasources.length === 0)
    failures.push(`${DATASOURCE_COMPONENT} adds no datasource ConfigMap`);
  for (const object of [...objects, ...datasources]) {
    const where = `${object.kind ?? '?'} ${object.metadata?.name ?? '?'}`;
    if (object.kind === 'Secret')
      failures.push(`${where}: a Secret in ${KUBERNETES_DIR}/ would commit a credential; the README has the user create it`);
    else for (const error of schemaErrors(object)) failures.push(`${where}: ${error}`);
    const namespace = datasources.includes(object) ? MONITORING_NAMESPACE : NAMESPACE;
    if (object.metadata?.namespace !== namespace && object.kind !== 'Namespace') failures.push(`${where} is not in namespace ${namespace}`);
  }
  failures.push(...selectedByTheStack(objects));
  failures.push(...(await rulesRoundTrip(root, toolsDir, sources, objects)));
  failures.push(...(await routesRoundTrip(root, toolsDir, sources, objects)));
  return { failures, checked: `${plural(objects.length, 'object')} rendered from ${KUBERNETES_DIR}/` };
};

/** Differences between kubernetes/ and what the generator renders now. */
async function staleFiles(root: string): Promise<string[]> {
  const expected = await renderKubernetes(root);
  const dir = path.join(root, KUBERNETES_DIR);
  const present = new Set<string>();
  try {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) present.add(path.relative(dir, path.join(entry.parentPath, entry.name)));
    }
  } catch {
    // No folder: every file is missing, said below.
  }
  const failures: string[] = [];
  for (const [file, content] of expected) {
    if (!present.has(file)) failures.push(`${KUBERNETES_DIR}/${file} is missing`);
    else if ((await readFile(path.join(dir, file), 'utf8')) !== content)
      failures.push(`${KUBERNETES_DIR}/${file} differs from what its sources render`);
  }
  for (const file of present)
    if (!expected.has(file) && !HAND_WRITTEN.has(file)) failures.push(`${KUBERNETES_DIR}/${file} is rendered from no source`);
  if (failures.length > 0) failures.push(`run \`npm run kubernetes\` and commit ${KUBERNETES_DIR}/`);
  return failures;
}

async function kustomize(toolsDir: string, root: string, dir: string): Promise<{ objects: KubeObject[]; failures: string[] }> {
  const run = await runTool(toolsDir, 'kubectl', ['kustomize', dir], root);
  if (run.code !== 0) return { objects: [], failures: failureOf(run, `kubectl kustomize ${path.relative(root, dir) || dir}`) };
  return { objects: parseAllDocuments(run.output).map((doc) => doc.toJS() as KubeObject), failures: [] };
}

/** kubernetes/ with its datasource component, as a user's overlay would include it. */
async function kustomizeWithComponent(toolsDir: string, root: string): Promise<{ objects: KubeObject[]; failures: string[] }> {
  const overlay = await mkdtemp(path.join(tmpdir(), 'grapevine-kustomize-'));
  try {
    // kustomize takes only relative paths.
    const base = path.relative(overlay, path.join(root, KUBERNETES_DIR));
    await writeFile(
      path.join(overlay, 'kustomization.yaml'),
      stringify({ resources: [base], components: [path.posix.join(base, DATASOURCE_COMPONENT)] }),
    );
    return await kustomize(toolsDir, root, overlay);
  } finally {
    await rm(overlay, { recursive: true, force: true });
  }
}

/**
 * kube-prometheus-stack ignores a ServiceMonitor or PrometheusRule without its release label,
 * and a ServiceMonitor whose selector and port name match no Service scrapes nothing; neither
 * is an error anywhere, so this says it.
 */
function selectedByTheStack(objects: KubeObject[]): string[] {
  const failures: string[] = [];
  const services = objects.filter((o) => o.kind === 'Service');
  for (const object of objects.filter(
    (o) => o.kind === 'ServiceMonitor' || o.kind === 'PrometheusRule' || o.kind === 'AlertmanagerConfig',
  )) {
    if (object.metadata?.labels?.release !== RELEASE)
      failures.push(`${object.kind} ${object.metadata?.name}: no label release: ${RELEASE}, so the stack ignores it`);
  }
  for (const monitor of objects.filter((o) => o.kind === 'ServiceMonitor')) {
    const spec = monitor.spec as { selector?: { matchLabels?: Record<string, string> }; endpoints?: Array<{ port?: string }> };
    const wanted = Object.entries(spec.selector?.matchLabels ?? {});
    const matching = services.filter((s) => wanted.every(([key, value]) => s.metadata?.labels?.[key] === value));
    if (matching.length === 0) failures.push(`ServiceMonitor ${monitor.metadata?.name} selects no Service`);
    for (const { port } of spec.endpoints ?? []) {
      const named = matching.some((s) => ((s.spec?.ports ?? []) as Array<{ name?: string }>).some((p) => p.name === port));
      if (matching.length > 0 && !named)
        failures.push(`ServiceMonitor ${monitor.metadata?.name} scrapes port "${port}", which its Service does not name`);
    }
  }
  return failures;
}

/** A throw-away project tree holding the given files plus copies of `copied` from `root`. */
async function scratchTree(
  root: string,
  copied: string[],
  files: Map<string, string>,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'grapevine-roundtrip-'));
  for (const entry of copied) await cp(path.join(root, entry), path.join(dir, entry), { recursive: true });
  for (const [file, content] of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function rulesRoundTrip(root: string, toolsDir: string, sources: Sources, objects: KubeObject[]): Promise<string[]> {
  const failures: string[] = [];
  const files = new Map<string, string>();
  for (const rule of objects.filter((o) => o.kind === 'PrometheusRule')) {
    const source = rule.metadata?.annotations?.[SOURCE_ANNOTATION];
    const where = `PrometheusRule ${rule.metadata?.name}`;
    if (!source) {
      failures.push(`${where} has no ${SOURCE_ANNOTATION} annotation naming its rule file`);
      continue;
    }
    const groups = ((rule.spec?.groups ?? []) as Array<{ rules?: Array<Record<string, unknown>> }>).map((group) => ({
      ...group,
      rules: (group.rules ?? []).map((r) => withoutAddedLabel(r, where, failures)),
    }));
    const original = sources.rules.find((r) => r.file === source);
    if (!original) failures.push(`${where} comes from ${source}, which is not in ${RULES_DIR}`);
    else if (!isDeepStrictEqual(JSON.parse(JSON.stringify(groups)), JSON.parse(JSON.stringify(original.groups)))) {
      failures.push(`${where}: its groups, less the ${ADDED_ALERT_LABEL} label, are not ${source}'s groups`);
    }
    files.set(`${RULES_DIR}/${path.posix.basename(source)}`, stringify({ groups }, { lineWidth: 0 }));
  }
  for (const original of sources.rules) {
    if (!files.has(`${RULES_DIR}/${path.posix.basename(original.file)}`)) failures.push(`${original.file} is in no PrometheusRule`);
  }
  if (files.size === 0) return [...failures, 'no PrometheusRule to take rules out of'];
  // The same test files, against the rules the cluster would load instead of the files compose mounts.
  const tree = await scratchTree(root, [RULE_TESTS_DIR], files);
  try {
    const context = { root: tree.dir, toolsDir };
    for (const [what, check] of [
      ['promtool check rules', checkRuleFiles],
      ['promtool test rules', testRules],
    ] as const) {
      for (const failure of (await check(context)).failures) failures.push(`the PrometheusRules' rules, ${what}: ${failure}`);
    }
  } finally {
    await tree.remove();
  }
  return failures;
}

/** A rule as its file has it: the namespace label the generator adds to alerts taken off again. */
function withoutAddedLabel(rule: Record<string, unknown>, where: string, failures: string[]): Record<string, unknown> {
  if (typeof rule.alert !== 'string') return rule;
  const { [ADDED_ALERT_LABEL]: added, ...labels } = (rule.labels ?? {}) as Record<string, string>;
  if (added !== NAMESPACE) {
    failures.push(
      `${where}: ${rule.alert} has no label ${ADDED_ALERT_LABEL}="${NAMESPACE}", so the Operator's namespaced route never sees it`,
    );
  }
  const { labels: _, ...rest } = rule;
  return Object.keys(labels).length > 0 ? { ...rest, labels } : rest;
}

async function routesRoundTrip(root: string, toolsDir: string, sources: Sources, objects: KubeObject[]): Promise<string[]> {
  const configs = objects.filter((o) => o.kind === 'AlertmanagerConfig') as unknown as IAlertmanagerConfig[];
  if (configs.length !== 1) return [`expected one AlertmanagerConfig, found ${configs.length}`];
  const failures: string[] = [];
  const extracted = alertmanagerYamlOf(configs[0]);
  const routing = canonicalRouting(sources.alertmanager);
  if (!isDeepStrictEqual(canonicalRouting(extracted), routing)) {
    failures.push(`AlertmanagerConfig ${configs[0].metadata?.name}: its route tree or inhibitions are not ${ALERTMANAGER_CONFIG}'s`);
  }
  const tree = await scratchTree(root, [ROUTE_TESTS], new Map([[ALERTMANAGER_CONFIG, stringify(extracted, { lineWidth: 0 })]]));
  try {
    const context = { root: tree.dir, toolsDir };
    for (const [what, check] of [
      ['amtool check-config', checkAlertmanagerConfig],
      ['alertmanager route tests', testRoutes],
    ] as const) {
      for (const failure of (await check(context)).failures) failures.push(`the AlertmanagerConfig's routes, ${what}: ${failure}`);
    }
  } finally {
    await tree.remove();
  }
  failures.push(...(await operatorRouting(root, toolsDir, extracted, configs[0].metadata?.name ?? '')));
  return failures;
}

/** The same route cases against the config the Operator would build from the object (operator-routing.ts). */
async function operatorRouting(root: string, toolsDir: string, extracted: Record<string, unknown>, object: string): Promise<string[]> {
  const cases = parseRouteCases(parse(await readFile(path.join(root, ROUTE_TESTS), 'utf8')));
  if (typeof cases === 'string') return [`${ROUTE_TESTS}: ${cases}`];
  const files = new Map([
    [ALERTMANAGER_CONFIG, stringify(asTheOperatorMountsIt(extracted, object), { lineWidth: 0 })],
    [ROUTE_TESTS, stringify(casesAsTheOperatorRoutesThem(cases, object))],
  ]);
  const tree = await scratchTree(root, [], files);
  try {
    const context = { root: tree.dir, toolsDir };
    const { failures } = await testRoutes(context);
    return [...(await checkAlertmanagerConfig(context)).failures, ...failures].map(
      (failure) => `the AlertmanagerConfig as the Operator mounts it, route tests: ${failure}`,
    );
  } finally {
    await tree.remove();
  }
}
