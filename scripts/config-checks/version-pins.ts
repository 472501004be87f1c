// versions.env is the one place for every version outside package.json's dependencies. Shell
// scripts source it; the files below cannot, so this check reads what each says and names every
// one that disagrees. Bumping a version is one edit in versions.env plus what this check lists.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { DATASOURCES_DIR, listFiles, readYaml } from './files.js';
import { plural, type Check } from './types.js';

export const VERSIONS_FILE = 'versions.env';

export interface Pins {
  NODE_VERSION: string;
  NPM_VERSION: string;
  PROMETHEUS_VERSION: string;
  ALERTMANAGER_VERSION: string;
  GRAFANA_VERSION: string;
  VALKEY_VERSION: string;
  VICTORIAMETRICS_VERSION: string;
  STANDIN_SUITE: string;
  TOOLS_SUITE: string;
  COMPOSE_SUITE: string;
}
const PIN_NAMES: ReadonlyArray<keyof Pins> = [
  'NODE_VERSION',
  'NPM_VERSION',
  'PROMETHEUS_VERSION',
  'ALERTMANAGER_VERSION',
  'GRAFANA_VERSION',
  'VALKEY_VERSION',
  'VICTORIAMETRICS_VERSION',
  'STANDIN_SUITE',
  'TOOLS_SUITE',
  'COMPOSE_SUITE',
];

/** versions.env's KEY=value lines (comments and blank lines skipped); throws naming a missing or malformed pin. */
export async function readPins(root: string): Promise<Pins> {
  const values = new Map<string, string>();
  const lines = (await readFile(path.join(root, VERSIONS_FILE), 'utf8')).split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const match = /^([A-Z_]+)=([\w.-]+)$/.exec(line);
    if (!match) throw new Error(`${VERSIONS_FILE}:${index + 1}: expected KEY=value with no spaces or quotes, got ${JSON.stringify(line)}`);
    values.set(match[1], match[2]);
  });
  const missing = PIN_NAMES.filter((name) => !values.has(name));
  if (missing.length > 0) throw new Error(`${VERSIONS_FILE} lacks ${missing.join(', ')}`);
  return Object.fromEntries(PIN_NAMES.map((name) => [name, values.get(name)!])) as unknown as Pins;
}

/** The official image the app is built on: the pinned Node on the stand-ins' Debian release. */
export const officialNodeImage = (pins: Pins): string => `node:${pins.NODE_VERSION}-${pins.STANDIN_SUITE}-slim`;

const major = (version: string): number => Number(version.split('.')[0]);

/** The default of a compose `${VAR:-default}` value, or the value itself when it has none. */
function composeDefault(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^\$\{\w+:-(.+)\}$/.exec(value)?.[1] ?? value;
}

interface ComposeFile {
  services?: Record<string, { image?: unknown; build?: { args?: Record<string, unknown> } }>;
}

/** One expectation per file that repeats a pin: what it says, what versions.env says. */
interface Expectation {
  file: string;
  what: string;
  found: string | undefined;
  expected: string;
}

async function expectations(root: string, pins: Pins): Promise<Expectation[]> {
  const read = (file: string) => readFile(path.join(root, file), 'utf8');
  const compose = parse(await read('compose.yaml')) as ComposeFile;
  const service = (name: string) => compose.services?.[name];
  // The highly available overlay's own services (its Prometheus and Alertmanager replicas
  // extend compose.yaml's, so their images are compose.yaml's and checked above).
  // Compose's merge tags (`ports: !override`) mean nothing to a plain YAML parser: dropped.
  const ha = parse((await read('compose.ha.yaml')).replace(/ !(override|reset)\b/g, ' ')) as ComposeFile;
  const packageJson = JSON.parse(await read('package.json')) as {
    engines?: { node?: string };
    devDependencies?: Record<string, string>;
  };
  const nodeMajor = major(pins.NODE_VERSION);
  const list: Expectation[] = [
    {
      file: 'compose.yaml',
      what: "the app's NODE_IMAGE build argument",
      found: composeDefault(service('app')?.build?.args?.NODE_IMAGE),
      expected: officialNodeImage(pins),
    },
    {
      file: 'compose.yaml',
      what: "prometheus' image",
      found: composeDefault(service('prometheus')?.image),
      expected: `prom/prometheus:v${pins.PROMETHEUS_VERSION}`,
    },
    {
      file: 'compose.yaml',
      what: "alertmanager's image",
      found: composeDefault(service('alertmanager')?.image),
      expected: `prom/alertmanager:v${pins.ALERTMANAGER_VERSION}`,
    },
    {
      file: 'compose.yaml',
      what: "grafana's image",
      found: composeDefault(service('grafana')?.image),
      expected: `grafana/grafana:${pins.GRAFANA_VERSION}`,
    },
    {
      file: 'compose.ha.yaml',
      what: "valkey's image",
      found: composeDefault(ha.services?.valkey?.image),
      expected: `valkey/valkey:${pins.VALKEY_VERSION}`,
    },
    {
      file: 'compose.ha.yaml',
      what: "victoriametrics' image",
      found: composeDefault(ha.services?.victoriametrics?.image),
      expected: `victoriametrics/victoria-metrics:v${pins.VICTORIAMETRICS_VERSION}`,
    },
    {
      file: 'Dockerfile',
      what: 'ARG NODE_IMAGE',
      found: /^ARG NODE_IMAGE=(\S+)$/m.exec(await read('Dockerfile'))?.[1],
      expected: officialNodeImage(pins),
    },
    { file: '.nvmrc', what: 'the Node version', found: (await read('.nvmrc')).trim(), expected: pins.NODE_VERSION },
    // engines: any release of the pinned major from some minor on (`>=24.11.0 <25`); which minor is package.json's call.
    {
      file: 'package.json',
      what: 'engines.node',
      found: packageJson.engines?.node?.replace(/^>=(\d+)\.\d+\.\d+ /, '>=$1.x.x '),
      expected: `>=${nodeMajor}.x.x <${nodeMajor + 1}`,
    },
    {
      file: 'package.json',
      what: "@types/node's major",
      found: /^\^?(\d+)\./.exec(packageJson.devDependencies?.['@types/node'] ?? '')?.[1],
      expected: String(nodeMajor),
    },
  ];
  for (const file of await listFiles(root, DATASOURCES_DIR, '.yml')) {
    const content = (await readYaml(root, file)) as { datasources?: Array<{ type?: string; jsonData?: { prometheusVersion?: unknown } }> };
    for (const datasource of content.datasources ?? []) {
      if (datasource.type !== 'prometheus') continue;
      list.push({
        file,
        what: 'jsonData.prometheusVersion',
        found: String(datasource.jsonData?.prometheusVersion),
        expected: pins.PROMETHEUS_VERSION,
      });
    }
  }
  return list;
}

export const checkVersionPins: Check = async ({ root }) => {
  const pins = await readPins(root);
  const list = await expectations(root, pins);
  const failures = list
    .filter(({ found, expected }) => found !== expected)
    .map(
      ({ file, what, found, expected }) =>
        `${file}: ${what} is ${found === undefined ? 'missing' : JSON.stringify(found)}, but ${VERSIONS_FILE} makes it ${JSON.stringify(expected)}`,
    );
  return {
    failures,
    checked: `${plural(list.length, 'pin')} in ${new Set(list.map(({ file }) => file)).size} files against ${VERSIONS_FILE}`,
  };
};
