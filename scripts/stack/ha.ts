// The highly available variant (compose.ha.yaml over compose.yaml), driven from code: the HA
// integration tests (test/integration/support/ha-stack.ts) and the HA benchmark (scripts/bench/ha.ts)
// start it under a project name of their own with every port on a free loopback port, and make
// the faults they measure through these helpers: SIGKILL a container, cut an Alertmanager off from
// its peers, and put back what they broke.
import { COMPOSE_FILES, projectRoot } from './compose.js';
import { docker } from './docker.js';
import { getJson, waitFor } from './wait.js';

/** compose.yaml, compose.ha.yaml and their loopback-port overrides, as `docker compose -f` takes them. */
export const HA_COMPOSE_FILES = [...COMPOSE_FILES, 'compose.ha.yaml', 'scripts/stack/compose.ha-loopback.yaml'] as const;

export const PROMETHEUS_REPLICAS = ['prometheus', 'prometheus-b'] as const;
export const ALERTMANAGERS = ['alertmanager', 'alertmanager-b', 'alertmanager-c'] as const;
/** Every service of the HA stack but Grafana (which these machines cannot run). */
export const HA_SERVICES = ['app', 'inbox', 'valkey', 'victoriametrics', ...ALERTMANAGERS, ...PROMETHEUS_REPLICAS] as const;
export type HaService = (typeof HA_SERVICES)[number] | 'grafana';

/** The compose network only the Alertmanagers share, for gossip (compose.ha.yaml). */
export const GOSSIP_NETWORK = 'alertmanager-cluster';

const HTTP_PORTS: Partial<Record<HaService, number>> = {
  app: 4100,
  inbox: 4200,
  prometheus: 9090,
  'prometheus-b': 9090,
  alertmanager: 9093,
  'alertmanager-b': 9093,
  'alertmanager-c': 9093,
  victoriametrics: 8428,
  grafana: 3000,
};

export interface HaProject {
  name: string;
  run(args: string[], timeoutMs?: number): Promise<string>;
  /** http://127.0.0.1:PORT of a service's HTTP port (replica `index`, from 1, when scaled), asked anew. */
  url(service: HaService, index?: number): Promise<string>;
  /** The container name of a service's replica `index` (from 1): compose names them PROJECT-SERVICE-INDEX. */
  container(service: HaService, index?: number): string;
  down(): Promise<void>;
}

/** The HA stack `name` (or, given compose.ts' COMPOSE_FILES, the single one: the HA benchmark drives both alike). */
export function haComposeProject(name: string, files: readonly string[] = HA_COMPOSE_FILES): HaProject {
  const run = (args: string[], timeoutMs = 180_000): Promise<string> =>
    docker(['compose', '-p', name, ...files.flatMap((file) => ['-f', file]), ...args], { cwd: projectRoot, timeoutMs });
  return {
    name,
    run,
    async url(service, index = 1) {
      const port = HTTP_PORTS[service];
      if (port === undefined) throw new Error(`${service} has no HTTP port`);
      const published = await run(['port', '--index', String(index), service, String(port)]);
      return `http://${published.split('\n')[0]}`;
    },
    container: (service, index = 1) => `${name}-${service}-${index}`,
    down: async () => void (await run(['down', '-v', '--remove-orphans', '--timeout', '10'])),
  };
}

/** The address Prometheus scrapes an app replica at (its `instance` label): its IP on the default network. */
export async function appInstance(project: HaProject, index: number): Promise<string> {
  const id = project.container('app', index);
  const ip = await docker(['inspect', '--format', `{{(index .NetworkSettings.Networks "${project.name}_default").IPAddress}}`, id]);
  return `${ip}:4101`;
}

/** SIGKILL: the process gets no chance to say goodbye to its peers or flush anything. */
export async function kill(project: HaProject, service: HaService): Promise<void> {
  await docker(['kill', '--signal', 'KILL', project.container(service)]);
}

