// Checks of alertmanager/: the config through amtool, and the routing cases of
// alertmanager/tests/routes.yaml through `amtool config routes test`.
import { ALERTMANAGER_CONFIG, readYaml, ROUTE_TESTS } from './files.js';
import { failureOf, indent, runTool } from './run-tool.js';
import { plural, type Check } from './types.js';

export const checkAlertmanagerConfig: Check = async ({ root, toolsDir }) => ({
  failures: failureOf(
    await runTool(toolsDir, 'amtool', ['check-config', ALERTMANAGER_CONFIG], root),
    `amtool check-config ${ALERTMANAGER_CONFIG}`,
  ),
  checked: ALERTMANAGER_CONFIG,
});

/** One case of routes.yaml: an alert's labels and the receivers it must reach, in order. */
export interface RouteCase {
  name: string;
  labels: Record<string, string>;
  receivers: string[];
}

export const testRoutes: Check = async ({ root, toolsDir }) => {
  const cases = parseRouteCases(await readYaml(root, ROUTE_TESTS));
  if (typeof cases === 'string') return { failures: [`${ROUTE_TESTS}: ${cases}`], checked: ROUTE_TESTS };
  const failures = await Promise.all(
    cases.map(async (routeCase) => {
      const run = await runTool(toolsDir, 'amtool', routeTestArgs(routeCase), root);
      // --verify.receivers makes amtool exit 1 on a mismatch; its output is the receivers it found.
      const found = run.output
        .split('\n')
        .filter((line) => !line.startsWith('Warning:') && !line.startsWith('WARNING:'))
        .join('\n');
      return run.code === 0
        ? []
        : [`"${routeCase.name}": expected receivers ${routeCase.receivers.join(', ')}, amtool says:\n${indent(found)}`];
    }),
  );
  return { failures: failures.flat(), checked: plural(cases.length, 'route case') };
};

function routeTestArgs({ labels, receivers }: RouteCase): string[] {
  // Quoted matcher values, so route="/api/accounts" or instance="app:4101" parse as written.
  const matchers = Object.entries(labels).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return ['config', 'routes', 'test', `--config.file=${ALERTMANAGER_CONFIG}`, `--verify.receivers=${receivers.join(',')}`, ...matchers];
}

/** The cases, or a message saying what is wrong with the file's shape. */
export function parseRouteCases(content: unknown): RouteCase[] | string {
  if (!Array.isArray(content) || content.length === 0) return 'expected a non-empty YAML list of {name, labels, receivers}';
  const cases: RouteCase[] = [];
  for (const [index, item] of content.entries()) {
    const { name, labels, receivers } = (item ?? {}) as Record<string, unknown>;
    const isStringMap = typeof labels === 'object' && labels !== null && Object.values(labels).every((value) => typeof value === 'string');
    const isStringList = Array.isArray(receivers) && receivers.length > 0 && receivers.every((r) => typeof r === 'string');
    if (typeof name !== 'string' || !isStringMap || !isStringList) {
      return `case ${index + 1} needs a name (string), labels (a map of strings) and receivers (a non-empty list of names)`;
    }
    cases.push({ name, labels: labels as Record<string, string>, receivers: receivers });
  }
  return cases;
}
