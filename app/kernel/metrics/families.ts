// What both renderers (text-format.ts, openmetrics.ts) share: the registry's metric families, and
// how the two formats spell numbers and escape text.
//
// The families as prom-client's own text renderer reads them: each metric's
// getForPromString() where it has one (histograms: bucket samples carry `le` as their own labels and
// the series' labels as `sharedLabels`, one object per series that lives as long as the series), else
// get(). Every collect() callback runs here, all at once, as in registry.metrics().
import type { Registry } from 'prom-client';

export type LabelValue = string | number | undefined;
export type Labels = Readonly<Record<string, LabelValue>>;

export interface Sample {
  value: number;
  labels?: Labels;
  sharedLabels?: Labels;
  metricName?: string;
}

export interface Family {
  name: string;
  help: string;
  type: string;
  values?: Sample[];
}

interface Readable {
  get(): Promise<Family> | Family;
  getForPromString?(): Promise<Family> | Family;
}

export function readFamilies(registry: Registry): Promise<Family[]> {
  return Promise.all(
    registry.getMetricsAsArray().map(async (metric) => {
      const readable = metric as unknown as Readable;
      return typeof readable.getForPromString === 'function' ? await readable.getForPromString() : await readable.get();
    }),
  );
}

/** 'Nan' is prom-client's text-format spelling (Prometheus parses floats case-insensitively); OpenMetrics says 'NaN'. */
export type NanSpelling = 'Nan' | 'NaN';

export function formatNumber(value: number, nan: NanSpelling): string {
  if (Number.isNaN(value)) return nan;
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Backslashes and newlines escaped: the text format's metric names and HELP. */
export function escapeBackslashesAndNewlines(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Backslashes, newlines and double quotes escaped: label values in both formats, and OpenMetrics' HELP. */
export function escapeLabelValue(text: string): string {
  return escapeBackslashesAndNewlines(text).replace(/"/g, '\\"');
}
