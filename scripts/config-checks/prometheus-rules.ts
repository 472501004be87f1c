// Checks of prometheus/: the config and rule files through promtool, the promtool rule tests,
// and that those tests cover every alert both ways.
import path from 'node:path';
import {
  listFiles,
  periodRuleFiles,
  PROMETHEUS_CONFIG,
  PROMETHEUS_HA_CONFIG,
  readYaml,
  RULE_TESTS_DIR,
  RULES_DIR,
  ruleNames,
} from './files.js';
import { failureOf, runTool } from './run-tool.js';
import { plural, type Check } from './types.js';

// --lint-fatal: promtool's lints (duplicate rules) are mistakes here, not style.
export const checkPrometheusConfig: Check = async ({ root, toolsDir }) => ({
  failures: failureOf(
    await runTool(toolsDir, 'promtool', ['check', 'config', '--lint-fatal', PROMETHEUS_CONFIG, PROMETHEUS_HA_CONFIG], root),
    `promtool check config ${PROMETHEUS_CONFIG} ${PROMETHEUS_HA_CONFIG}`,
  ),
  checked: `${PROMETHEUS_CONFIG}, ${PROMETHEUS_HA_CONFIG}`,
});

// The SLO rules of the other periods (prometheus/slo-rules) are checked with the rest.
export const checkRuleFiles: Check = async ({ root, toolsDir }) => {
  const files = [...(await listFiles(root, RULES_DIR, '.yml')), ...(await periodRuleFiles(root, { tests: false }))];
  const checked = plural(files.length, 'rule file');
  if (files.length === 0) return { failures: [`no rule files in ${RULES_DIR}`], checked };
  return {
    failures: failureOf(await runTool(toolsDir, 'promtool', ['check', 'rules', '--lint-fatal', ...files], root), 'promtool check rules'),
    checked,
  };
};

export const testRules: Check = async ({ root, toolsDir }) => {
  const files = (await listFiles(root, RULE_TESTS_DIR, '.yml')).filter((file) => !isSloTest(file));
  const checked = plural(files.length, 'test file');
  if (files.length === 0) return { failures: [`no promtool test files in ${RULE_TESTS_DIR}`], checked };
  return {
    failures: failureOf(await runTool(toolsDir, 'promtool', ['test', 'rules', ...files], root), `promtool test rules ${files.join(' ')}`),
    checked,
  };
};

/**
 * The tests `npm run slos` generates: the 30-day set's in prometheus/tests, the other periods' beside
 * their rules. They replay days of history and take most of check:config's time, so they are a check
 * of their own (the broken-tree tests of the hand-written rules need not wait for them), with one
 * promtool per file, side by side.
 */
export const testSloRules: Check = async ({ root, toolsDir }) => {
  const files = [...(await listFiles(root, RULE_TESTS_DIR, '.yml')).filter(isSloTest), ...(await periodRuleFiles(root, { tests: true }))];
  const checked = plural(files.length, 'test file');
  if (files.length === 0) return { failures: ['no generated SLO test files (run `npm run slos`)'], checked };
  const runs = await Promise.all(
    files.map(async (file) => failureOf(await runTool(toolsDir, 'promtool', ['test', 'rules', file], root), `promtool test rules ${file}`)),
  );
  return { failures: runs.flat(), checked };
};

function isSloTest(file: string): boolean {
  return path.basename(file).startsWith('slo-');
}

interface RuleTestFile {
  tests?: Array<{ alert_rule_test?: Array<{ alertname?: string; exp_alerts?: unknown[] | null }> }>;
}

/**
 * promtool passes a test file that never mentions an alert; this makes sure each alert has a
 * case where it fires and one where it does not, and that each rule file X.yml has its own
 * test file X.test.yml (the node-mixin layout).
 */
export const checkRuleTestCoverage: Check = async ({ root }) => {
  const failures: string[] = [];
  const testFiles = await listFiles(root, RULE_TESTS_DIR, '.yml');
  for (const ruleFile of await listFiles(root, RULES_DIR, '.yml')) {
    const expected = `${RULE_TESTS_DIR}/${path.basename(ruleFile, '.yml')}.test.yml`;
    if (!testFiles.includes(expected)) failures.push(`${ruleFile} has no test file ${expected}`);
  }
  const firing = new Set<string>();
  const quiet = new Set<string>();
  for (const file of testFiles) {
    const content = (await readYaml(root, file)) as RuleTestFile | null;
    for (const test of content?.tests ?? []) {
      for (const { alertname, exp_alerts } of test.alert_rule_test ?? []) {
        if (!alertname) continue;
        ((exp_alerts ?? []).length > 0 ? firing : quiet).add(alertname);
      }
    }
  }
  const { alerts } = await ruleNames(root);
  for (const [alert, file] of alerts) {
    if (!firing.has(alert)) failures.push(`${alert} (${file}) has no promtool case where it fires`);
    if (!quiet.has(alert)) failures.push(`${alert} (${file}) has no promtool case where it does not fire (exp_alerts: [])`);
  }
  return { failures, checked: plural(alerts.size, 'alert') };
};
