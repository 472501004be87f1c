// promtool tests for the rules of rules.ts, generated from the same spec and period, so every
// burn-rate alert is tested wherever its factors or windows are:
// - for each condition (factor over a long and a short window): a burn just above the factor has not
//   fired halfway through the long window, and fires once it has filled and `for` has passed; just
//   below, nothing fires;
// - a spike that only the short windows see (they go over the page factor) pages nobody;
// - the budget left over the period: all of it with no errors, half at half the budget's rate,
//   minus the whole budget at twice its rate, and half after an idle stretch with no events at all
//   (0/0 in every window: an SLI that reads NaN there poisons the period's ratio for the whole period).
// Traffic starts with a clean stretch (the shortest that gives the case its meaning, see
// withShortestBaseline), so the windows hold a history. The tests feed the app's raw series (grapevine.test-inputs.yml), so they cover
// the SLI queries too. Which alerts fire is predicted from the windows' error ratios; a case whose
// prediction lies within 3% of a threshold is refused, so no test depends on rate() extrapolation.
import { errorBudget, sloId, type AlertingRule, type RuleGroup } from './rules.js';
import type { ServiceSpec, SloSpec } from './spec.js';
import { promDuration, sliWindows, type BurnCondition, type Period, type Severity } from './windows.js';

/** Per SLO: the raw series its SLI reads, each growing by these amounts per good and bad event. */
export type TestInputs = Record<
  string,
  Array<{ series: string; per_good_event: number; per_bad_event: number; created_by_first_event?: boolean }>
>;

/** Events per input step: enough that the smallest bad share is a whole-ish number of events. */
const EVENTS_PER_STEP = 100;
const ABOVE = 1.05;
const BELOW = 0.9;
const SAFETY_MARGIN = 0.03;
const LOOKBACK_SECONDS = 300;

interface Phase {
  seconds: number;
  /** Share of the events that are bad. */
  ratio: number;
  /** No events at all: the counters stand still, as on a fresh stack before its first request. */
  idle?: boolean;
}

interface Timing {
  /** Input series step and rule evaluation interval, seconds. */
  step: number;
  evaluation: number;
  /** The longest clean stretch a case may start with: the longest alert window. */
  baseline: number;
}

export function generateRuleTests(
  spec: ServiceSpec,
  period: Period,
  groups: RuleGroup[],
  inputs: TestInputs,
  ruleFile: string,
): Record<string, unknown> {
  const shortest = sliWindows(period)[0];
  // Two or three samples in the shortest window (rate() needs two). Rules are evaluated less often than that
  // where they can be (promtool evaluates every rule at every step over days of history), but
  // always under Prometheus' 5-minute lookback: rule groups run in no fixed order, and a rule reading
  // another's output may see the previous evaluation's, which must not have gone stale by then.
  const step = (shortest * 2) / 5;
  if (!Number.isInteger(step)) throw new Error(`the shortest window, ${shortest} s, is not a multiple of 5 s`);
  const timing: Timing = {
    step,
    evaluation: step * Math.max(1, Math.floor(Math.min(2 * shortest, LOOKBACK_SECONDS - 60) / step)),
    baseline: Math.max(...Object.values(period.alerts).flatMap((a) => a.conditions.map((c) => c.longWindow))),
  };
  const tests = spec.slos.flatMap((slo) => {
    const seriesInputs = inputs[slo.name];
    if (!seriesInputs || seriesInputs.length === 0) throw new Error(`no test inputs for the SLO "${slo.name}"`);
    const alerts = groups
      .flatMap((g) => g.rules)
      .filter((rule): rule is AlertingRule => 'alert' in rule && rule.alert === slo.alerting.name);
    const context = { spec, slo, period, timing, alerts, seriesInputs };
    return [...burnCases(context), spikeCase(context), ...budgetCases(context)];
  });
  return { rule_files: [ruleFile], evaluation_interval: promDuration(timing.evaluation), tests };
}

interface Context {
  spec: ServiceSpec;
  slo: SloSpec;
  period: Period;
  timing: Timing;
  alerts: AlertingRule[];
  seriesInputs: TestInputs[string];
}

