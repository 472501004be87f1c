// Reads the checked-in dashboard JSON (what Grafana really loads, not the builders) and lists
// every PromQL query in it, with Grafana's variables filled in, so tests can run each one
// against a real Prometheus: the config check parses them, integration tests want data back.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The parts of Grafana's dashboard JSON model read here. */
export interface DashboardJson {
  uid: string;
  title: string;
  panels?: PanelJson[];
  templating?: { list?: VariableJson[] };
  annotations?: { list?: AnnotationJson[] };
}

interface AnnotationJson {
  name: string;
  expr?: string;
  datasource?: DatasourceJson | null;
}

interface DatasourceJson {
  type?: string;
  uid?: string;
}

interface PanelJson {
  id?: number;
  type: string;
  title?: string;
  datasource?: DatasourceJson | null;
  targets?: Array<{ refId?: string; expr?: string; datasource?: DatasourceJson | null }>;
  panels?: PanelJson[];
}

interface VariableJson {
  name: string;
  type: string;
  query?: string | { query?: string };
  datasource?: DatasourceJson | null;
  current?: { value?: string | string[] };
  allValue?: string | null;
}

export interface PanelQuery {
  dashboardUid: string;
  panelId: number | undefined;
  panelTitle: string;
  refId: string;
  /** The target's datasource, or else the panel's. */
  datasourceUid: string | undefined;
  /** As written in the dashboard, with `$job`, `$__rate_interval` and the like. */
  expr: string;
}

export interface VariableQuery {
  dashboardUid: string;
  name: string;
  datasourceUid: string | undefined;
  /** The variable's query as written, e.g. `label_values(up{job="grapevine"}, instance)`. */
  query: string;
}

/** Any PromQL a dashboard sends: panel targets, variable queries, annotation queries. */
export interface DashboardPromQL {
  dashboardUid: string;
  /** Where it is, for error messages: `panel "Heap" (B)`, `variable job`, `annotation "Firing alerts"`. */
  where: string;
  datasourceUid: string | undefined;
  /** As written in the dashboard, Grafana variables and all. */
  expr: string;
}

export interface DashboardFile {
  file: string;
  dashboard: DashboardJson;
}

/**
 * Grafana's built-in interval variables, with the values Grafana sends for the dashboards'
 * default 15-minute window at the datasource's 1 s scrape interval (`timeInterval`):
 * $__interval is about range / panel width, and $__rate_interval is
 * max($__interval + scrape interval, 4 x scrape interval).
 */
export const DEFAULT_BUILTINS: Readonly<Record<string, string>> = {
  __interval: '1s',
  __interval_ms: '1000',
  __rate_interval: '4s',
  __range: '15m',
  __range_s: '900',
  __range_ms: '900000',
};

/** Every dashboard JSON file in `dir` (grafana/dashboards), sorted by file name. */
export async function readDashboards(dir: string): Promise<DashboardFile[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({ file, dashboard: JSON.parse(await readFile(path.join(dir, file), 'utf8')) as DashboardJson })),
  );
}

/** Every panel, rows and the panels nested in collapsed rows included, in dashboard order. */
function allPanels(dashboard: DashboardJson): PanelJson[] {
  const flatten = (panels: PanelJson[]): PanelJson[] => panels.flatMap((panel) => [panel, ...flatten(panel.panels ?? [])]);
  return flatten(dashboard.panels ?? []);
}

/** Every target of every panel. */
export function panelQueries(dashboard: DashboardJson): PanelQuery[] {
  return allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? [])
      .filter((target) => target.expr !== undefined)
      .map((target) => ({
        dashboardUid: dashboard.uid,
        panelId: panel.id,
        panelTitle: panel.title ?? '(untitled)',
        refId: target.refId ?? '?',
        datasourceUid: (target.datasource ?? panel.datasource)?.uid,
        expr: target.expr ?? '',
      })),
  );
}

/** The panels that show data (rows excluded), with their own datasource, for datasource checks. */
export function dataPanels(dashboard: DashboardJson): Array<{ title: string; datasourceUid: string | undefined }> {
  return allPanels(dashboard)
    .filter((panel) => panel.type !== 'row')
    .map((panel) => ({ title: panel.title ?? '(untitled)', datasourceUid: panel.datasource?.uid }));
}

/** The query of every `query` variable (the ones that ask Prometheus for their options). */
export function variableQueries(dashboard: DashboardJson): VariableQuery[] {
  return (dashboard.templating?.list ?? [])
    .filter((variable) => variable.type === 'query')
    .map((variable) => ({
      dashboardUid: dashboard.uid,
      name: variable.name,
      datasourceUid: variable.datasource?.uid,
      query: typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? ''),
    }));
}

/** Every PromQL expression of the dashboard: panels, then variables, then annotations. */
export function dashboardPromQL(dashboard: DashboardJson): DashboardPromQL[] {
  const fromPanels = panelQueries(dashboard).map((q) => ({
    dashboardUid: q.dashboardUid,
    where: `panel "${q.panelTitle}" (${q.refId})`,
    datasourceUid: q.datasourceUid,
    expr: q.expr,
  }));
  const fromVariables = variableQueries(dashboard).map((v) => ({
    dashboardUid: v.dashboardUid,
    where: `variable ${v.name}`,
    datasourceUid: v.datasourceUid,
    // A query form with no PromQL in it is kept whole: it then fails to parse, which is
    // right, since these dashboards only use the two forms variablePromQL understands.
    expr: variablePromQL(v.query) ?? v.query,
  }));
  const fromAnnotations = (dashboard.annotations?.list ?? [])
    .filter((annotation) => annotation.expr !== undefined)
    .map((annotation) => ({
      dashboardUid: dashboard.uid,
      where: `annotation "${annotation.name}"`,
      datasourceUid: annotation.datasource?.uid,
      expr: annotation.expr ?? '',
    }));
  return [...fromPanels, ...fromVariables, ...fromAnnotations];
}

/**
 * The PromQL inside a Prometheus variable query: the selector of `label_values(selector, label)`,
 * the expression of `query_result(expr)`. Undefined for forms without one (`label_values(label)`).
 */
export function variablePromQL(query: string): string | undefined {
  const labelValues = /^\s*label_values\(\s*(.+)\s*,\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*$/s.exec(query);
  if (labelValues) return labelValues[1];
  const queryResult = /^\s*query_result\(\s*(.+)\s*\)\s*$/s.exec(query);
  return queryResult ? queryResult[1] : undefined;
}

/**
 * Fills in Grafana's variables the way Grafana would before sending a query: built-ins from
 * `builtins`, dashboard variables with their default value (an "All" selection becomes its
 * allValue, or `.*`). `$name`, `${name}`, `${name:format}` and `[[name]]` are understood. An
 * unknown variable is left as it is, so the query fails to parse and the typo is found.
 */
export function expandVariables(
  expr: string,
  dashboard: DashboardJson,
  builtins: Readonly<Record<string, string>> = DEFAULT_BUILTINS,
): string {
  const values = new Map(Object.entries(builtins));
  for (const variable of dashboard.templating?.list ?? []) {
    values.set(variable.name, defaultValue(variable));
  }
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g, (match, braced?: string, bracketed?: string, bare?: string) => {
    const name = braced ?? bracketed ?? bare ?? '';
    return values.get(name) ?? match;
  });
}

function defaultValue(variable: VariableJson): string {
  const value = variable.current?.value;
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  if (values.includes('$__all')) return variable.allValue ?? '.*';
  return values.length === 1 ? values[0] : `(${values.join('|')})`;
}
