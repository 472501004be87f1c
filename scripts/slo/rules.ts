// The Prometheus rules of one SLO spec for one period, as Sloth generates them (rule names,
// labels, expressions and groups: recordings of the SLI per window, the SLO's meta recordings,
// then its page and ticket alerts). The one deliberate difference: each alert gets a `for:`
// (windows.ts says why), unless `withFor` is off, which the comparison with Sloth's own output uses.
import type { AlertSpec, ServiceSpec, SloSpec } from './spec.js';
import { promDuration, sliWindows, type Period, type Severity } from './windows.js';

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: Array<RecordingRule | AlertingRule>;
}

export interface GenerateOptions {
  /** Sloth's `--extra-labels`: added to every recording rule. */
  extraLabels?: Record<string, string>;
  /** The `sloth_version` of sloth_slo_info. */
  version?: string;
  /** Give each alert the period's `for:` (default true). */
  withFor?: boolean;
}

export const GENERATOR_VERSION = 'grapevine-observatory';

/** The SLI's error ratio over `window`, recorded per window: slo:sli_error:ratio_rate5m. */
export const sliErrorRecord = (window: string): string => `slo:sli_error:ratio_rate${window}`;

export function sloId(service: string, slo: SloSpec): string {
  return `${service}-${slo.name}`;
}

export function generateRuleGroups(spec: ServiceSpec, period: Period, options: GenerateOptions = {}): RuleGroup[] {
  return spec.slos.flatMap((slo) => sloGroups(spec, slo, period, options));
}

function sloGroups(spec: ServiceSpec, slo: SloSpec, period: Period, options: GenerateOptions): RuleGroup[] {
  const id = sloId(spec.service, slo);
  const identity = { sloth_id: id, sloth_service: spec.service, sloth_slo: slo.name };
  const selector = `{sloth_id="${id}", sloth_service="${spec.service}", sloth_slo="${slo.name}"}`;
  const common = sorted({ ...spec.labels, ...slo.labels, ...options.extraLabels, ...identity });
  const windows = sliWindows(period).map(promDuration);
  const shortest = windows[0];
  const periodWindow = promDuration(period.period);

  const sliRules: RecordingRule[] = windows.map((window) => ({
    record: sliErrorRecord(window),
    expr: sliExpression(slo, window),
    labels: sorted({ ...common, sloth_window: window }),
  }));
  sliRules.push({
    record: sliErrorRecord(periodWindow),
    expr:
      `sum_over_time(${sliErrorRecord(shortest)}${selector}[${periodWindow}])\n` +
      '/ ignoring (sloth_window)\n' +
      `count_over_time(${sliErrorRecord(shortest)}${selector}[${periodWindow}])\n`,
    labels: sorted({ ...common, sloth_window: periodWindow }),
  });

  const objective = slo.objective / 100;
  const metaRules: RecordingRule[] = [
    { record: 'slo:objective:ratio', expr: `vector(${objective})`, labels: common },
    { record: 'slo:error_budget:ratio', expr: `vector(1-${objective})`, labels: common },
    { record: 'slo:time_period:days', expr: `vector(${period.days})`, labels: common },
    {
      record: 'slo:current_burn_rate:ratio',
      expr: `${sliErrorRecord(shortest)}${selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}\n`,
      labels: common,
    },
    {
      record: 'slo:period_burn_rate:ratio',
      expr: `${sliErrorRecord(periodWindow)}${selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}\n`,
      labels: common,
    },
    { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio${selector}`, labels: common },
    {
      record: 'sloth_slo_info',
      expr: 'vector(1)',
      labels: sorted({
        ...common,
        sloth_mode: 'cli-gen-prom',
        sloth_objective: String(slo.objective),
        sloth_spec: 'prometheus/v1',
        sloth_version: options.version ?? GENERATOR_VERSION,
      }),
    },
  ];

  const alertRules: AlertingRule[] = (['page', 'ticket'] as const)
    .filter((severity) => !alertSpec(slo, severity).disable)
    .map((severity) => alertRule(slo, severity, selector, period, options.withFor ?? true));

  const groups: RuleGroup[] = [
    { name: `sloth-slo-sli-recordings-${id}`, rules: sliRules },
    { name: `sloth-slo-meta-recordings-${id}`, rules: metaRules },
  ];
  if (alertRules.length > 0) groups.push({ name: `sloth-slo-alerts-${id}`, rules: alertRules });
  return groups;
}

/** The error budget as Sloth writes it in alert thresholds: (100 - objective) / 100. */
export function errorBudget(slo: SloSpec): number {
  return (100 - slo.objective) / 100;
}

function sliExpression(slo: SloSpec, window: string): string {
  const fill = (query: string) => query.replaceAll('{{.window}}', window);
  if ('raw' in slo.sli) return `${fill(slo.sli.raw.errorRatioQuery)}\n`;
  return `(${fill(slo.sli.events.errorQuery)})\n/\n(${fill(slo.sli.events.totalQuery)})\n`;
}

function alertSpec(slo: SloSpec, severity: Severity): AlertSpec {
  return severity === 'page' ? slo.alerting.page : slo.alerting.ticket;
}

function alertRule(slo: SloSpec, severity: Severity, selector: string, period: Period, withFor: boolean): AlertingRule {
  const budget = errorBudget(slo);
  const { conditions, forSeconds } = period.alerts[severity];
  const over = (window: number, factor: number) =>
    `    max(${sliErrorRecord(promDuration(window))}${selector} > (${factor} * ${budget})) without (sloth_window)\n`;
  const expr = conditions
    .map(({ factor, shortWindow, longWindow }) => `(\n${over(shortWindow, factor)}    and\n${over(longWindow, factor)})\n`)
    .join('or\n');
  const specific = alertSpec(slo, severity);
  const rule: AlertingRule = {
    alert: slo.alerting.name,
    expr,
    labels: sorted({ ...slo.alerting.labels, ...specific.labels, sloth_severity: severity }),
    annotations: sorted({
      title: `(${severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
      summary: '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.',
      ...slo.alerting.annotations,
      ...specific.annotations,
    }),
  };
  if (!withFor) return rule;
  return { alert: rule.alert, expr: rule.expr, for: promDuration(forSeconds), labels: rule.labels, annotations: rule.annotations };
}

function sorted(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