function burnCases(context: Context): unknown[] {
  const { slo, period, timing } = context;
  const cases: unknown[] = [];
  for (const severity of ['page', 'ticket'] as const) {
    const { conditions, forSeconds } = period.alerts[severity];
    for (const condition of conditions) {
      const windows = `${promDuration(condition.longWindow)} and ${promDuration(condition.shortWindow)}`;
      const duration = alignUp(condition.longWindow + forSeconds + 2 * timing.evaluation, timing.evaluation);
      for (const [kind, multiple] of [
        ['above', ABOVE],
        ['below', BELOW],
      ] as const) {
        const factor = round(condition.factor * multiple);
        const name =
          kind === 'above'
            ? `${slo.alerting.name} (${severity}) fires at ${factor}x the sustainable burn over ${windows}, just above ${condition.factor}x`
            : `${slo.alerting.name} stays silent at ${factor}x the sustainable burn over ${windows}, just below ${condition.factor}x`;
        const plan = withShortestBaseline(context, name, condition.longWindow, (baseline) => {
          const phases: Phase[] = [
            { seconds: baseline, ratio: 0 },
            { seconds: duration, ratio: factor * errorBudget(slo) },
          ];
          const at = baseline + duration;
          const expected = expectedAlerts(context, phases, at);
          if (kind === 'below') return expected.length === 0 ? { phases, checks: [{ at, expected }] } : undefined;
          // Halfway through the long window the burn has not lasted long enough to alert yet.
          const halfway = baseline + alignUp(condition.longWindow / 2, timing.evaluation);
          const early = expectedAlerts(context, phases, halfway);
          if (early.some((e) => e.severity === severity) || !expected.some((e) => e.severity === severity)) return undefined;
          return {
            phases,
            checks: [
              { at: halfway, expected: early },
              { at, expected },
            ],
          };
        });
        cases.push(testCase(context, name, plan.phases, plan.checks));
      }
    }
  }
  return cases;
}

function spikeCase(context: Context): unknown {
  const { slo, period, spec } = context;
  const [first] = period.alerts.page.conditions;
  const factor = 2 * Math.max(...period.alerts.page.conditions.map((c) => c.factor));
  const spike = 2 * first.shortWindow;
  const name = `${slo.alerting.name} does not page on a ${promDuration(spike)} spike at ${factor}x that only the short windows see`;
  const plan = withShortestBaseline(context, name, first.longWindow, (baseline) => {
    const phases: Phase[] = [
      { seconds: baseline, ratio: 0 },
      { seconds: spike, ratio: factor * errorBudget(slo) },
      { seconds: first.longWindow, ratio: 0 },
    ];
    const checks = [baseline + spike, baseline + first.longWindow].map((at) => ({ at, expected: expectedAlerts(context, phases, at) }));
    return checks.every((c) => c.expected.length === 0) ? { phases, checks } : undefined;
  });
  const sli = `slo:sli_error:ratio_rate${promDuration(first.shortWindow)}{sloth_id="${sloId(spec.service, slo)}"}`;
  return {
    ...testCase(context, name, plan.phases, plan.checks),
    // The short window does see the spike: it is over the page factor when the spike ends.
    promql_expr_test: [
      {
        expr: `count(${sli} > (${first.factor} * ${errorBudget(slo)}))`,
        eval_time: plan.checks[0].eval_time,
        exp_samples: [{ labels: '{}', value: 1 }],
      },
    ],
  };
}

interface Plan {
  phases: Phase[];
  checks: Array<{ at: number; expected: ExpectedAlert[] }>;
}

/**
 * Every case starts with clean traffic, so the windows hold a history. promtool evaluates every
 * rule at every step of it, so the clean stretch is the shortest that gives the case its meaning
 * (a fraction or multiple of the tested long window, up to the longest window of all), not always days.
 */
function withShortestBaseline(
  context: Context,
  name: string,
  longWindow: number,
  build: (baseline: number) => Plan | undefined,
): Plan & { checks: Array<{ at: number; expected: ExpectedAlert[]; eval_time: string }> } {
  const longest = context.timing.baseline;
  const candidates = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128].map((k) =>
    alignUp(Math.min(k * longWindow, longest), context.timing.evaluation),
  );
  for (const baseline of [...new Set(candidates)]) {
    let plan: Plan | undefined;
    try {
      plan = build(baseline);
    } catch (error) {
      if (error instanceof TooCloseToCall) continue;
      throw error;
    }
    if (plan) return { phases: plan.phases, checks: plan.checks.map((c) => ({ ...c, eval_time: promDuration(c.at) })) };
  }
  throw new Error(`${context.slo.name}: no clean stretch up to ${promDuration(longest)} makes the case "${name}" hold`);
}

