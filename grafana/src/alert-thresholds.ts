// The alert thresholds the dashboards draw, read out of the rule files in prometheus/rules when
// the dashboards are rendered, so a dashed line cannot disagree with the alert it stands for:
// the rules (which the promtool tests check) are the one source of truth.
// - A threshold changed in a rule leaves the checked-in JSON stale, and `npm run check:config`
//   ("dashboards are up to date") fails until `npm run dashboards` renders it again.
// - An alert renamed, or rewritten so the comparison a panel draws is gone, makes rendering
//   throw with the rule file's name, and that check fails with the same message.
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The tree's own rules: a copy of the tree (test/config) renders from the copy's rules. */
const RULES_DIR = new URL('../../prometheus/rules/', import.meta.url);
const RULES_LABEL = 'prometheus/rules';

export interface AlertThreshold {
  alert: string;
  /** Where the alert is, e.g. `prometheus/rules/service-alerts.yml`. */
  file: string;
  /** The number `metric` is compared with: `metric > value`. */
  value: number;
  /** The rule's `for`, in words: "2 minutes", "1 minute", "at once" (`0s`). */
  forText: string;
}

interface AlertRule {
  alert?: string;
  expr?: string;
  for?: string;
}

/**
 * The threshold of the comparison `… metric … > N` (or `>=`) in the expression of `alert`.
 * `metric` names the series the panel draws, which picks one comparison when the expression
 * joins several with and/or/unless (HighErrorRate: the error ratio, not the request rate).
 */
export function alertThreshold(alert: string, metric: string): AlertThreshold {
  const { file, rule } = findAlert(alert);
  const where = `${file}: alert ${alert}`;
  const matches = topLevelOperands(rule.expr ?? '')
    .map((operand) => /^([\s\S]*?)>=?\s*(-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)$/i.exec(operand.trim()))
    .filter((match): match is RegExpExecArray => match !== null && mentions(match[1], metric));
  if (matches.length !== 1) {
    throw new Error(
      `${where} has ${matches.length === 0 ? 'no' : matches.length} comparison of the form "… ${metric} … > number" in its expr, ` +
        'which a dashboard draws as its threshold; fix the rule or the dashboard in grafana/src',
    );
  }
  return { alert, file, value: Number(matches[0][2]), forText: durationText(rule.for ?? '0s', where) };
}

/** A threshold as a percentage for descriptions: 0.05 -> "5%". */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(12))}%`;
}

function findAlert(alert: string): { file: string; rule: AlertRule } {
  const found: Array<{ file: string; rule: AlertRule }> = [];
  for (const name of readdirSync(RULES_DIR)
    .filter((entry) => entry.endsWith('.yml'))
    .sort()) {
    const content = parse(readFileSync(new URL(name, RULES_DIR), 'utf8')) as { groups?: Array<{ rules?: AlertRule[] }> } | null;
    for (const group of content?.groups ?? []) {
      for (const rule of group.rules ?? []) if (rule.alert === alert) found.push({ file: `${RULES_LABEL}/${name}`, rule });
    }
  }
  if (found.length !== 1) {
    throw new Error(
      found.length === 0
        ? `no alert ${alert} in ${RULES_LABEL}, but a dashboard in grafana/src draws its threshold`
        : `alert ${alert} is defined ${found.length} times (${found.map((f) => f.file).join(', ')})`,
    );
  }
  return found[0];
}

/** `expr` split at the and/or/unless that are outside parentheses, braces and strings. */
function topLevelOperands(expr: string): string[] {
  const operands: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const char = expr[i];
    if (char === '"' || char === "'" || char === '`') {
      const end = expr.indexOf(char, i + 1);
      i = end === -1 ? expr.length : end;
    } else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    else if (depth === 0) {
      const keyword = /^(?:and|or|unless)(?![\w:])/.exec(expr.slice(i));
      if (keyword && (i === 0 || /\s|\)/.test(expr[i - 1]))) {
        operands.push(expr.slice(start, i));
        i += keyword[0].length - 1;
        start = i + 1;
      }
    }
  }
  operands.push(expr.slice(start));
  return operands;
}

function mentions(promql: string, metric: string): boolean {
  const escaped = metric.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w:])${escaped}(?![\\w:])`).test(promql);
}

/** A Prometheus duration of one unit in words: `2m` -> "2 minutes", `1m` -> "1 minute". */
function durationText(duration: string, where: string): string {
  const match = /^(\d+)(s|m|h)$/.exec(duration);
  if (!match) throw new Error(`${where} has \`for: ${duration}\`, which grafana/src/alert-thresholds.ts cannot put in words`);
  const count = Number(match[1]);
  if (count === 0) return 'at once';
  const unit = { s: 'second', m: 'minute', h: 'hour' }[match[2] as 's' | 'm' | 'h'];
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
