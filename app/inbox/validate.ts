import type { AlertStatus, LabelSet, WebhookAlert, WebhookPayload } from './types.js';

// Strict about everything the inbox reads or shows: each field Alertmanager documents must be
// present with its documented type, and every problem is reported with the field's path.
// Unknown extra fields are ignored, not rejected: Alertmanager adds fields within version "4"
// (truncatedAlerts arrived in 0.22), and an upgrade must not turn every notification into a 400.

export type ValidationResult = { ok: true; payload: WebhookPayload } | { ok: false; errors: string[] };

const STATUSES: readonly AlertStatus[] = ['firing', 'resolved'];

// RFC 3339 as Go's time.Time marshals it: up to nanosecond fractions, Z or a numeric offset.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function validateWebhookPayload(body: unknown): ValidationResult {
  const errors: string[] = [];
  if (!isPlainObject(body)) {
    return { ok: false, errors: [`the body must be a JSON object (Alertmanager's webhook payload), got ${describe(body)}`] };
  }

  if (body.version !== '4') {
    errors.push(`version must be "4" (the only webhook format Alertmanager sends), got ${describe(body.version)}`);
  }
  const receiver = nonEmptyString(body, 'receiver', 'receiver', errors);
  const status = alertStatus(body, 'status', 'status', errors);
  const groupKey = nonEmptyString(body, 'groupKey', 'groupKey', errors);
  const truncatedAlerts = count(body, 'truncatedAlerts', 'truncatedAlerts', errors);
  const groupLabels = labelSet(body, 'groupLabels', 'groupLabels', errors);
  const commonLabels = labelSet(body, 'commonLabels', 'commonLabels', errors);
  const commonAnnotations = labelSet(body, 'commonAnnotations', 'commonAnnotations', errors);
  const externalURL = string(body, 'externalURL', 'externalURL', errors);
  const alerts = alertList(body.alerts, errors);
  const notificationReason = optionalString(body, 'notification_reason', 'notification_reason', errors);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    payload: {
      version: '4',
      receiver: receiver!,
      status: status!,
      groupKey: groupKey!,
      truncatedAlerts: truncatedAlerts!,
      groupLabels: groupLabels!,
      commonLabels: commonLabels!,
      commonAnnotations: commonAnnotations!,
      externalURL: externalURL!,
      alerts: alerts!,
      notificationReason: notificationReason ?? null,
    },
  };
}

/** One line for a 400 response: the first few problems, each naming its field. */
export function describeErrors(errors: readonly string[], shown = 5): string {
  const listed = errors.slice(0, shown).join('; ');
  const more = errors.length > shown ? `; and ${errors.length - shown} more` : '';
  return `invalid Alertmanager webhook payload: ${listed}${more}`;
}

function alertList(value: unknown, errors: string[]): WebhookAlert[] | undefined {
  if (!Array.isArray(value)) {
    errors.push(`alerts must be an array of alerts, got ${describe(value)}`);
    return undefined;
  }
  // Alertmanager never notifies about an empty group; an empty list is someone else's request.
  if (value.length === 0) {
    errors.push('alerts must hold at least one alert, got an empty array');
    return undefined;
  }
  const alerts: WebhookAlert[] = [];
  value.forEach((item, index) => {
    const alert = validateAlert(item, `alerts[${index}]`, errors);
    if (alert) alerts.push(alert);
  });
  return alerts.length === value.length ? alerts : undefined;
}

function validateAlert(value: unknown, path: string, errors: string[]): WebhookAlert | undefined {
  if (!isPlainObject(value)) {
    errors.push(`${path} must be an object, got ${describe(value)}`);
    return undefined;
  }
  const before = errors.length;
  const status = alertStatus(value, 'status', `${path}.status`, errors);
  const labels = labelSet(value, 'labels', `${path}.labels`, errors);
  // Alertmanager refuses alerts without labels, so a labelless one cannot have come from it.
  if (labels && Object.keys(labels).length === 0) errors.push(`${path}.labels must hold at least one label, got {}`);
  const annotations = labelSet(value, 'annotations', `${path}.annotations`, errors);
  const startsAt = timestamp(value, 'startsAt', `${path}.startsAt`, errors);
  const endsAt = timestamp(value, 'endsAt', `${path}.endsAt`, errors);
  const generatorURL = string(value, 'generatorURL', `${path}.generatorURL`, errors);
  const fingerprint = nonEmptyString(value, 'fingerprint', `${path}.fingerprint`, errors);
  if (errors.length > before) return undefined;
  return {
    status: status!,
    labels: labels!,
    annotations: annotations!,
    startsAt: startsAt!,
    endsAt: endsAt!,
    generatorURL: generatorURL!,
    fingerprint: fingerprint!,
  };
}

function string(object: Record<string, unknown>, key: string, path: string, errors: string[]): string | undefined {
  const value = object[key];
  if (typeof value === 'string') return value;
  errors.push(`${path} must be a string, got ${describe(value)}`);
  return undefined;
}

function optionalString(object: Record<string, unknown>, key: string, path: string, errors: string[]): string | undefined {
  if (object[key] === undefined) return undefined;
  return string(object, key, path, errors);
}

function nonEmptyString(object: Record<string, unknown>, key: string, path: string, errors: string[]): string | undefined {
  const value = object[key];
  if (typeof value === 'string' && value.length > 0) return value;
  errors.push(`${path} must be a non-empty string, got ${describe(value)}`);
  return undefined;
}

function alertStatus(object: Record<string, unknown>, key: string, path: string, errors: string[]): AlertStatus | undefined {
  const value = object[key];
  if (STATUSES.includes(value as AlertStatus)) return value as AlertStatus;
  errors.push(`${path} must be "firing" or "resolved", got ${describe(value)}`);
  return undefined;
}

function count(object: Record<string, unknown>, key: string, path: string, errors: string[]): number | undefined {
  const value = object[key];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  errors.push(`${path} must be a whole number of at least 0, got ${describe(value)}`);
  return undefined;
}

function labelSet(object: Record<string, unknown>, key: string, path: string, errors: string[]): LabelSet | undefined {
  const value = object[key];
  if (!isPlainObject(value)) {
    errors.push(`${path} must be an object of string values, got ${describe(value)}`);
    return undefined;
  }
  const before = errors.length;
  const entries: Array<[string, string]> = [];
  for (const [name, labelValue] of Object.entries(value)) {
    if (name.length === 0) errors.push(`${path} must not have an empty name`);
    else if (typeof labelValue !== 'string') errors.push(`${path}.${name} must be a string, got ${describe(labelValue)}`);
    else entries.push([name, labelValue]);
  }
  // fromEntries defines own properties, so even a label named "__proto__" is kept as data.
  return errors.length > before ? undefined : Object.fromEntries(entries);
}

function timestamp(object: Record<string, unknown>, key: string, path: string, errors: string[]): string | undefined {
  const value = object[key];
  if (typeof value === 'string' && isRfc3339(value)) return value;
  errors.push(`${path} must be an RFC 3339 timestamp such as "2025-01-31T12:00:00Z", got ${describe(value)}`);
  return undefined;
}

function isRfc3339(value: string): boolean {
  const match = RFC3339.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  // Date.parse accepts 2025-02-30 by rolling over into March; check the calendar ourselves.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 60;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const shown = JSON.stringify(value);
  const short = shown.length > 40 ? `${shown.slice(0, 37)}...` : shown;
  return `${typeof value} ${short}`;
}
