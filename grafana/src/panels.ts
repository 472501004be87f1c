// The few panel shapes the dashboards use, so each dashboard file reads as a list of
// questions and queries rather than builder plumbing. Every panel gets the datasource by uid.
import type { Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import {
  type Dashboard,
  type Panel,
  type RowPanel,
  type Threshold,
  ThresholdsConfigBuilder,
  ThresholdsMode,
} from '@grafana/grafana-foundation-sdk/dashboard';
import {
  AxisPlacement,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueTextMode,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import { PanelBuilder as GaugePanelBuilder } from '@grafana/grafana-foundation-sdk/gauge';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { prometheusDatasource } from './datasource.js';

export interface PanelSpec {
  title: string;
  /** Shown in the panel's (i) tooltip: what the panel answers, for someone new to it. */
  description: string;
  /** A Grafana unit id: `short`, `s`, `bytes`, `percentunit`, `reqps`, ... */
  unit: string;
  queries: Builder<Dataquery>[];
  /** Grid width out of 24 (default 12) and height in grid rows (default 8). */
  width?: number;
  height?: number;
  /** A line drawn at this value (time series) or the value that turns the stat red. */
  threshold?: number;
}

/** A time series with a table-free legend at the bottom and a shared tooltip. */
export function timeSeries(spec: PanelSpec & { rightAxisRefIds?: string[] }): TimeseriesPanelBuilder {
  const panel = new TimeseriesPanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(prometheusDatasource)
    .targets(spec.queries)
    .unit(spec.unit)
    .min(0)
    .span(spec.width ?? 12)
    .height(spec.height ?? 8)
    .fillOpacity(10)
    .lineWidth(1)
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).calcs([]))
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending));
  if (spec.threshold !== undefined) {
    panel
      .thresholds(redAbove(spec.threshold))
      .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
  }
  for (const refId of spec.rightAxisRefIds ?? []) {
    panel.overrideByQuery(refId, [
      { id: 'custom.axisPlacement', value: AxisPlacement.Right },
      { id: 'unit', value: 'short' },
    ]);
  }
  return panel;
}

/**
 * One big number (the last value) with a sparkline behind it; `nameOnly` shows the series'
 * legend instead (for info metrics such as a version, whose value is always 1).
 */
export function stat(spec: PanelSpec & { nameOnly?: boolean }): StatPanelBuilder {
  return new StatPanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(prometheusDatasource)
    .targets(spec.queries)
    .unit(spec.unit)
    .span(spec.width ?? 6)
    .height(spec.height ?? 4)
    .graphMode(spec.nameOnly ? BigValueGraphMode.None : BigValueGraphMode.Area)
    .textMode(spec.nameOnly ? BigValueTextMode.Name : BigValueTextMode.Auto)
    .colorMode(BigValueColorMode.Value)
    .reduceOptions(lastValue())
    .thresholds(spec.threshold === undefined ? neutral() : redAbove(spec.threshold));
}

/** The talk's gauges: a dial showing the last value. */
export function gauge(spec: PanelSpec & { max?: number }): GaugePanelBuilder {
  const panel = new GaugePanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(prometheusDatasource)
    .targets(spec.queries)
    .unit(spec.unit)
    .min(0)
    .span(spec.width ?? 6)
    .height(spec.height ?? 6)
    .reduceOptions(lastValue())
    .thresholds(spec.threshold === undefined ? neutral() : redAbove(spec.threshold));
  return spec.max === undefined ? panel : panel.max(spec.max);
}

/**
 * The SDK leaves panel ids unset (rows get 0). Grafana needs unique ids for links such as
 * `?viewPanel=3`, and stable ones keep the checked-in JSON stable: number them in order.
 */
export function numberPanels(dashboard: Dashboard): Dashboard {
  let next = 1;
  const visit = (panels: Array<Panel | RowPanel>) => {
    for (const panel of panels) {
      panel.id = next++;
      if (panel.type === 'row') visit((panel as RowPanel).panels);
    }
  };
  visit(dashboard.panels ?? []);
  return dashboard;
}

function lastValue(): ReduceDataOptionsBuilder {
  return new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);
}

function neutral(): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([{ value: null, color: 'blue' }]);
}

function redAbove(value: number): ThresholdsConfigBuilder {
  const steps: Threshold[] = [
    { value: null, color: 'green' },
    { value, color: 'red' },
  ];
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps);
}
