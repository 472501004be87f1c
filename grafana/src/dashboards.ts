// The dashboards this project provisions, and how each is rendered to the JSON checked in
// under grafana/dashboards/ (which Grafana loads). `npm run dashboards` writes them;
// `npm run check:config` fails when the checked-in files differ from what this renders.
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { httpDashboard } from './http.js';
import { nodeRuntimeDashboard } from './node-runtime.js';
import { overviewDashboard } from './overview.js';
import { sloDashboard } from './slo.js';

export interface DashboardSource {
  /** File name under grafana/dashboards/, named after the dashboard's uid. */
  file: string;
  build: () => Dashboard;
}

export const dashboardSources: readonly DashboardSource[] = [
  { file: 'grapevine-overview.json', build: overviewDashboard },
  { file: 'grapevine-http.json', build: httpDashboard },
  { file: 'grapevine-node-runtime.json', build: nodeRuntimeDashboard },
  { file: 'grapevine-slos.json', build: sloDashboard },
];

/** Stable text: two-space JSON and a final newline, so diffs of the checked-in files stay readable. */
export function renderDashboard(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

/** File name -> rendered JSON, for every dashboard. */
export function renderDashboards(): Map<string, string> {
  return new Map(dashboardSources.map(({ file, build }) => [file, renderDashboard(build())]));
}
