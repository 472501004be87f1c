// The OpenMetrics renderer as it was before the label-text cache (app/kernel/metrics/label-text.ts):
// from getMetricsAsJSON, every label set formatted at every scrape. Kept as the reference the cached
// renderer must equal byte for byte (test/unit/kernel/metrics/render.test.ts) and as the baseline
// the scrape benchmark times it against.
import type { Registry } from 'prom-client';

/** The OpenMetrics renderer before the label cache: from getMetricsAsJSON, every label formatted every time. */
export async function referenceOpenMetrics(registry: Registry): Promise<string> {
  const lines: string[] = [];
  for (const family of await registry.getMetricsAsJSON()) {
    const type = String(family.type);
    const name = type === 'counter' ? family.name.replace(/_total$/, '') : family.name;
    lines.push(`# TYPE ${name} ${type}`, `# HELP ${name} ${escape(family.help)}`);
    for (const sample of family.values) {
      const sampleName = type === 'counter' ? `${name}_total` : ((sample as { metricName?: string }).metricName ?? name);
      const labels = Object.entries(sample.labels)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => `${key}="${escape(key === 'le' && typeof value === 'number' ? number(value) : String(value))}"`);
      lines.push(`${sampleName}${labels.length === 0 ? '' : `{${labels.join(',')}}`} ${number(sample.value)}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