function budgetCases(context: Context): unknown[] {
  const { slo, spec, period } = context;
  // A day of the 30: long enough for many samples of the shortest window, short of the period.
  const length = period.period / 30;
  const remaining = `round(slo:period_error_budget_remaining:ratio{sloth_id="${sloId(spec.service, slo)}"}, 0.001)`;
  // The remaining budget keeps the period's sloth_window from the period's error ratio, as in Sloth.
  const labels = { ...seriesLabels(context, {}), sloth_window: promDuration(period.period) };
  return [
    [0, 1, 'keeps the whole error budget with no errors'],
    [0.5, 0.5, 'has half the error budget left after errors at half its rate'],
    [2, -1, 'has minus the whole error budget left after errors at twice its rate'],
    [0.5, 0.5, 'has half the error budget left after an idle stretch, then errors at half its rate', length / 2],
  ].map(([multiple, left, text, idle]) => {
    const traffic: Phase = { seconds: length, ratio: (multiple as number) * errorBudget(slo) };
    const phases: Phase[] = idle ? [{ seconds: idle as number, ratio: 0, idle: true }, traffic] : [traffic];
    const at = phases.reduce((sum, phase) => sum + phase.seconds, 0);
    return {
      name: `${slo.name} ${text as string}`,
      interval: promDuration(context.timing.step),
      input_series: inputSeries(context, phases),
      promql_expr_test: [{ expr: remaining, eval_time: promDuration(at), exp_samples: [{ labels: promLabels(labels), value: left }] }],
    };
  });
}

/** A window's ratio within 3% of its threshold: rate() extrapolation could tip it either way. */
class TooCloseToCall extends Error {}

interface ExpectedAlert {
  severity: Severity;
  /** The short window's error ratio the alert's $value holds. */
  value: number;
}

/** Which of the SLO's alerts fire at `at`, by the windows' error ratios of the phases. */
function expectedAlerts(context: Context, phases: Phase[], at: number): ExpectedAlert[] {
  const { period, timing, slo } = context;
  const budget = errorBudget(slo);
  const expected: ExpectedAlert[] = [];
  for (const severity of ['page', 'ticket'] as const) {
    const { conditions, forSeconds } = period.alerts[severity];
    const holds = (t: number): BurnCondition | undefined =>
      conditions.find(({ factor, shortWindow, longWindow }) =>
        [shortWindow, longWindow].every((window) => {
          const ratio = windowRatio(phases, t, window);
          const threshold = factor * budget;
          if (Math.abs(ratio - threshold) < SAFETY_MARGIN * threshold) throw new TooCloseToCall();
          return ratio > threshold;
        }),
      );
    // Pending from the first evaluation that finds the condition, firing once `for` has passed since.
    const instants: number[] = [];
    for (let k = 0; k <= Math.ceil(forSeconds / timing.evaluation); k++) instants.push(at - k * timing.evaluation);
    const firing = holds(at);
    if (firing && instants.every((t) => holds(t) !== undefined)) {
      // $value is that short window's ratio: only predictable to 4 digits when one phase fills it.
      if (!withinOnePhase(phases, at, firing.shortWindow)) throw new TooCloseToCall();
      const value = windowRatio(phases, at, firing.shortWindow);
      if (!fourDigits(value * 100)) throw new TooCloseToCall();
      expected.push({ severity, value });
    }
  }
  return expected;
}

function withinOnePhase(phases: Phase[], at: number, window: number): boolean {
  let start = 0;
  return phases.some(({ seconds }) => {
    const inside = start <= at - window && at <= start + seconds;
    start += seconds;
    return inside;
  });
}

/** Bad events over all events in (at - window, at], the history starting at 0. */
function windowRatio(phases: Phase[], at: number, window: number): number {
  const from = Math.max(0, at - window);
  let bad = 0;
  let all = 0;
  let start = 0;
  for (const { seconds, ratio, idle } of phases) {
    const overlap = idle ? 0 : Math.max(0, Math.min(start + seconds, at) - Math.max(start, from));
    bad += overlap * ratio;
    all += overlap;
    start += seconds;
  }
  return all === 0 ? NaN : bad / all;
}

