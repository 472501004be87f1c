// "Grapevine SLOs": for each SLO of prometheus/slos (read when the dashboards are rendered, like the
// alert thresholds), the SLI against its objective, the error budget left over the SLO period, and
// the burn rate over every window with the alert factors drawn as lines, taken from the generator
// (scripts/slo/windows.ts) that writes the alerts, so the lines cannot disagree with the rules.
//
// Every query uses names that do not depend on the period (slo:current_burn_rate:ratio,
// slo:period_burn_rate:ratio, the windows by sloth_window), so the dashboard works unchanged with
// the 30-day rules and with the demo period (SLO_PERIOD=demo).
import { readdirSync, readFileSync } from 'node:fs';
import {
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type Dashboard,
  type Threshold,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode } from '@grafana/grafana-foundation-sdk/common';
import { errorBudget, sloId } from '../../scripts/slo/rules.js';
import { parseServiceSpec, type ServiceSpec, type SloSpec } from '../../scripts/slo/spec.js';
import { DEMO_DIVISOR, promDuration, THIRTY_DAYS } from '../../scripts/slo/windows.js';
import { grapevineDashboard, instanceVariable, jobVariable } from './dashboard-base.js';
import { promQuery } from './datasource.js';
import { percent } from './alert-thresholds.js';
import { numberPanels, stat, timeSeries } from './panels.js';

export const SLO_UID = 'grapevine-slos';

/** The tree's own specs: a copy of the tree (test/config) renders from the copy's. */
const SPECS_DIR = new URL('../../prometheus/slos/', import.meta.url);

function readSpecs(): ServiceSpec[] {
  return readdirSync(SPECS_DIR)
    .filter((name) => name.endsWith('.yml') && !name.endsWith('.test-inputs.yml'))
    .sort()
    .map((name) => parseServiceSpec(readFileSync(new URL(name, SPECS_DIR), 'utf8'), `prometheus/slos/${name}`));
}

export function sloDashboard(): Dashboard {
  const builder = grapevineDashboard(
    SLO_UID,
    'Grapevine SLOs',
    `Service level objectives from prometheus/slos: each SLI against its objective, the error budget left over the SLO period (30 days, or 1 day with SLO_PERIOD=demo) and how fast it burns. ${alertWords()}`,
  )
    .withVariable(jobVariable('slo:objective:ratio', 'The Prometheus job whose SLOs are shown; the app is grapevine.'))
    .withVariable(
      instanceVariable(
        'http_requests_total',
        'The replicas shown in "Server error ratio by replica"; the SLOs are always the whole service.',
      ),
    );
  for (const spec of readSpecs()) for (const slo of spec.slos) addSlo(builder, spec, slo);
  builder.withRow(new RowBuilder('Where the errors come from')).withPanel(
    timeSeries({
      title: 'Server error ratio by replica',
      description:
        'Share of requests answered with a 5xx, per app replica, from the raw counters (0 when a replica has none): when the availability budget burns, this says whether one replica or all of them fail.',
      unit: 'percentunit',
      width: 24,
      queries: [
        promQuery(
          'A',
          `(sum by (instance) (rate(http_requests_total{job="$job", instance=~"$instance", status_code=~"5.."}[$__rate_interval]))
  or 0 * sum by (instance) (rate(http_requests_total{job="$job", instance=~"$instance"}[$__rate_interval])))
/ sum by (instance) (rate(http_requests_total{job="$job", instance=~"$instance"}[$__rate_interval]))`,
          '{{instance}}',
        ),
      ],
    }),
  );
  return numberPanels(builder.build());
}

