// The OpenMetrics 1.0 text format, with each series' label text rendered once (label-text.ts).
//
// Why not prom-client's own: switching a Registry to OpenMetrics makes `metrics()` strip `_total`
// from every counter's *name* in place (prom-client 15), so one OpenMetrics scrape would turn later
// text-format scrapes into `grapevine_accounts_create 0`. Rendering here leaves the metrics alone,
// and serves both formats from one registry. Exemplars are not written (the app records none).
// Spec: https://github.com/prometheus/OpenMetrics/blob/main/specification/OpenMetrics.md
import type { Registry } from 'prom-client';
import { escapeLabelValue, formatNumber, readFamilies, type LabelValue } from './families.js';
import { createLabelText } from './label-text.js';

export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

const labelText = createLabelText((name: string, value: LabelValue) => {
  if (value === undefined) return undefined;
  const text = name === 'le' && typeof value === 'number' ? formatNumber(value, 'NaN') : String(value);
  return `${name}="${escapeLabelValue(text)}"`;
});

export async function renderOpenMetrics(registry: Registry): Promise<string> {
  const families = await readFamilies(registry);
  // Grown by += as in text-format.ts (faster than lines and a join).
  let text = '';
  for (const family of families) {
    const type = family.type;
    // OpenMetrics names the counter family without `_total`; its samples carry the suffix.
    const name = type === 'counter' ? family.name.replace(/_total$/, '') : family.name;
    // OpenMetrics escapes HELP as it does label values, quotes too.
    text += `# TYPE ${name} ${type}\n# HELP ${name} ${escapeLabelValue(family.help)}\n`;
    for (const sample of family.values ?? []) {
      const sampleName = type === 'counter' ? `${name}_total` : (sample.metricName ?? name);
      text += `${sampleName}${labelText(sample.labels, sample.sharedLabels)} ${formatNumber(sample.value, 'NaN')}\n`;
    }
  }
  return `${text}# EOF\n`;
}
