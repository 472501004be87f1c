// The SLO period and the alert windows of the Google SRE workbook ("Alerting on SLOs", table 5-8),
// as Sloth uses them for a 30-day period, and the same set scaled down for a workshop demo.
//
// A burn rate of 1 spends the budget in exactly the period. Each alert condition needs the long
// window (how much budget is gone) and a short window of 1/12 of it (still burning now, so the
// alert resolves soon after the burn stops) over the same factor:
//   page:   14.4x over 1h and 5m  (2% of a 30-day budget in an hour)
//           6x    over 6h and 30m (5% in six hours)
//   ticket: 3x    over 1d and 2h  (10% in a day)
//           1x    over 3d and 6h  (10% in three days)

export type Severity = 'page' | 'ticket';

export interface BurnCondition {
  factor: number;
  /** Seconds. */
  shortWindow: number;
  longWindow: number;
}

export interface Period {
  /** The name of the rule set: `30d`, `demo`; the folder of its files under prometheus/slo-rules. */
  name: string;
  /** Seconds. */
  period: number;
  /** How the period reads in `slo:time_period:days` (Sloth records days). */
  days: number;
  alerts: Record<Severity, { conditions: BurnCondition[]; forSeconds: number }>;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Sloth emits no `for:`; this project's alerts all have one. Short, since the short window already
 * makes the condition hold only while the budget still burns: 2m for a page and 15m for a ticket,
 * the shortest `for` kubernetes-mixin gives its own burn-rate alerts of each kind.
 */
export const THIRTY_DAYS: Period = {
  name: '30d',
  period: 30 * DAY,
  days: 30,
  alerts: {
    page: {
      conditions: [
        { factor: 14.4, shortWindow: 5 * MINUTE, longWindow: HOUR },
        { factor: 6, shortWindow: 30 * MINUTE, longWindow: 6 * HOUR },
      ],
      forSeconds: 2 * MINUTE,
    },
    ticket: {
      conditions: [
        { factor: 3, shortWindow: 2 * HOUR, longWindow: DAY },
        { factor: 1, shortWindow: 6 * HOUR, longWindow: 3 * DAY },
      ],
      forSeconds: 15 * MINUTE,
    },
  },
};

/**
 * The workshop's demo: the 30-day period and every window divided by 30, factors unchanged, so a
 * day stands for the month and the page's windows are 2 minutes and 10 seconds. 10 s is the
 * shortest window kept: at the compose stack's 1 s scrape and evaluation it holds 10 samples, so
 * rate() over it is steady; a bigger divisor would leave it a handful of noisy samples.
 */
export const DEMO_DIVISOR = 30;
export const DEMO: Period = scaled(THIRTY_DAYS, 'demo', DEMO_DIVISOR);

export const PERIODS: readonly Period[] = [THIRTY_DAYS, DEMO];

function scaled(base: Period, name: string, divisor: number): Period {
  const shrink = (seconds: number): number => {
    const result = seconds / divisor;
    if (!Number.isInteger(result)) throw new Error(`${seconds} s / ${divisor} is not a whole number of seconds`);
    return result;
  };
  const scaleAlert = ({ conditions, forSeconds }: Period['alerts']['page']) => ({
    conditions: conditions.map((c) => ({ factor: c.factor, shortWindow: shrink(c.shortWindow), longWindow: shrink(c.longWindow) })),
    forSeconds: shrink(forSeconds),
  });
  return {
    name,
    period: shrink(base.period),
    days: base.days / divisor,
    alerts: { page: scaleAlert(base.alerts.page), ticket: scaleAlert(base.alerts.ticket) },
  };
}

/** Every window the SLI is recorded over, shortest first (Sloth's order), the period excluded. */
export function sliWindows(period: Period): number[] {
  const all = Object.values(period.alerts).flatMap(({ conditions }) => conditions.flatMap((c) => [c.shortWindow, c.longWindow]));
  return [...new Set(all)].sort((a, b) => a - b);
}

// Days at most, as Sloth writes windows (30d, not 4w2d).
const UNITS: Array<[string, number]> = [
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
  ['s', 1],
];

/** A duration as PromQL takes one: 300 -> "5m", 8640 -> "2h24m", 86400 -> "1d". */
export function promDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`not a whole number of seconds: ${seconds}`);
  if (seconds === 0) return '0s';
  let rest = seconds;
  let text = '';
  for (const [unit, size] of UNITS) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}
