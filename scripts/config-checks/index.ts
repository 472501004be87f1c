// The config checks as a library: `npm run check:config` runs them on this repo, and
// test/config runs them on deliberately broken copies to show each one can fail.
import { checkAlertmanagerConfig, testRoutes } from './alertmanager.js';
import { checkDashboardLint, checkDashboardPromQLSyntax } from './dashboard-lint.js';
import { checkDashboardQueries } from './dashboard-queries.js';
import { checkDashboardDatasources, checkDashboardsUpToDate } from './dashboards.js';
import { checkKubernetes } from './kubernetes.js';
import { checkPrometheusConfig, checkRuleFiles, checkRuleTestCoverage, testRules, testSloRules } from './prometheus-rules.js';
import { checkSlosUpToDate } from './slos.js';
import { DEFAULT_TOOLS_DIR } from './tools.js';
import { checkVersionPins } from './version-pins.js';
import { CHECK_NAMES, type Check, type CheckName, type CheckOutcome, type CheckResult } from './types.js';

export { CHECK_NAMES, type CheckName, type CheckResult } from './types.js';
export { DEFAULT_TOOLS_DIR, ensureTools, PROJECT_ROOT } from './tools.js';

const CHECKS: Record<CheckName, Check> = {
  'promtool check config': checkPrometheusConfig,
  'promtool check rules': checkRuleFiles,
  'SLO rules are up to date': checkSlosUpToDate,
  'promtool test rules': testRules,
  'promtool test rules, generated SLO tests': testSloRules,
  'every alert has a firing and a not-firing test': checkRuleTestCoverage,
  'amtool check-config': checkAlertmanagerConfig,
  'alertmanager route tests': testRoutes,
  'dashboards are up to date': checkDashboardsUpToDate,
  'dashboards use the provisioned datasource': checkDashboardDatasources,
  'dashboard queries parse': checkDashboardQueries,
  'dashboard queries parse with lezer-promql': checkDashboardPromQLSyntax,
  "dashboards follow Grafana's linter rules": checkDashboardLint,
  'version pins agree with versions.env': checkVersionPins,
  'kubernetes objects are generated, valid and round-trip': checkKubernetes,
};

export interface RunOptions {
  /** The project tree to check. */
  root: string;
  /** Where promtool, amtool and prometheus are; default: this repo's .tools/bin. */
  toolsDir?: string;
  /** Run only these checks (default: all, in CHECK_NAMES order). */
  only?: readonly CheckName[];
}

/** Runs the checks concurrently; results come back in CHECK_NAMES order, and never throw. */
export async function runConfigChecks({ root, toolsDir = DEFAULT_TOOLS_DIR, only = CHECK_NAMES }: RunOptions): Promise<CheckResult[]> {
  const names = CHECK_NAMES.filter((name) => only.includes(name));
  return Promise.all(
    names.map(async (name) => {
      const started = performance.now();
      let outcome: CheckOutcome;
      try {
        outcome = await CHECKS[name]({ root, toolsDir });
      } catch (error) {
        outcome = { failures: [error instanceof Error ? error.message : String(error)], checked: 'nothing (it threw)' };
      }
      const { failures, checked } = outcome;
      return { name, ok: failures.length === 0, checked, details: failures.join('\n'), durationMs: performance.now() - started };
    }),
  );
}
