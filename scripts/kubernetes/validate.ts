// Validation without a cluster: each object against the published schema of its kind, through the
// kubernetes-models validators (Kubernetes' OpenAPI definitions, and the Prometheus Operator's API
// types for its kinds). They check types, required fields, enums and patterns (a `for: five`, a
// Service port without a number); like an API server that prunes, they do not reject an unknown
// field, which is why alertmanager-config.ts refuses keys it does not map.
import { PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { AlertmanagerConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Service } from 'kubernetes-models/v1';

interface Validating {
  validate(): void;
}
type ModelConstructor = new (data: never) => Validating;

const MODELS: Record<string, ModelConstructor> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1alpha1/AlertmanagerConfig': AlertmanagerConfig,
};

/** The kinds this project generates, as apiVersion/kind. */
export const VALIDATED_KINDS = Object.keys(MODELS);

/** What is wrong with `object` by its kind's schema, or nothing. */
export function schemaErrors(object: unknown): string[] {
  const { apiVersion, kind } = (object ?? {}) as { apiVersion?: unknown; kind?: unknown };
  const Model = MODELS[`${String(apiVersion)}/${String(kind)}`];
  if (!Model) return [`${String(apiVersion)} ${String(kind)} is not a kind this project validates (${VALIDATED_KINDS.join(', ')})`];
  try {
    new Model(object as never).validate();
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}
