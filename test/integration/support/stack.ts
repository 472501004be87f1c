import { randomBytes } from 'node:crypto';
import { DockerComposeEnvironment, Wait, type StartedDockerComposeEnvironment } from 'testcontainers';
import {
  COMPOSE_FILES,
  composeProject,
  CORE_SERVICES,
  freshProjectName,
  projectRoot,
  type Service,
} from '../../../scripts/stack/compose.js';
import { docker, imageAvailable } from '../../../scripts/stack/docker.js';

export interface Stack {
  projectName: string;
  withGrafana: boolean;
  grafanaAdminPassword: string;
  /** http://127.0.0.1:PORT of a service, looked up anew each time: a restarted container may get another host port. */
  url(service: Service): Promise<string>;
  /** docker compose, scoped to this stack's project and files. */
  compose(args: string[]): Promise<string>;
  containerId(service: Service): string;
  down(): Promise<void>;
}

/**
 * Whether Grafana's image is here or can be pulled. Registry-less machines (CI's) cannot
 * have it; there the Grafana test is not registered and a warning says so.
 */
export async function grafanaImage(): Promise<{ image: string; available: boolean }> {
  const config = JSON.parse(await docker(['compose', '-f', 'compose.yaml', 'config', '--format', 'json'], { cwd: projectRoot })) as {
    services: Record<string, { image?: string }>;
  };
  const image = config.services.grafana?.image ?? 'grafana/grafana';
  return { image, available: await imageAvailable(image) };
}

/**
 * Testcontainers' reaper (Ryuk) removes what a crashed test run leaves behind. Its image
 * cannot be had where no registry answers; there it is turned off, and `down()` in each
 * suite's `after` hook does the cleaning.
 */
export async function disableReaperWhereItsImageIsMissing(): Promise<void> {
  if (process.env.TESTCONTAINERS_RYUK_DISABLED !== undefined) return;
  const image = process.env.RYUK_CONTAINER_IMAGE ?? 'testcontainers/ryuk:0.14.0';
  if (await imageAvailable(image)) return;
  console.warn(`*** Testcontainers' reaper image ${image} cannot be had here: reaper disabled; suites clean up in after(). ***`);
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
}

/**
 * Starts the project's own compose.yaml through Testcontainers, under a random project
 * name and with every port published on a free loopback port (scripts/stack/compose.loopback.yaml), so a
 * stack a person has running is never touched. Waits on each service's own healthcheck. `environment`
 * sets compose.yaml's variables (e.g. SLO_PERIOD).
 */
export async function startStack(options: { withGrafana: boolean; environment?: Record<string, string> }): Promise<Stack> {
  const services: Service[] = [...CORE_SERVICES];
  if (options.withGrafana) services.push('grafana');

  await disableReaperWhereItsImageIsMissing();
  const project = composeProject(freshProjectName('grapevine-it'));
  const grafanaAdminPassword = randomBytes(12).toString('hex');
  let environment: StartedDockerComposeEnvironment;
  try {
    environment = await new DockerComposeEnvironment(projectRoot, [...COMPOSE_FILES])
      .withProjectName(project.name)
      .withBuild()
      .withEnvironment({ ...options.environment, GRAFANA_ADMIN_PASSWORD: grafanaAdminPassword })
      .withDefaultWaitStrategy(Wait.forHealthCheck())
      .withStartupTimeout(300_000)
      .up(services);
  } catch (error) {
    // A failed start leaves what did start behind; clean it up before reporting.
    await project.down().catch(() => undefined);
    throw error;
  }

  return {
    projectName: project.name,
    withGrafana: options.withGrafana,
    grafanaAdminPassword,
    compose: (args) => project.run(args),
    url: (service) => project.url(service),
    containerId(service) {
      return environment.getContainer(`${service}-1`).getId();
    },
    async down() {
      await environment.down({ removeVolumes: true, timeout: 10_000 });
    },
  };
}
