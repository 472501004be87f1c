// File lookups shared by the checks, relative to the project tree being checked.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

export const PROMETHEUS_CONFIG = 'prometheus/prometheus.yml';
/** The highly available variant's (compose.ha.yaml), run by both replicas. */
export const PROMETHEUS_HA_CONFIG = 'prometheus/ha/prometheus.yml';
export const RULES_DIR = 'prometheus/rules';
export const RULE_TESTS_DIR = 'prometheus/tests';
export const ALERTMANAGER_CONFIG = 'alertmanager/alertmanager.yml';
export const ROUTE_TESTS = 'alertmanager/tests/routes.yaml';
/** Rule sets for other SLO periods (scripts/slo): one folder each, its rules beside their tests. */
export const PERIOD_RULES_DIR = 'prometheus/slo-rules';
export const DASHBOARDS_DIR = 'grafana/dashboards';
export const DATASOURCES_DIR = 'grafana/provisioning/datasources';

/** `dir`'s files ending in `suffix`, as paths relative to `root`, sorted. */
export async function listFiles(root: string, dir: string, suffix: string): Promise<string[]> {
  const names = await readdir(path.join(root, dir));
  return names
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => `${dir}/${name}`);
}

/**
 * The rule files (or, with `tests`, the promtool test files) of every SLO period folder but the
 * 30-day one, whose files are links to prometheus/rules (checked and tested there).
 */
export async function periodRuleFiles(root: string, { tests }: { tests: boolean }): Promise<string[]> {
  const periods = (await readdir(path.join(root, PERIOD_RULES_DIR)).catch(() => [] as string[])).filter((p) => p !== '30d').sort();
  const found: string[] = [];
  for (const period of periods) {
    const files = await listFiles(root, `${PERIOD_RULES_DIR}/${period}`, '.yml');
    found.push(...files.filter((file) => file.endsWith('.test.yml') === tests));
  }
  return found;
}

export async function readYaml(root: string, file: string): Promise<unknown> {
  return parse(await readFile(path.join(root, file), 'utf8'));
}

export interface RuleGroupFile {
  groups?: Array<{ name?: string; rules?: Array<{ alert?: string; record?: string }> }>;
}

/** The names of every recording rule and alert in prometheus/rules. */
export async function ruleNames(root: string): Promise<{ records: Set<string>; alerts: Map<string, string> }> {
  const records = new Set<string>();
  const alerts = new Map<string, string>();
  for (const file of await listFiles(root, RULES_DIR, '.yml')) {
    const content = (await readYaml(root, file)) as RuleGroupFile | null;
    for (const group of content?.groups ?? []) {
      for (const rule of group.rules ?? []) {
        if (rule.record) records.add(rule.record);
        if (rule.alert) alerts.set(rule.alert, file);
      }
    }
  }
  return { records, alerts };
}
