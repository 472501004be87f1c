import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "./stack.js";

export interface DashboardQuery {
  uid: string;
  dashboard: string;
  panel: string;
  expr: string;
}

interface Panel {
  title?: string;
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}

/**
 * Every panel query in the checked-in dashboards, with Grafana's interval variables
 * replaced by what Grafana would send for a short range at a 1 s scrape interval.
 */
export function dashboardQueries(): DashboardQuery[] {
  const dir = path.join(projectRoot, "grafana/dashboards");
  const queries: DashboardQuery[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const dashboard = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as { uid: string; title: string; panels: Panel[] };
    const walk = (panels: Panel[]) => {
      for (const panel of panels) {
        for (const target of panel.targets ?? []) {
          if (!target.expr) continue;
          const expr = target.expr
            .replaceAll("$__rate_interval", "1m")
            .replaceAll("$__interval", "15s")
            .replaceAll("$__range", "5m");
          queries.push({ uid: dashboard.uid, dashboard: dashboard.title, panel: panel.title ?? "(untitled)", expr });
        }
        walk(panel.panels ?? []);
      }
    };
    walk(dashboard.panels);
  }
  return queries;
}
