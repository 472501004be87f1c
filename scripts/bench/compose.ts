// The project's own compose.yaml, started under a project name of the benchmark's own and with
// every port on a free loopback port (the integration tests' override), so a stack someone
// already runs, or another run's, is never touched. Only services whose images are here start:
// on machines without a registry that leaves Grafana out.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { imageExists } from '../../test/integration/support/docker.js';
import { projectRoot } from './child.js';

const exec = promisify(execFile);
const FILES = ['compose.yaml', 'test/integration/compose.test.yaml'];
export const CORE_SERVICES = ['app', 'inbox', 'prometheus', 'alertmanager'] as const;
const HTTP_PORTS: Record<string, number> = { app: 4100, inbox: 4200, prometheus: 9090, alertmanager: 9093, grafana: 3000 };

export interface ComposeProject {
  name: string;
  /** docker compose with this project's name and files; resolves with stdout. */
  run(args: string[], timeoutMs?: number): Promise<string>;
  /** http://127.0.0.1:PORT of a service's HTTP port, asked anew (a recreated container gets a new port). */
  url(service: string): Promise<string>;
  /** The named volume compose created for `volume` (e.g. prometheus-data). */
  volume(volume: string): string;
  down(): Promise<void>;
}

export function composeProject(prefix: string): ComposeProject {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  const run = async (args: string[], timeoutMs = 180_000): Promise<string> => {
    try {
      const { stdout } = await exec('docker', ['compose', '-p', name, ...FILES.flatMap((file) => ['-f', file]), ...args], {
        cwd: projectRoot,
        timeout: timeoutMs,
        maxBuffer: 32 * 1024 * 1024,
      });
      return stdout.trim();
    } catch (error) {
      const { stderr, message } = error as { stderr?: string; message: string };
      throw new Error(`docker compose ${args.join(' ')} failed: ${stderr?.trim() || message}`);
    }
  };
  return {
    name,
    run,
    async url(service) {
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
export async function servicesToStart(project: ComposeProject): Promise<{ services: string[]; images: Record<string, string> }> {
  const config = JSON.parse(await project.run(['config', '--format', 'json'])) as { services: Record<string, { image?: string }> };
  const images: Record<string, string> = {};
  const missing: string[] = [];
  for (const service of [...CORE_SERVICES, 'grafana']) {
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
  return { services: Object.keys(images), images };
}
