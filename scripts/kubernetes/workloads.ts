// The compose services that are ours (the app, the inbox, the bus) as Deployments, Services and
// PersistentVolumeClaims: same image, command, settings, ports and volumes as compose gives them,
// with probes from their healthchecks, a non-root security context and resource requests.
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IAffinity } from 'kubernetes-models/v1/Affinity';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { deployedServices, portsOf } from './addresses.js';
import {
  DEFAULT_RESOURCES,
  DEFAULT_RUN_AS_USER,
  DEFAULT_SCRATCH_DIRS,
  PART_OF,
  RESOURCES,
  RUN_AS_USER,
  SCRATCH_DIRS,
  VOLUME_SIZE,
} from './settings.js';
import { composeDefault, environmentOf, namedVolumesOf, type ComposeService, type Sources } from './sources.js';
import { TOKEN_KEY, webhookTokens, type WebhookToken } from './webhook-token.js';

/**
 * The setting that connects a service's replicas to one another (the Valkey bus). A service that
 * has it, pointing at one of our services, runs two replicas; without it, one, since then each
 * replica would keep its own presence and chat.
 */
export const BUS_SETTING = 'BUS_URL';
export const REPLICAS_WITH_BUS = 2;

export type Workload = IDeployment | IService | IPersistentVolumeClaim;

export function labelsOf(service: string): Record<string, string> {
  return { 'app.kubernetes.io/name': service, 'app.kubernetes.io/part-of': PART_OF };
}

/** The objects for each deployed compose service, by service name. */
export function workloads(sources: Sources): Map<string, Workload[]> {
  const tokens = webhookTokens(sources);
  return new Map(deployedServices(sources).map((name) => [name, workloadsOf(name, sources, tokens)]));
}

function workloadsOf(name: string, sources: Sources, tokens: WebhookToken[]): Workload[] {
  const service = sources.compose.services[name];
  const ports = portsOf(name, sources);
  const mounts = namedVolumesOf(service);
  const tokenMounts = mounts.flatMap((mount) => tokens.filter((t) => t.volume === mount.volume).map((token) => ({ ...mount, token })));
  const claims = mounts.filter((mount) => !tokens.some((t) => t.volume === mount.volume));
  const replicas = replicasOf(service, sources);

  const volumes: IVolume[] = [];
  const volumeMounts: IVolumeMount[] = [];
  for (const { volume, target, readOnly } of claims) {
    volumes.push({ name: volume, persistentVolumeClaim: { claimName: volume } });
    volumeMounts.push({ name: volume, mountPath: target, ...(readOnly ? { readOnly } : {}) });
  }
  const scratch = SCRATCH_DIRS[name] ?? DEFAULT_SCRATCH_DIRS;
  scratch.forEach((dir, index) => {
    volumes.push({ name: `scratch-${index}`, emptyDir: {} });
    volumeMounts.push({ name: `scratch-${index}`, mountPath: dir });
  });

  const token = tokenWiring(imageOf(name, service), tokenMounts);
  volumes.push(...token.volumes);
  volumeMounts.push(...token.volumeMounts);
  const initContainers = token.initContainers;

  const args = commandOf(service);
  const env = [...environmentOf(service)].map(([envName, value]) => ({ name: envName, value }));
  const container: IContainer = {
    name,
    image: imageOf(name, service),
    ...(args ? { args } : {}),
    ...(env.length > 0 ? { env } : {}),
    ...(ports.size > 0 ? { ports: [...ports].map(([containerPort, portName]) => ({ name: portName, containerPort })) } : {}),
    ...probesOf(service, ports),
    resources: RESOURCES[name] ?? DEFAULT_RESOURCES,
    securityContext: containerSecurityContext(),
    volumeMounts,
  };

  const labels = labelsOf(name);
  const selector = { 'app.kubernetes.io/name': name };
  const user = RUN_AS_USER[name] ?? DEFAULT_RUN_AS_USER;
  const deployment: IDeployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      ...strategyOf(replicas, claims.length > 0),
      template: {
        metadata: { labels },
        spec: {
          // Service links would put INBOX_PORT=tcp://... (from the Service named inbox) into every pod,
          // over a setting of the same name; and nothing here talks to the Kubernetes API.
          enableServiceLinks: false,
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: user,
            runAsGroup: user,
            // Volumes are made writable by the image's user (the SQLite files live there).
            fsGroup: user,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          ...affinityOf(name, replicas, claims.length > 0),
          ...(initContainers.length > 0 ? { initContainers } : {}),
          containers: [container],
          volumes,
        },
      },
    },
  };

  const objects: Workload[] = [deployment];
  if (ports.size > 0) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: {
        selector,
        ports: [...ports].map(([port, portName]) => ({ name: portName, port, targetPort: portName, protocol: 'TCP' })),
      },
    } satisfies IService);
  }
  for (const { volume } of claims) {
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: volume, labels },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: VOLUME_SIZE } } },
    } satisfies IPersistentVolumeClaim);
  }
  return objects;
}

