// prometheus/ as Operator objects: one PrometheusRule per rule file, whose spec.groups are that
// file's groups, and one ServiceMonitor per prometheus.yml job that scrapes one of our services.
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import path from 'node:path';
import { deployedServices, portsOf, scrapeTargets } from './addresses.js';
import { NAMESPACE, PART_OF, RELEASE } from './settings.js';
import type { RuleFile, Sources } from './sources.js';

/** The annotation naming the file a PrometheusRule was generated from; the check reads the rules back by it. */
export const SOURCE_ANNOTATION = 'grapevine-observatory/source';

/** The label kube-prometheus-stack's Prometheus selects ServiceMonitors and PrometheusRules by. */
export const releaseLabels = (): Record<string, string> => ({ release: RELEASE, 'app.kubernetes.io/part-of': PART_OF });

/**
 * The label the generator adds to every alerting rule. The Operator scopes an AlertmanagerConfig's
 * route to alerts with `namespace="<its namespace>"`, and an alert whose expression sums the
 * namespace away (WebClientOpen's `sum(...)`, `sum by (job)`, `absent(...)`) would otherwise carry
 * none and never reach the inbox. A static label equal to the namespace of every scraped series
 * changes no alert that kept it. The check removes exactly this label before the promtool tests.
 */
export const ADDED_ALERT_LABEL = 'namespace';

export function prometheusRule(ruleFile: RuleFile): IPrometheusRule {
  const groups = ruleFile.groups.map((group) => ({
    ...group,
    rules: ((group.rules ?? []) as Array<Record<string, unknown>>).map((rule) => {
      if (typeof rule.alert !== 'string') return rule;
      const labels = (rule.labels ?? {}) as Record<string, string>;
      if (ADDED_ALERT_LABEL in labels) {
        throw new Error(`${ruleFile.file}: ${rule.alert} sets the label ${ADDED_ALERT_LABEL}, which the Operator's routing owns`);
      }
      return { ...rule, labels: { ...labels, [ADDED_ALERT_LABEL]: NAMESPACE } };
    }),
  }));
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: path.posix.basename(ruleFile.file, '.yml'),
      labels: releaseLabels(),
      annotations: { [SOURCE_ANNOTATION]: ruleFile.file },
    },
    spec: { groups: groups as unknown as IPrometheusRule['spec']['groups'] },
  };
}

/**
 * A job of prometheus.yml that scrapes one of our services, as a ServiceMonitor of that service's
 * port. The Operator names the job after the Service (`app`); every rule and dashboard selects the
 * job prometheus.yml names (`grapevine`), so a relabeling puts that name back.
 */
export function serviceMonitors(sources: Sources): IServiceMonitor[] {
  const ours = new Set(deployedServices(sources));
  const byJob = new Map<string, ReturnType<typeof scrapeTargets>>();
  for (const target of scrapeTargets(sources)) {
    if (!ours.has(target.host)) continue;
    byJob.set(target.job, [...(byJob.get(target.job) ?? []), target]);
  }
  return [...byJob].map(([job, targets]) => {
    const hosts = [...new Set(targets.map((t) => t.host))];
    if (hosts.length !== 1)
      throw new Error(`prometheus.yml's job ${job} scrapes ${hosts.join(', ')}: one ServiceMonitor selects one service`);
    const ports = portsOf(hosts[0], sources);
    return {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: job, labels: releaseLabels() },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': hosts[0] } },
        endpoints: targets.map(({ port, path: metricsPath, interval, timeout }) => ({
          port: ports.get(port) ?? `port-${port}`,
          path: metricsPath,
          ...(interval ? { interval } : {}),
          ...(timeout ? { scrapeTimeout: timeout } : {}),
          relabelings: [{ action: 'replace' as const, targetLabel: 'job', replacement: job }],
        })),
      },
    };
  });
}