/** Starts a stopped or killed service again and waits for its healthcheck. */
export async function restart(project: HaProject, service: HaService): Promise<void> {
  const id = project.container(service);
  await docker(['start', id]);
  await waitHealthy(id, service);
}

async function waitHealthy(id: string, what: string): Promise<void> {
  await waitFor(async () => ((await docker(['inspect', '--format', '{{.State.Health.Status}}', id])) === 'healthy' ? true : undefined), {
    what: `${what} to be healthy again`,
    timeoutMs: 90_000,
    intervalMs: 250,
  });
}

const gossipNetwork = (project: HaProject) => `${project.name}_${GOSSIP_NETWORK}`;

/**
 * Cuts an Alertmanager off from its two peers and nothing else: it stays on the default network,
 * so it still receives every alert from both Prometheus and still reaches the inbox.
 */
export async function partition(project: HaProject, alertmanager: (typeof ALERTMANAGERS)[number]): Promise<void> {
  await docker(['network', 'disconnect', gossipNetwork(project), project.container(alertmanager)]);
}

/**
 * Joins it to the gossip network again, under its alias there, and restarts it: it listens for
 * gossip on the address it had, which Docker need not give back.
 */
export async function heal(project: HaProject, alertmanager: (typeof ALERTMANAGERS)[number]): Promise<void> {
  const id = project.container(alertmanager);
  await docker(['network', 'connect', '--alias', `${alertmanager}-gossip`, gossipNetwork(project), id]);
  await docker(['restart', '--time', '10', id]);
  await waitHealthy(id, alertmanager);
}

interface ClusterStatus {
  cluster: { name: string; status: string; peers: Array<{ name: string; address: string }> };
}

/** An Alertmanager's own view of its cluster: its name and the peers it counts (itself included). */
export async function clusterStatus(alertmanagerUrl: string): Promise<{ name: string; peers: string[] }> {
  const { cluster } = await getJson<ClusterStatus>(`${alertmanagerUrl}/api/v2/status`);
  return { name: cluster.name, peers: cluster.peers.map((peer) => peer.name) };
}

/**
 * The Alertmanagers in the order the cluster notifies in: each waits its position times
 * --cluster.peer-timeout before sending what no peer has sent yet, and the position is the
 * member's place among the peers' names (random at every start), sorted.
 */
export async function clusterOrder(project: HaProject): Promise<Array<(typeof ALERTMANAGERS)[number]>> {
  const names = await Promise.all(
    ALERTMANAGERS.map(async (service) => [service, (await clusterStatus(await project.url(service))).name] as const),
  );
  return [...names].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map(([service]) => service);
}

/** Waits until every Alertmanager named counts exactly `size` members, itself included. */
export async function waitForCluster(
  project: HaProject,
  members: ReadonlyArray<(typeof ALERTMANAGERS)[number]>,
  size: number,
): Promise<void> {
  await waitFor(
    async () => {
      for (const service of members) if ((await clusterStatus(await project.url(service))).peers.length !== size) return undefined;
      return true;
    },
    { what: `${members.join(', ')} to count ${size} cluster members`, timeoutMs: 60_000, intervalMs: 250 },
  );
}

/** How many webhook notifications an Alertmanager has sent since it started (its own counter). */
export async function webhookNotificationsSent(alertmanagerUrl: string): Promise<number> {
  const response = await fetch(`${alertmanagerUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${alertmanagerUrl}/metrics: HTTP ${response.status}`);
  return (await response.text())
    .split('\n')
    .filter((line) => line.startsWith('alertmanager_notifications_total{') && line.includes('integration="webhook"'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Each Alertmanager's webhook notifications sent, by service. */
export async function webhookNotificationsByMember(project: HaProject): Promise<Record<string, number>> {
  const entries = await Promise.all(
    ALERTMANAGERS.map(async (service) => [service, await webhookNotificationsSent(await project.url(service))] as const),
  );
  return Object.fromEntries(entries);
}
