import { DockerComposeEnvironment, Wait, type StartedDockerComposeEnvironment } from 'testcontainers';
import { freshProjectName, projectRoot } from '../../../scripts/stack/compose.js';
import { HA_COMPOSE_FILES, HA_SERVICES, haComposeProject, type HaProject } from '../../../scripts/stack/ha.js';
import { disableReaperWhereItsImageIsMissing } from './stack.js';

export interface HaStack extends HaProject {
  appReplicas: number;
}

/**
 * Starts compose.yaml + compose.ha.yaml through Testcontainers under a random project name, every
 * port on a free loopback port, with `appReplicas` app replicas, and waits on every healthcheck.
 * Grafana is left out: no machine of this kind can run it (its queries are tested against
 * VictoriaMetrics instead).
 */
export async function startHaStack(options: { appReplicas: number }): Promise<HaStack> {
  await disableReaperWhereItsImageIsMissing();
  const project = haComposeProject(freshProjectName('grapevine-ha-it'));
  let environment: StartedDockerComposeEnvironment;
  try {
    environment = await new DockerComposeEnvironment(projectRoot, [...HA_COMPOSE_FILES])
      .withProjectName(project.name)
      .withBuild()
      .withClientOptions({ commandOptions: ['--scale', `app=${options.appReplicas}`] })
      .withDefaultWaitStrategy(Wait.forHealthCheck())
      .withStartupTimeout(300_000)
      .up([...HA_SERVICES]);
  } catch (error) {
    await project.down().catch(() => undefined);
    throw error;
  }
  return {
    ...project,
    appReplicas: options.appReplicas,
    async down() {
      await environment.down({ removeVolumes: true, timeout: 10_000 });
    },
  };
}
