import path from 'node:path';
import { expandVariables, panelQueries, readDashboards } from '../../../grafana/src/queries.js';
import { projectRoot } from '../../../scripts/stack/compose.js';

export interface DashboardQuery {
  uid: string;
  dashboard: string;
  panel: string;
  /** Ready to send to Prometheus: Grafana's variables filled in as Grafana would. */
  expr: string;
}

/** Every panel query of the checked-in dashboards (what Grafana really loads). */
export async function dashboardQueries(): Promise<DashboardQuery[]> {
  const files = await readDashboards(path.join(projectRoot, 'grafana/dashboards'));
  return files.flatMap(({ dashboard }) =>
    panelQueries(dashboard).map((query) => ({
      uid: dashboard.uid,
      dashboard: dashboard.title,
      panel: query.panelTitle,
      expr: expandVariables(query.expr, dashboard),
    })),
  );
}