/**
 * The token's folder is an emptyDir the init container copies the Secret into, not the Secret
 * itself: the inbox writes a temporary file beside the token when it starts (to create it
 * atomically when missing), which a read-only Secret mount refuses.
 */
function tokenWiring(
  image: string,
  mounts: Array<{ volume: string; target: string; token: WebhookToken }>,
): { volumes: IVolume[]; volumeMounts: IVolumeMount[]; initContainers: IContainer[] } {
  const wiring = { volumes: [] as IVolume[], volumeMounts: [] as IVolumeMount[], initContainers: [] as IContainer[] };
  for (const { volume, target, token } of mounts) {
    wiring.volumes.push({ name: volume, emptyDir: { medium: 'Memory' } }, { name: token.secret, secret: { secretName: token.secret } });
    wiring.volumeMounts.push({ name: volume, mountPath: target });
    wiring.initContainers.push({
      name: `copy-${token.secret}`.slice(0, 63),
      image,
      command: ['cp', `/run/secrets/${token.secret}/${TOKEN_KEY}`, `${target}/${token.fileInVolume}`],
      volumeMounts: [
        { name: volume, mountPath: target },
        { name: token.secret, mountPath: `/run/secrets/${token.secret}`, readOnly: true },
      ],
      securityContext: containerSecurityContext(),
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
    });
  }
  return wiring;
}

function replicasOf(service: ComposeService, sources: Sources): number {
  const bus = environmentOf(service).get(BUS_SETTING);
  if (bus === undefined) return 1;
  const host = /^[a-z][a-z0-9+.-]*:\/\/([^/:@]+)/.exec(bus)?.[1];
  return host !== undefined && deployedServices(sources).includes(host) ? REPLICAS_WITH_BUS : 1;
}

/**
 * A ReadWriteOnce volume is attached to one node at a time. One replica: Recreate, so the old pod
 * lets go of it before the new one needs it. Several: rolling, one extra pod at a time, all on the
 * node that holds the volume (affinityOf).
 */
function strategyOf(replicas: number, hasVolume: boolean): Pick<NonNullable<IDeployment['spec']>, 'strategy'> {
  if (!hasVolume) return {};
  if (replicas === 1) return { strategy: { type: 'Recreate' } };
  return { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } };
}

/**
 * Replicas sharing a ReadWriteOnce volume must share its node, and SQLite's WAL mode needs every
 * process on one host anyway (not even a ReadWriteMany network filesystem makes it safe): so the
 * replicas survive a crashed or restarted pod and a rolling update, not the loss of their node.
 */
function affinityOf(name: string, replicas: number, hasVolume: boolean): { affinity?: IAffinity } {
  if (replicas === 1 || !hasVolume) return {};
  return {
    affinity: {
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { 'app.kubernetes.io/name': name } }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    },
  };
}

function containerSecurityContext(): NonNullable<IContainer['securityContext']> {
  return { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };
}

function imageOf(name: string, service: ComposeService): string {
  if (!service.image) throw new Error(`compose.yaml's ${name} has no image: a cluster cannot build one`);
  return composeDefault(service.image);
}

/** Compose's `command` replaces the image's CMD, as a container's `args` do (its `command` would replace the ENTRYPOINT). */
function commandOf(service: ComposeService): string[] | undefined {
  if (service.command === undefined) return undefined;
  return Array.isArray(service.command) ? service.command.map(String) : service.command.split(/\s+/).filter(Boolean);
}

/**
 * Probes from the compose healthcheck. A Node service's check fetches its /health/ready: that is
 * the readiness probe, and its cheap /health/live (which never touches the database) the liveness
 * probe, so a slow database takes a pod out of the Service without restarting it. Any other check
 * (`valkey-cli ping`) runs as it is, for both.
 */
function probesOf(
  service: ComposeService,
  ports: Map<number, string>,
): Pick<IContainer, 'readinessProbe' | 'livenessProbe' | 'startupProbe'> {
  const test = service.healthcheck?.test;
  if (test === undefined) return {};
  const words = Array.isArray(test) ? test : ['CMD-SHELL', test];
  const http = /https?:\/\/(?:127\.0\.0\.1|localhost):(\d+)(\/health\/ready)\b/.exec(words.join(' '));
  const timing = { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 };
  if (http) {
    const port = ports.get(Number(http[1])) ?? Number(http[1]);
    const ready: IProbe = { httpGet: { path: http[2], port }, ...timing, periodSeconds: 5 };
    const live: IProbe = { httpGet: { path: '/health/live', port }, ...timing };
    // compose allows 30 s of start_period: so does the startup probe, before liveness counts.
    const startup: IProbe = { httpGet: { path: '/health/live', port }, periodSeconds: 2, timeoutSeconds: 3, failureThreshold: 15 };
    return { startupProbe: startup, readinessProbe: ready, livenessProbe: live };
  }
  const command = words[0] === 'CMD' ? words.slice(1) : words[0] === 'CMD-SHELL' ? ['sh', '-c', words.slice(1).join(' ')] : words;
  return { readinessProbe: { exec: { command }, ...timing, periodSeconds: 5 }, livenessProbe: { exec: { command }, ...timing } };
}
