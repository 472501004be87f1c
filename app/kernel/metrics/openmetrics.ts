// The OpenMetrics 1.0 text format, rendered from the registry's JSON.
//
// Why not prom-client's own: switching a Registry to OpenMetrics makes `metrics()` strip `_total`
// from every counter's *name* in place (prom-client 15), so one OpenMetrics scrape would turn later
// text-format scrapes into `grapevine_accounts_create 0`. Rendering here leaves the metrics alone,
// and serves both formats from one registry.
// Spec: https://github.com/prometheus/OpenMetrics/blob/main/specification/OpenMetrics.md
import type { MetricObjectWithValues, MetricValue, Registry } from 'prom-client';

export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export async function renderOpenMetrics(registry: Registry): Promise<string> {
  const families = await registry.getMetricsAsJSON();
  const lines: string[] = [];
  for (const family of families) renderFamily(family, lines);
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function renderFamily(family: MetricObjectWithValues<MetricValue<string>>, lines: string[]): void {
  const type = String(family.type);
  // OpenMetrics names the counter family without `_total`; its samples carry the suffix.
  const name = type === 'counter' ? family.name.replace(/_total$/, '') : family.name;
  lines.push(`# TYPE ${name} ${type}`, `# HELP ${name} ${escapeText(family.help)}`);
  for (const sample of family.values) {
    const sampleName = type === 'counter' ? `${name}_total` : ((sample as { metricName?: string }).metricName ?? name);
    lines.push(`${sampleName}${renderLabels(sample.labels)} ${renderNumber(sample.value)}`);
  }
}

function renderLabels(labels: Partial<Record<string, string | number>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (value === undefined) continue;
    const text = key === 'le' && typeof value === 'number' ? renderNumber(value) : String(value);
    parts.push(`${key}="${escapeText(text)}"`);
  }
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function renderNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
