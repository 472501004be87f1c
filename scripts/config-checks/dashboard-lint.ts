// Dashboards checked as Grafana would see them, on the checked-in JSON (what Grafana loads):
// - every PromQL query (panels, variables, annotations) parsed by the Prometheus project's own
//   parser for its UI, @prometheus-io/lezer-promql, after filling in Grafana's variables;
// - the rules of Grafana's dashboard linter (github.com/grafana/dashboard-linter), as this project
//   keeps them: job and instance template variables, a unit on every panel that shows numbers,
//   a title and a description on every panel, $__rate_interval in rate(), irate() and increase(),
//   no Angular (deprecated) panel types, unique panel ids, no overlapping panels. The linter's
//   datasource rule (a $datasource variable) is replaced by this project's rule, a fixed uid,
//   which "dashboards use the provisioned datasource" checks.
import { parser } from '@prometheus-io/lezer-promql';
import path from 'node:path';
import { dashboardPromQL, DEFAULT_BUILTINS, expandVariables, readDashboards, type DashboardJson } from '../../grafana/src/queries.js';
import { DASHBOARDS_DIR } from './files.js';
import { GRAFANA_UNITS } from './grafana-units.js';
import { plural, type Check } from './types.js';

export const checkDashboardPromQLSyntax: Check = async ({ root }) => {
  const failures: string[] = [];
  let count = 0;
  for (const { file, dashboard } of await readDashboards(path.join(root, DASHBOARDS_DIR))) {
    for (const query of dashboardPromQL(dashboard)) {
      count++;
      const promql = expandVariables(query.expr, dashboard);
      const error = syntaxError(promql);
      if (error) failures.push(`${DASHBOARDS_DIR}/${file}: dashboard "${dashboard.title}", ${query.where}: ${error}\n    query: ${promql}`);
    }
  }
  return { failures, checked: plural(count, 'expression') };
};

/** Where the parser first fails, or undefined when the whole expression parses. */
export function syntaxError(promql: string): string | undefined {
  if (promql.trim() === '') return 'empty query';
  let at: number | undefined;
  parser.parse(promql).iterate({
    enter: (node) => {
      if (at === undefined && node.type.isError) at = node.from;
      return at === undefined;
    },
  });
  if (at === undefined) return undefined;
  const near = promql.slice(Math.max(0, at - 20), at + 20);
  return `syntax error at character ${at + 1} (near ${JSON.stringify(near)})`;
}

/** What the lint rules read of a panel. */
interface LintPanel {
  id?: number;
  type: string;
  title?: string;
  description?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  fieldConfig?: { defaults?: { unit?: string }; overrides?: Array<{ properties?: Array<{ id: string; value?: unknown }> }> };
  panels?: LintPanel[];
}

/** React panels Grafana ships; anything else is a plugin or one of the Angular panels Grafana 11 removed. */
const CORE_PANELS = new Set([
  ...['row', 'timeseries', 'stat', 'gauge', 'bargauge', 'table', 'text', 'heatmap', 'histogram', 'piechart', 'barchart'],
  ...['state-timeline', 'status-history', 'logs', 'nodeGraph', 'traces', 'flamegraph', 'geomap', 'canvas', 'xychart'],
  ...['candlestick', 'trend', 'alertlist', 'dashlist', 'news', 'annolist', 'datagrid'],
]);
const ANGULAR_PANELS = new Set([
  'graph',
  'singlestat',
  'table-old',
  'grafana-singlestat-panel',
  'grafana-piechart-panel',
  'grafana-worldmap-panel',
]);
/** Panels that show numbers, so need a unit (the linter's list, with today's names). */
const NUMERIC_PANELS = new Set(['stat', 'singlestat', 'graph', 'table', 'timeseries', 'gauge', 'bargauge']);
/** The linter's rule puts $__rate_interval in rate() and irate(); increase() over a fixed window hides gaps the same way. */
const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
// Filled in for $__rate_interval before parsing, so a range written as a literal stands out.
const RATE_INTERVAL_MARK = '8869990787ms';
const GRID_COLUMNS = 24;

export const checkDashboardLint: Check = async ({ root }) => {
  const dashboards = await readDashboards(path.join(root, DASHBOARDS_DIR));
  const failures = dashboards.flatMap(({ file, dashboard }) =>
    lintDashboard(dashboard).map((problem) => `${DASHBOARDS_DIR}/${file}: ${problem}`),
  );
  return { failures, checked: plural(dashboards.length, 'dashboard') };
};

/** Every rule broken by one dashboard, each naming the dashboard and the panel. */
export function lintDashboard(dashboard: DashboardJson): string[] {
  const where = `dashboard "${dashboard.title}"`;
  const top = (dashboard.panels ?? []) as LintPanel[];
  const all = top.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  return [
    ...templateVariables(dashboard, where),
    ...all.flatMap((panel) => panelRules(panel, where)),
    ...rateIntervals(dashboard, where),
    ...uniqueIds(all, where),
    ...overlaps(top, where),
  ];
}

