// grafana/ as ConfigMaps for the Grafana sidecar (k8s-sidecar) kube-prometheus-stack runs: one per
// dashboard, labelled grafana_dashboard: "1" (the stack's sidecar searches every namespace for
// it), and the datasource, labelled grafana_datasource: "1".
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { MONITORING_NAMESPACE, PART_OF, STACK_PROMETHEUS_URL } from './settings.js';
import type { Sources, TextFile } from './sources.js';

const labels = (extra: Record<string, string>) => ({ ...extra, 'app.kubernetes.io/part-of': PART_OF });

export function dashboardConfigMap({ file, text }: TextFile): IConfigMap {
  const name = path.posix.basename(file, '.json');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `dashboard-${name}`,
      labels: labels({ grafana_dashboard: '1' }),
      // Read only when the sidecar's folderAnnotation is set to this name (README, "On Kubernetes").
      annotations: { grafana_folder: 'Grapevine' },
    },
    data: { [path.posix.basename(file)]: text },
  };
}

/**
 * grafana/provisioning/datasources, pointed at the stack's Prometheus. Every dashboard names the
 * datasource uid `prometheus`, which is also the uid of the datasource kube-prometheus-stack's
 * Grafana provisions itself: so next to the stack this is not needed (and the two would clash).
 * It is a kustomize component, for a Grafana that has no such datasource. Its ConfigMap goes to
 * Grafana's namespace (the datasource sidecar searches only its own by default), not ours.
 */
export function datasourceConfigMaps(sources: Sources): IConfigMap[] {
  return sources.datasources.map(({ file, text }) => {
    const content = parse(text) as { datasources?: Array<{ type?: string; url?: string }> };
    for (const datasource of content.datasources ?? []) if (datasource.type === 'prometheus') datasource.url = STACK_PROMETHEUS_URL;
    const name = path.posix.basename(file, '.yml');
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `datasource-${name}`, namespace: MONITORING_NAMESPACE, labels: labels({ grafana_datasource: '1' }) },
      data: { [`${name}.yaml`]: stringify(content, { lineWidth: 0 }) },
    };
  });
}
