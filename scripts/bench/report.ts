// Each benchmark returns a report: Markdown a person reads (and BENCHMARKS.md quotes), plus
// whether each goal was reached, so the run ends with one plain list of what was missed.

export interface Goal {
  name: string;
  reached: boolean;
  /** The measured value next to the target, e.g. "0.97x >= 0.95x". */
  detail: string;
}

export interface BenchReport {
  title: string;
  /** How to reproduce exactly this benchmark. */
  command: string;
  markdown: string;
  goals: Goal[];
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export function percent(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(digits)} %` : 'n/a';
}

export function formatGoals(goals: readonly Goal[]): string {
  return goals.map((goal) => `- ${goal.reached ? 'reached' : '**NOT reached**'}: ${goal.name} (${goal.detail})`).join('\n');
}
