// Sloth's `prometheus/v1` SLO spec (https://sloth.dev, pkg/prometheus/api/v1), read and checked
// here so a mistake in prometheus/slos is named with its SLO and field before any rule is written.
import { parse } from 'yaml';

export const SPEC_VERSION = 'prometheus/v1';

export interface AlertSpec {
  disable: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface SloSpec {
  name: string;
  /** Per cent, in (0, 100]: 99.5 means 99.5% of events are good. */
  objective: number;
  description: string;
  labels: Record<string, string>;
  sli: { events: { errorQuery: string; totalQuery: string } } | { raw: { errorRatioQuery: string } };
  alerting: {
    name: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    page: AlertSpec;
    ticket: AlertSpec;
  };
}

export interface ServiceSpec {
  service: string;
  labels: Record<string, string>;
  slos: SloSpec[];
}

export class SloSpecError extends Error {
  override readonly name = 'SloSpecError';
}

// Sloth's own rules: names become label values and rule group names.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const ALERT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WINDOW = '{{.window}}';

/** The spec in `text`; throws a SloSpecError naming every problem, each with where it is. */
export function parseServiceSpec(text: string, file: string): ServiceSpec {
  const problems: string[] = [];
  const root = record(parse(text), file, problems);
  if (root.version !== SPEC_VERSION) problems.push(`${file}: version must be "${SPEC_VERSION}", not ${JSON.stringify(root.version)}`);
  const service = requiredName(root.service, `${file}: service`, problems);
  const labels = stringMap(root.labels, `${file}: labels`, problems);
  const slos = Array.isArray(root.slos) ? root.slos : [];
  if (slos.length === 0) problems.push(`${file}: slos must be a non-empty list`);
  const parsed = slos.map((slo, index) => parseSlo(slo, `${file}: slos[${index}]`, problems));
  const names = parsed.map((slo) => slo.name);
  for (const name of new Set(names)) {
    if (names.filter((n) => n === name).length > 1) problems.push(`${file}: the SLO name "${name}" is used twice`);
  }
  if (problems.length > 0) throw new SloSpecError(problems.join('\n'));
  return { service, labels, slos: parsed };
}

function parseSlo(value: unknown, where: string, problems: string[]): SloSpec {
  const slo = record(value, where, problems);
  const name = requiredName(slo.name, `${where}.name`, problems);
  const at = `${where} (${name})`;
  const objective = typeof slo.objective === 'number' ? slo.objective : NaN;
  if (!(objective > 0 && objective <= 100)) problems.push(`${at}.objective must be a number in (0, 100], e.g. 99.5`);
  const sli = record(slo.sli, `${at}.sli`, problems);
  const alerting = record(slo.alerting, `${at}.alerting`, problems);
  const alertName = typeof alerting.name === 'string' ? alerting.name : '';
  if (!ALERT_NAME.test(alertName)) problems.push(`${at}.alerting.name must be an alert name such as GrapevineAvailabilityBudgetBurn`);
  return {
    name,
    objective,
    description: typeof slo.description === 'string' ? slo.description : '',
    labels: stringMap(slo.labels, `${at}.labels`, problems),
    sli: parseSli(sli, `${at}.sli`, problems),
    alerting: {
      name: alertName,
      labels: stringMap(alerting.labels, `${at}.alerting.labels`, problems),
      annotations: stringMap(alerting.annotations, `${at}.alerting.annotations`, problems),
      page: parseAlert(alerting.page_alert, `${at}.alerting.page_alert`, problems),
      ticket: parseAlert(alerting.ticket_alert, `${at}.alerting.ticket_alert`, problems),
    },
  };
}

function parseSli(sli: Record<string, unknown>, where: string, problems: string[]): SloSpec['sli'] {
  if (sli.events !== undefined && sli.raw !== undefined) problems.push(`${where} must have one of events and raw, not both`);
  if (sli.raw !== undefined) {
    const raw = record(sli.raw, `${where}.raw`, problems);
    return { raw: { errorRatioQuery: windowQuery(raw.error_ratio_query, `${where}.raw.error_ratio_query`, problems) } };
  }
  const events = record(sli.events, `${where}.events`, problems);
  return {
    events: {
      errorQuery: windowQuery(events.error_query, `${where}.events.error_query`, problems),
      totalQuery: windowQuery(events.total_query, `${where}.events.total_query`, problems),
    },
  };
}

function parseAlert(value: unknown, where: string, problems: string[]): AlertSpec {
  const alert = value === undefined ? {} : record(value, where, problems);
  return {
    disable: alert.disable === true,
    labels: stringMap(alert.labels, `${where}.labels`, problems),
    annotations: stringMap(alert.annotations, `${where}.annotations`, problems),
  };
}

function windowQuery(value: unknown, where: string, problems: string[]): string {
  if (typeof value !== 'string' || !value.includes(WINDOW)) {
    problems.push(`${where} must be a PromQL query using ${WINDOW} as its range, e.g. rate(x[${WINDOW}])`);
    return '';
  }
  return value;
}

function requiredName(value: unknown, where: string, problems: string[]): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    problems.push(`${where} must be a name of letters, digits, - and _`);
    return String(value);
  }
  return value;
}

function record(value: unknown, where: string, problems: string[]): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  problems.push(`${where} must be a mapping`);
  return {};
}

function stringMap(value: unknown, where: string, problems: string[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  const map = record(value, where, problems);
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(map)) {
    if (!LABEL_NAME.test(key)) problems.push(`${where}: "${key}" is not a valid label or annotation name`);
    if (typeof entry !== 'string') problems.push(`${where}.${key} must be a string (quote numbers: "2")`);
    else out[key] = entry;
  }
  return out;
}
