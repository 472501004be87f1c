/** What one check found. `details` is empty when it passed, else says what failed and where. */
export interface CheckResult {
  name: CheckName;
  ok: boolean;
  /** What was looked at, e.g. "3 rule files", so a pass is never a pass over nothing. */
  checked: string;
  details: string;
  durationMs: number;
}

export const CHECK_NAMES = [
  'promtool check config',
  'promtool check rules',
  'SLO rules are up to date',
  'promtool test rules',
  'promtool test rules, generated SLO tests',
  'every alert has a firing and a not-firing test',
  'amtool check-config',
  'alertmanager route tests',
  'dashboards are up to date',
  'dashboards use the provisioned datasource',
  'dashboard queries parse',
  'dashboard queries parse with lezer-promql',
  "dashboards follow Grafana's linter rules",
  'version pins agree with versions.env',
  'kubernetes objects are generated, valid and round-trip',
] as const;

export type CheckName = (typeof CHECK_NAMES)[number];

/** Where a check looks: `root` is a project tree (the repo, or a copy of it in a temp dir). */
export interface CheckContext {
  root: string;
  /** Folder holding promtool, amtool and prometheus. */
  toolsDir: string;
}

/** A check resolves with its failures (none: passed) or throws, which also fails it. */
export type Check = (context: CheckContext) => Promise<CheckOutcome>;

export interface CheckOutcome {
  failures: string[];
  checked: string;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
