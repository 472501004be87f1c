// The Prometheus text format (0.0.4), byte for byte what prom-client's registry.metrics() writes
// (test/unit/kernel/metrics/render.test.ts holds it to that), with each series' label text rendered
// once (label-text.ts) instead of at every scrape. Our registries set no default labels
// (registry.ts); prom-client's renderer would add them, this one does not.
import type { Registry } from 'prom-client';
import { escapeBackslashesAndNewlines, escapeLabelValue, formatNumber, readFamilies, type LabelValue } from './families.js';
import { createLabelText } from './label-text.js';

export const PROMETHEUS_TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

// prom-client writes non-string values (a histogram's numeric `le`) as they print.
const labelText = createLabelText(
  (name: string, value: LabelValue) => `${name}="${typeof value === 'string' ? escapeLabelValue(value) : value}"`,
);

export async function renderPrometheusText(registry: Registry): Promise<string> {
  const families = await readFamilies(registry);
  // One string grown by +=, which V8 keeps as a rope until it is written: at 10,000 series about
  // twice as fast as an array of lines and a join.
  let text = '';
  for (const family of families) {
    if (text !== '') text += '\n';
    const name = escapeBackslashesAndNewlines(family.name);
    text += `# HELP ${name} ${escapeBackslashesAndNewlines(family.help)}\n# TYPE ${name} ${family.type}\n`;
    for (const sample of family.values ?? []) {
      text += `${sample.metricName ?? name}${labelText(sample.labels, sample.sharedLabels)} ${formatNumber(sample.value, 'Nan')}\n`;
    }
  }
  // prom-client joins the families with a blank line and ends with a newline, an empty registry too.
  return text === '' ? '\n' : text;
}