function addSlo(builder: ReturnType<typeof grapevineDashboard>, spec: ServiceSpec, slo: SloSpec): void {
  const selector = `{sloth_id="${sloId(spec.service, slo)}", job="$job"}`;
  const budget = errorBudget(slo);
  const objective = slo.objective / 100;
  const withBudget = (burnRate: string) =>
    `1 - (${burnRate}${selector} * on(sloth_id, sloth_slo, sloth_service) group_left slo:error_budget:ratio${selector})`;
  const factors = [...THIRTY_DAYS.alerts.ticket.conditions, ...THIRTY_DAYS.alerts.page.conditions]
    .map((c) => c.factor)
    .sort((a, b) => a - b);

  builder
    .withRow(new RowBuilder(`${slo.name}: ${percent(objective)} ${slo.description.replace(/^Share of /, 'of ').replace(/\.$/, '')}`))
    .withPanel(
      stat({
        title: `${slo.name}: objective`,
        description: `${slo.description} The objective: at most ${percent(budget)} of events may be bad over the SLO period, which is the error budget.`,
        unit: 'percentunit',
        queries: [promQuery('A', `slo:objective:ratio${selector}`, 'objective')],
      }),
    )
    .withPanel(
      stat({
        title: `${slo.name}: SLI over the period`,
        description:
          'Share of good events over the SLO period so far (or since Prometheus started, if that is shorter). Green at or above the objective.',
        unit: 'percentunit',
        queries: [promQuery('A', withBudget('slo:period_burn_rate:ratio'), 'SLI')],
      }).thresholds(
        steps([
          { value: null, color: 'red' },
          { value: objective, color: 'green' },
        ]),
      ),
    )
    .withPanel(
      stat({
        title: `${slo.name}: error budget left`,
        description:
          "The share of the period's error budget not yet spent: 100% with no bad events, 0% when exactly the objective is met, below 0 when the objective is missed. Sloth's slo:period_error_budget_remaining:ratio.",
        unit: 'percentunit',
        queries: [promQuery('A', `slo:period_error_budget_remaining:ratio${selector}`, 'budget left')],
      }).thresholds(
        steps([
          { value: null, color: 'red' },
          { value: 0, color: 'orange' },
          { value: 0.5, color: 'green' },
        ]),
      ),
    )
    .withPanel(
      stat({
        title: `${slo.name}: burn rate now`,
        description: `How fast the budget burns over the shortest window: 1 spends exactly the budget in the period, ${factors.at(-1)} spends a 30-day budget in about 2 days. slo:current_burn_rate:ratio.`,
        unit: 'none',
        queries: [promQuery('A', `slo:current_burn_rate:ratio${selector}`, 'burn rate')],
      }).thresholds(factorSteps(factors)),
    )
    .withPanel(
      timeSeries({
        title: `${slo.name}: SLI and objective`,
        description:
          'The SLI over the shortest alert window (5 minutes; 10 seconds in the demo period) and over the whole period, against the objective (the flat line). Below the line the budget burns faster than it may.',
        unit: 'percentunit',
        queries: [
          promQuery('A', withBudget('slo:current_burn_rate:ratio'), 'SLI, shortest window'),
          promQuery('B', withBudget('slo:period_burn_rate:ratio'), 'SLI over the period'),
          promQuery('C', `slo:objective:ratio${selector}`, 'objective'),
        ],
      }).min(Math.max(0, 1 - 10 * budget)),
    )
    .withPanel(
      timeSeries({
        title: `${slo.name}: error budget left over the period`,
        description:
          'The error budget left, as it drains: a steady slope is a steady burn, a cliff is an incident. The dashed line is 0, the objective missed.',
        unit: 'percentunit',
        queries: [promQuery('A', `slo:period_error_budget_remaining:ratio${selector}`, 'budget left')],
      })
        .min(-1)
        .thresholds(
          steps([
            { value: null, color: 'red' },
            { value: 0, color: 'green' },
          ]),
        )
        .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed)),
    )
    .withPanel(
      timeSeries({
        title: `${slo.name}: burn rate by window`,
        description: `The error ratio over each window the alerts read, divided by the error budget (${percent(budget)}). ${alertWords()} The dashed lines are those factors.`,
        unit: 'none',
        width: 24,
        queries: [
          promQuery(
            'A',
            `{__name__=~"slo:sli_error:ratio_rate.+", sloth_id="${sloId(spec.service, slo)}", job="$job"}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${selector}`,
            '{{sloth_window}}',
          ),
        ],
      })
        .thresholds(factorSteps(factors))
        .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed)),
    );
}

/** The alert conditions in words, from the windows the generator uses. */
function alertWords(): string {
  const words = (severity: 'page' | 'ticket') =>
    THIRTY_DAYS.alerts[severity].conditions
      .map((c) => `${c.factor}x over ${promDuration(c.longWindow)} and ${promDuration(c.shortWindow)}`)
      .join(' or ');
  return `A page fires at ${words('page')}, a ticket at ${words('ticket')} (every window ${DEMO_DIVISOR} times shorter in the demo period).`;
}

function factorSteps(factors: number[]): ThresholdsConfigBuilder {
  const colors = ['yellow', 'orange', 'red', 'dark-red'];
  return steps([{ value: null, color: 'green' }, ...factors.map((value, i) => ({ value, color: colors[Math.min(i, colors.length - 1)] }))]);
}

function steps(list: Threshold[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(list);
}
