// What every Grapevine dashboard shares: fixed uid, read-only (provisioned from files, so UI
// edits would only drift from the code), a shared crosshair, a link menu to the others, and
// firing alerts drawn as annotations, so the workshop sees NewUserRegistered on the graphs.
import {
  AnnotationQueryBuilder,
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { prometheusDatasource } from './datasource.js';

export const DASHBOARD_TAG = 'grapevine';

export function grapevineDashboard(uid: string, title: string, description: string): DashboardBuilder {
  return (
    new DashboardBuilder(title)
      .uid(uid)
      .description(description)
      .tags([DASHBOARD_TAG])
      .readonly()
      .timezone('browser')
      .tooltip(DashboardCursorSync.Crosshair)
      // The talk's dashboard showed the last 5 minutes; 15 leaves room to see an alert's
      // whole life. Prometheus scrapes every second, so a 5 s refresh keeps the demo live.
      .time({ from: 'now-15m', to: 'now' })
      .refresh('5s')
      .link(
        new DashboardLinkBuilder('Grapevine dashboards')
          .type(DashboardLinkType.Dashboards)
          .tags([DASHBOARD_TAG])
          .asDropdown(true)
          .keepTime(true)
          .includeVars(false)
          .targetBlank(false),
      )
      .annotation(
        new AnnotationQueryBuilder()
          .name('Firing alerts')
          .datasource(prometheusDatasource)
          .enable(true)
          .iconColor('red')
          // Prometheus' own series of its alerts: one per alert, present while it is active.
          .expr('ALERTS{alertstate="firing"}')
          .titleFormat('{{alertname}}')
          .textFormat('severity: {{severity}}')
          .tagKeys('alertname,severity')
          .step('5s')
          .useValueForTime(false),
      )
  );
}

/**
 * The `$job` variable every dashboard offers: the jobs exporting `metric` (one at a time), the
 * app's job `grapevine` picked first. Its queries read `job="$job"`, which tests fill in with
 * that default (grafana/src/queries.ts), as Grafana does on first load.
 */
export function jobVariable(metric: string, description: string): QueryVariableBuilder {
  return new QueryVariableBuilder('job')
    .label('Job')
    .description(description)
    .datasource(prometheusDatasource)
    .query(`label_values(${metric}, job)`)
    .definition(`label_values(${metric}, job)`)
    .current({ text: 'grapevine', value: 'grapevine', selected: true })
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(false)
    .includeAll(false);
}

/**
 * The `$instance` variable every dashboard offers (Grafana's dashboard linter asks for one): one
 * replica of the `$job` job or all of them, read from `metric`, All picked first. With
 * `--scale app=3` each replica has its own address.
 */
export function instanceVariable(metric: string, description: string): QueryVariableBuilder {
  return new QueryVariableBuilder('instance')
    .label('Replica')
    .description(description)
    .datasource(prometheusDatasource)
    .query(`label_values(${metric}{job="$job"}, instance)`)
    .definition(`label_values(${metric}{job="$job"}, instance)`)
    .current({ text: 'All', value: '$__all', selected: true })
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.NaturalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*');
}