function testCase(
  context: Context,
  name: string,
  phases: Phase[],
  checks: Array<{ at: number; expected: ExpectedAlert[] }>,
): Record<string, unknown> {
  return {
    name,
    interval: promDuration(context.timing.step),
    input_series: inputSeries(context, phases),
    alert_rule_test: checks.map(({ at, expected }) => ({
      eval_time: promDuration(at),
      alertname: context.slo.alerting.name,
      exp_alerts: expected.map((alert) => expectedAlert(context, alert)),
    })),
  };
}

function expectedAlert(context: Context, { severity, value }: ExpectedAlert): unknown {
  const rule = context.alerts.find((a) => a.labels.sloth_severity === severity);
  if (!rule) throw new Error(`${context.slo.name}: no ${severity} alert`);
  // Templates see the labels of the expression's result, not the rule's own labels (Prometheus' $labels).
  const resultLabels = seriesLabels(context, {});
  const annotations = Object.fromEntries(
    Object.entries(rule.annotations).map(([key, text]) => [key, expandTemplate(text, resultLabels, value)]),
  );
  return { exp_labels: seriesLabels(context, rule.labels), exp_annotations: annotations };
}

/** The labels of an alert of this SLO: its SLI series' labels (but sloth_window) and the rule's. */
function seriesLabels({ spec, slo }: Context, ruleLabels: Record<string, string>): Record<string, string> {
  return {
    ...spec.labels,
    ...slo.labels,
    sloth_id: sloId(spec.service, slo),
    sloth_service: spec.service,
    sloth_slo: slo.name,
    ...ruleLabels,
  };
}

function inputSeries({ seriesInputs, timing }: Context, phases: Phase[]): unknown[] {
  // A series the app creates with its first event does not exist in a case without one.
  const grows = (good: number, bad: number) => phases.some(({ ratio, idle }) => !idle && (1 - ratio) * good + ratio * bad > 0);
  const present = seriesInputs.filter((input) => !input.created_by_first_event || grows(input.per_good_event, input.per_bad_event));
  return present.map(({ series, per_good_event, per_bad_event }) => {
    const segments: string[] = [];
    let value = 0;
    phases.forEach(({ seconds, ratio, idle }, index) => {
      const steps = seconds / timing.step;
      if (!Number.isInteger(steps)) throw new Error(`a phase of ${seconds} s is not a whole number of ${timing.step} s steps`);
      const increment = idle ? 0 : round(EVENTS_PER_STEP * ((1 - ratio) * per_good_event + ratio * per_bad_event));
      // 'a+bxn' is n+1 samples from a; the next phase starts one increment after the last.
      const first = index === 0 ? 0 : round(value + increment);
      const count = index === 0 ? steps : steps - 1;
      segments.push(`${first}+${increment}x${count}`);
      value = round(first + increment * count);
    });
    return { series, values: segments.join(' ') };
  });
}

/**
 * The subset of Prometheus' alert templates the spec's annotations use: {{ $labels.name }} and
 * {{ $value | humanizePercentage }} (Go's %.4g of the percentage).
 */
export function expandTemplate(text: string, labels: Record<string, string>, value: number): string {
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, inner: string) => {
    const label = /^\$labels\.(\w+)$/.exec(inner);
    if (label) return labels[label[1]] ?? '';
    if (/^\$value\s*\|\s*humanizePercentage$/.test(inner)) return humanizePercentage(value);
    throw new Error(`scripts/slo cannot expand the template ${whole} for a test; use {{ $labels.x }} or {{ $value | humanizePercentage }}`);
  });
}

function humanizePercentage(value: number): string {
  const percent = value * 100;
  if (!fourDigits(percent)) throw new Error(`${percent}% needs more than 4 digits; pick another test ratio`);
  return `${Number(percent.toPrecision(4))}%`;
}

/** Go and JavaScript round a tie in the fifth digit differently: only values of 4 digits compare. */
function fourDigits(value: number): boolean {
  return Math.abs(Number(value.toPrecision(4)) - value) <= 1e-9 * Math.abs(value);
}

function promLabels(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(', ')}}`;
}

function alignUp(seconds: number, unit: number): number {
  return Math.ceil(seconds / unit) * unit;
}

function round(value: number): number {
  return Number(value.toPrecision(12));
}
