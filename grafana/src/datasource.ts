// Every panel and every query names the datasource by the fixed uid that
// grafana/provisioning/datasources/prometheus.yml gives it, never by name: a renamed
// datasource, or a Grafana where it was created by hand, then fails loudly instead of
// silently binding to whatever is the default.
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';

export const PROMETHEUS_UID = 'prometheus';

export const prometheusDatasource: DataSourceRef = { type: 'prometheus', uid: PROMETHEUS_UID };

/** A range query on the Prometheus datasource; `legend` uses Grafana's `{{label}}` syntax. */
export function promQuery(refId: string, expr: string, legend?: string): DataqueryBuilder {
  const query = new DataqueryBuilder().datasource(prometheusDatasource).refId(refId).expr(expr).range();
  return legend === undefined ? query : query.legendFormat(legend);
}