function templateVariables(dashboard: DashboardJson, where: string): string[] {
  const variables = dashboard.templating?.list ?? [];
  const queries = dashboardPromQL(dashboard).map((q) => q.expr);
  return ['job', 'instance'].flatMap((name) => {
    const variable = variables.find((v) => v.name === name);
    if (!variable) return [`${where} has no $${name} template variable`];
    if (variable.type !== 'query') return [`${where}: the $${name} variable is a ${variable.type} variable, not a query of the datasource`];
    const used = queries.some((expr) => new RegExp(`\\$(?:\\{)?${name}\\b`).test(expr));
    return used ? [] : [`${where}: no query uses the $${name} variable, so choosing one changes nothing`];
  });
}

function panelRules(panel: LintPanel, where: string): string[] {
  const at = `${where}, panel "${panel.title ?? ''}"${panel.id === undefined ? '' : ` (id ${panel.id})`}`;
  const problems: string[] = [];
  if (!panel.title?.trim()) problems.push(`${at} has no title`);
  if (ANGULAR_PANELS.has(panel.type)) problems.push(`${at} is an Angular panel ("${panel.type}"), which Grafana no longer runs`);
  else if (!CORE_PANELS.has(panel.type)) problems.push(`${at} has the type "${panel.type}", which is no core Grafana panel`);
  if (panel.type === 'row') return problems;
  if (!panel.description?.trim()) problems.push(`${at} has no description`);
  if (NUMERIC_PANELS.has(panel.type)) {
    const override = panel.fieldConfig?.overrides?.flatMap((o) => o.properties ?? []).find((p) => p.id === 'unit')?.value;
    const unit = panel.fieldConfig?.defaults?.unit;
    if (unit === undefined || unit === '') problems.push(`${at} has no unit`);
    else if (!GRAFANA_UNITS.has(unit)) problems.push(`${at} has the unit "${unit}", which Grafana does not know`);
    if (typeof override === 'string' && !GRAFANA_UNITS.has(override))
      problems.push(`${at} overrides the unit with "${override}", which Grafana does not know`);
  }
  return problems;
}

function rateIntervals(dashboard: DashboardJson, where: string): string[] {
  const builtins = { ...DEFAULT_BUILTINS, __rate_interval: RATE_INTERVAL_MARK };
  return dashboardPromQL(dashboard).flatMap((query) => {
    const promql = expandVariables(query.expr, dashboard, builtins);
    const problems: string[] = [];
    parser.parse(promql).iterate({
      enter: (node) => {
        if (node.name !== 'FunctionCall') return true;
        const name = node.node.getChild('FunctionIdentifier');
        const fn = name ? promql.slice(name.from, name.to) : '';
        const range = node.node.getChild('FunctionCallBody')?.getChild('MatrixSelector')?.getChild('DurationExpr');
        if (RATE_FUNCTIONS.has(fn) && range && promql.slice(range.from, range.to) !== RATE_INTERVAL_MARK) {
          problems.push(`${where}, ${query.where}: ${fn}() over [${promql.slice(range.from, range.to)}] should use [$__rate_interval]`);
        }
        return true;
      },
    });
    return problems;
  });
}

function uniqueIds(panels: LintPanel[], where: string): string[] {
  const seen = new Map<number, string>();
  const problems: string[] = [];
  for (const panel of panels) {
    if (panel.id === undefined) {
      problems.push(`${where}, panel "${panel.title ?? ''}" has no id`);
      continue;
    }
    const other = seen.get(panel.id);
    if (other !== undefined) problems.push(`${where}: panels "${other}" and "${panel.title ?? ''}" share the id ${panel.id}`);
    else seen.set(panel.id, panel.title ?? '');
  }
  return problems;
}

/** Top-level panels (rows included) must not overlap or leave the 24-column grid. */
function overlaps(panels: LintPanel[], where: string): string[] {
  const problems: string[] = [];
  panels.forEach((panel, index) => {
    const a = panel.gridPos;
    const name = `panel "${panel.title ?? ''}"`;
    if (!a) {
      problems.push(`${where}, ${name} has no gridPos`);
      return;
    }
    if (a.x < 0 || a.w <= 0 || a.h <= 0 || a.x + a.w > GRID_COLUMNS)
      problems.push(`${where}, ${name} does not fit the 24-column grid: ${JSON.stringify(a)}`);
    for (const other of panels.slice(index + 1)) {
      const b = other.gridPos;
      if (b && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) {
        problems.push(`${where}: ${name} and panel "${other.title ?? ''}" overlap (${JSON.stringify(a)}, ${JSON.stringify(b)})`);
      }
    }
  });
  return problems;
}
