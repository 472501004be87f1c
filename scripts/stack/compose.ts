// The project's own compose.yaml, driven from code: the integration and browser tests (through
// Testcontainers, test/integration/support/stack.ts) and the benchmarks (scripts/bench) start it
// under a project name of their own and with every port on a free loopback port
// (compose.loopback.yaml, layered over compose.yaml), so a stack someone already runs, or another
// run's, is never touched.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { docker, imageExists } from './docker.js';

export const projectRoot = path.resolve(import.meta.dirname, '../..');

/** compose.yaml with the loopback-ports override, as `docker compose -f` takes them (relative to projectRoot). */
export const COMPOSE_FILES = ['compose.yaml', 'scripts/stack/compose.loopback.yaml'] as const;

/** Services every run starts; Grafana joins them only where its image can be had. */
export const CORE_SERVICES = ['app', 'inbox', 'prometheus', 'alertmanager'] as const;
export type Service = (typeof CORE_SERVICES)[number] | 'grafana';

/** The container port of each service's HTTP endpoint (see compose.yaml). */
const HTTP_PORTS: Record<Service, number> = { app: 4100, inbox: 4200, prometheus: 9090, alertmanager: 9093, grafana: 3000 };

export interface ComposeProject {
  name: string;
  /** docker compose with this project's name and files; resolves with stdout. */
  run(args: string[], timeoutMs?: number): Promise<string>;
  /** http://127.0.0.1:PORT of a service's HTTP port, asked anew (a recreated container gets a new port). */
  url(service: Service): Promise<string>;
  /** The named volume compose created for `volume` (e.g. prometheus-data). */
  volume(volume: string): string;
  /** Removes the project's containers, networks and volumes. */
  down(): Promise<void>;
}

/** A project name no other run has: `prefix` and a random suffix. */
export function freshProjectName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** The compose project `name` on compose.yaml and the loopback ports; nothing starts until `run(['up', ...])`. */
export function composeProject(name: string): ComposeProject {
  const run = (args: string[], timeoutMs = 180_000): Promise<string> =>
    docker(['compose', '-p', name, ...COMPOSE_FILES.flatMap((file) => ['-f', file]), ...args], { cwd: projectRoot, timeoutMs });
  return {
    name,
    run,
    async url(service) {
      // `docker compose port` prints e.g. 127.0.0.1:49153
      const published = await run(['port', service, String(HTTP_PORTS[service])]);
      return `http://${published.split('\n')[0]}`;
    },
    volume: (volume) => `${name}_${volume}`,
    down: async () => void (await run(['down', '-v', '--remove-orphans', '--timeout', '10'])),
  };
}

/**
 * Builds the app image from the working tree first (untimed; cached layers make it seconds when
 * nothing changed), so the numbers are for the code as it is, not for whatever image was left here.
 */
export async function buildAppImage(project: ComposeProject): Promise<void> {
  await project.run(['build', 'app'], 15 * 60_000);
}

/**
 * The services to start: the four core ones, plus Grafana when its image is here (no pulls: these
 * machines have no registry). Throws when a core image is missing, naming the command that makes it.
 */
export async function servicesToStart(project: ComposeProject): Promise<{ services: Service[]; images: Partial<Record<Service, string>> }> {
  const config = JSON.parse(await project.run(['config', '--format', 'json'])) as { services: Record<string, { image?: string }> };
  const images: Partial<Record<Service, string>> = {};
  const missing: string[] = [];
  // Valkey starts with the app (depends_on), so its image must be here too, though it is never named.
  const valkey = config.services.valkey?.image;
  if (valkey !== undefined && !(await imageExists(valkey))) missing.push(`valkey (${valkey})`);
  for (const service of [...CORE_SERVICES, 'grafana'] as const) {
    const image = config.services[service]?.image;
    if (image === undefined) continue;
    if (await imageExists(image)) images[service] = image;
    else if (service !== 'grafana') missing.push(`${service} (${image})`);
  }
  if (missing.length > 0) {
    throw new Error(
      `images missing: ${missing.join(', ')}. Build the app image with \`docker compose build app\`; ` +
        'on machines without a registry, build the stand-ins with `bash scripts/machine/build-standin-images.sh`.',
    );
  }
  return { services: Object.keys(images) as Service[], images };
}

/**
 * The image compose.yaml runs for `service`, after .env and the environment (a stand-in or the
 * official one), and its command ([] when compose.yaml gives none: the image's own CMD), so a
 * container started outside compose (the bus test, the chat-latency bench) runs as compose's does.
 */
export async function composeService(service: string): Promise<{ image: string; command: string[] }> {
  const config = JSON.parse(await docker(['compose', '-f', 'compose.yaml', 'config', '--format', 'json'], { cwd: projectRoot })) as {
    services: Record<string, { image?: string; command?: string[] | null }>;
  };
  const image = config.services[service]?.image;
  if (image === undefined) throw new Error(`compose.yaml has no image for service ${service}`);
  return { image, command: config.services[service].command ?? [] };
}
