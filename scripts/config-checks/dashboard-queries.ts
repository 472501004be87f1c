// Every PromQL expression in the checked-in dashboards (panels, variables, annotations), with
// Grafana's variables filled in as Grafana would, must parse: each is sent to a real native
// Prometheus' /api/v1/query, which answers 400 "bad_data" for a parse error. And every
// recording rule a dashboard reads (a name with colons) must exist in prometheus/rules, or
// its panel would stay empty forever without any error.
import path from 'node:path';
import { dashboardPromQL, expandVariables, readDashboards } from '../../grafana/src/queries.js';
import { DASHBOARDS_DIR, ruleNames } from './files.js';
import { startNativePrometheus } from './native-prometheus.js';
import { plural, type Check } from './types.js';

export const checkDashboardQueries: Check = async ({ root, toolsDir }) => {
  const dashboards = await readDashboards(path.join(root, DASHBOARDS_DIR));
  const { records } = await ruleNames(root);
  const queries = dashboards.flatMap(({ file, dashboard }) =>
    dashboardPromQL(dashboard).map((query) => ({ ...query, file, promql: expandVariables(query.expr, dashboard) })),
  );
  const checked = plural(queries.length, 'expression');
  if (queries.length === 0) return { failures: [`no queries found in ${DASHBOARDS_DIR}`], checked };

  const failures: string[] = [];
  for (const query of queries) {
    for (const name of recordingRuleNames(query.promql)) {
      if (!records.has(name)) {
        failures.push(`${query.file}: ${query.where} reads ${name}, which no recording rule in prometheus/rules defines`);
      }
    }
  }

  const prometheus = await startNativePrometheus(toolsDir);
  try {
    const answers = await Promise.all(queries.map((query) => parseError(prometheus.url, query.promql)));
    answers.forEach((error, index) => {
      const query = queries[index];
      if (error !== undefined) failures.push(`${query.file}: ${query.where} does not parse: ${error}\n    query: ${query.promql}`);
    });
  } finally {
    await prometheus.stop();
  }
  return { failures, checked };
};

/** Prometheus' error for the expression, or undefined when it was accepted. */
async function parseError(url: string, promql: string): Promise<string | undefined> {
  const response = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: promql }),
  });
  const body = (await response.json()) as { status: string; errorType?: string; error?: string };
  return body.status === 'success' ? undefined : `${body.errorType ?? response.status}: ${body.error ?? 'no message'}`;
}

/**
 * Metric names with a colon, which by the naming convention are recording rules. String
 * literals are dropped first, so label values such as "10.0.0.5:4101" are not mistaken for one.
 */
export function recordingRuleNames(promql: string): string[] {
  const withoutStrings = promql.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  return [...withoutStrings.matchAll(/(?<![\w:.])[A-Za-z_][A-Za-z0-9_]*:[A-Za-z0-9_:]*/g)].map((match) => match[0]);
}
