// What the generator reads: the very files compose mounts, so the cluster gets what compose runs.
// Every rule file, every dashboard, every datasource file is listed from its folder, never named here.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

export const COMPOSE_FILE = 'compose.yaml';
export const PROMETHEUS_CONFIG = 'prometheus/prometheus.yml';
export const RULES_DIR = 'prometheus/rules';
export const ALERTMANAGER_CONFIG = 'alertmanager/alertmanager.yml';
export const DASHBOARDS_DIR = 'grafana/dashboards';
export const DATASOURCES_DIR = 'grafana/provisioning/datasources';

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | { target?: number }>;
  volumes?: Array<string | { type?: string; source?: string; target?: string; read_only?: boolean }>;
  healthcheck?: { test?: string[] | string };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

export interface RuleFile {
  /** Relative to the project, e.g. prometheus/rules/service-alerts.yml. */
  file: string;
  groups: Array<Record<string, unknown>>;
}

export interface TextFile {
  file: string;
  text: string;
}

export interface Sources {
  compose: ComposeFile;
  prometheus: Record<string, unknown>;
  rules: RuleFile[];
  alertmanager: Record<string, unknown>;
  dashboards: TextFile[];
  datasources: TextFile[];
}

async function listFiles(root: string, dir: string, suffix: string): Promise<string[]> {
  const names = await readdir(path.join(root, dir));
  return names
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => `${dir}/${name}`);
}

async function readText(root: string, file: string): Promise<TextFile> {
  return { file, text: await readFile(path.join(root, file), 'utf8') };
}

// compose.yaml shares healthcheck settings through YAML merge keys (`<<: *node-healthcheck`).
const parseYaml = (text: string): unknown => parse(text, { merge: true });

export async function readSources(root: string): Promise<Sources> {
  const yamlOf = async (file: string) => parseYaml((await readText(root, file)).text) as Record<string, unknown>;
  const rules: RuleFile[] = [];
  for (const file of await listFiles(root, RULES_DIR, '.yml')) {
    const { groups } = (await yamlOf(file)) as { groups?: RuleFile['groups'] };
    if (!Array.isArray(groups)) throw new Error(`${file} has no groups list`);
    rules.push({ file, groups });
  }
  const compose = (await yamlOf(COMPOSE_FILE)) as unknown as ComposeFile;
  if (typeof compose.services !== 'object' || compose.services === null) throw new Error(`${COMPOSE_FILE} has no services`);
  return {
    compose,
    prometheus: await yamlOf(PROMETHEUS_CONFIG),
    rules,
    alertmanager: await yamlOf(ALERTMANAGER_CONFIG),
    dashboards: await Promise.all((await listFiles(root, DASHBOARDS_DIR, '.json')).map((file) => readText(root, file))),
    datasources: await Promise.all((await listFiles(root, DATASOURCES_DIR, '.yml')).map((file) => readText(root, file))),
  };
}

/** The default of a compose `${VAR:-default}` value (or `${VAR}` with none: empty), else the value itself. */
export function composeDefault(value: string): string {
  return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_, _name: string, fallback: string | undefined) => fallback ?? '');
}

/** A compose service's environment as name → value, `${VAR:-default}`s resolved to their defaults. */
export function environmentOf(service: ComposeService): Map<string, string> {
  const entries: Array<[string, string]> = Array.isArray(service.environment)
    ? service.environment.map((line) => {
        const at = line.indexOf('=');
        return at === -1 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(service.environment ?? {}).map(([name, value]) => [name, value === null ? '' : String(value)]);
  return new Map(entries.map(([name, value]) => [name, composeDefault(value)]));
}

/** A compose service's named volumes (not bind mounts: those are config compose mounts from the tree). */
export function namedVolumesOf(service: ComposeService): Array<{ volume: string; target: string; readOnly: boolean }> {
  const mounts: Array<{ volume: string; target: string; readOnly: boolean }> = [];
  for (const entry of service.volumes ?? []) {
    if (typeof entry === 'string') {
      const [source = '', target = '', mode = ''] = entry.split(':');
      if (source === '' || source.startsWith('.') || source.startsWith('/') || source.startsWith('~')) continue;
      mounts.push({ volume: source, target, readOnly: mode.split(',').includes('ro') });
    } else if ((entry.type ?? 'volume') === 'volume' && entry.source && entry.target) {
      mounts.push({ volume: entry.source, target: entry.target, readOnly: entry.read_only === true });
    }
  }
  return mounts;
}
