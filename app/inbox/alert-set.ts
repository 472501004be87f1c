import { createHash } from 'node:crypto';
import type { WebhookPayload } from './types.js';

/**
 * What makes two notifications the same news: the group, its status, and the set of alerts in it,
 * each by fingerprint and its start and end. Alerts are sorted first: two Alertmanagers may list a
 * group's alerts in different orders. Labels and annotations are not compared: the fingerprint is
 * the hash of the labels, and annotations belong to the alert the fingerprint names.
 */
export function alertSetKey(payload: Pick<WebhookPayload, 'groupKey' | 'status' | 'alerts'>): string {
  const alerts = payload.alerts.map((alert) => [alert.fingerprint, alert.startsAt, alert.endsAt]).sort(compareTuples);
  return createHash('sha256')
    .update(JSON.stringify([payload.groupKey, payload.status, alerts]))
    .digest('hex');
}

function compareTuples(a: string[], b: string[]): number {
  const left = a.join('\u0000');
  const right = b.join('\u0000');
  return left < right ? -1 : left > right ? 1 : 0;
}
