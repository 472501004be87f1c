// The choices the generator makes that no compose or Prometheus file says: where the objects go,
// which kube-prometheus-stack they are meant for, and what each workload asks of a node. Change
// one here and run `npm run kubernetes`; the config check then expects the new output.
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';

/** The folder the generator writes, at the project's root; `kubectl apply -k kubernetes/` applies it. */
export const KUBERNETES_DIR = 'kubernetes';

/** Every generated object lives here. It is also baked into the inbox's URL and the alerts' namespace label. */
export const NAMESPACE = 'grapevine';

/**
 * kube-prometheus-stack's Prometheus selects ServiceMonitors and PrometheusRules labelled
 * `release: <its Helm release name>` (serviceMonitorSelectorNilUsesHelmValues and
 * ruleSelectorNilUsesHelmValues, both true by default). This is the release name the README installs.
 */
export const RELEASE = 'kube-prometheus-stack';

/** The namespace the README installs kube-prometheus-stack into. */
export const MONITORING_NAMESPACE = 'monitoring';

/**
 * Compose services kube-prometheus-stack already runs: their config becomes Operator objects
 * (PrometheusRule, ServiceMonitor, AlertmanagerConfig, dashboard ConfigMaps), not Deployments.
 */
export const PROVIDED_BY_THE_STACK = new Set(['prometheus', 'alertmanager', 'grafana']);

/**
 * The Prometheus the stack's Grafana queries: `<release>-prometheus` in the release's namespace
 * (the chart's full name is the release name when the release name contains the chart's).
 */
export const STACK_PROMETHEUS_URL = `http://${RELEASE}-prometheus.${MONITORING_NAMESPACE}:9090/`;

/** Each compose volume becomes a PersistentVolumeClaim of this size on the cluster's default storage class. */
export const VOLUME_SIZE = '1Gi';

/** The user each image runs as (the app image's `node`, the Valkey image's `valkey`), so runAsNonRoot can be checked. */
export const RUN_AS_USER: Readonly<Record<string, number>> = { valkey: 999 };
export const DEFAULT_RUN_AS_USER = 1000;

/**
 * Folders an image writes outside its volumes; each gets an emptyDir, since the root filesystem
 * is read-only. Every Node process may write temporary files (SQLite's sorter among them).
 */
export const SCRATCH_DIRS: Readonly<Record<string, readonly string[]>> = { valkey: ['/data', '/tmp'] };
export const DEFAULT_SCRATCH_DIRS = ['/tmp'];

/**
 * Requests sized from what the workshop stack uses at rest and under `npm run traffic` (the app
 * ~80 MiB resident, the inbox ~60 MiB, Valkey a few MiB). Memory limits stop a leak taking the node;
 * no CPU limits, so a burst is slowed only by other pods' requests, never throttled on an idle node.
 */
export const RESOURCES: Readonly<Record<string, IResourceRequirements>> = {
  app: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
  inbox: { requests: { cpu: '20m', memory: '96Mi' }, limits: { memory: '256Mi' } },
  valkey: { requests: { cpu: '20m', memory: '32Mi' }, limits: { memory: '128Mi' } },
};
export const DEFAULT_RESOURCES: IResourceRequirements = { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } };

/** A label every generated object carries, so `kubectl get all -l ...` lists them. */
export const PART_OF = 'grapevine-observatory';
