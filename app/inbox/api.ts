import type { StoredNotification, WebhookAlert } from './types.js';

// The JSON `GET /api/notifications` serves, exactly as the contract fixes it: tests and the
// README's walkthrough read these keys, so the page may show more but this shape stays put.
export interface ApiNotification {
  id: number;
  receivedAt: string;
  receiver: string;
  status: 'firing' | 'resolved';
  groupKey: string;
  commonLabels: Record<string, string>;
  alerts: ApiAlert[];
}

export type ApiAlert = Pick<WebhookAlert, 'status' | 'labels' | 'annotations' | 'startsAt' | 'endsAt' | 'fingerprint'>;

export function toApiNotification(notification: StoredNotification): ApiNotification {
  return {
    id: notification.id,
    receivedAt: notification.receivedAt,
    receiver: notification.receiver,
    status: notification.status,
    groupKey: notification.groupKey,
    commonLabels: notification.commonLabels,
    alerts: notification.alerts.map(({ status, labels, annotations, startsAt, endsAt, fingerprint }) => ({
      status,
      labels,
      annotations,
      startsAt,
      endsAt,
      fingerprint,
    })),
  };
}

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

/** Parses `?limit=`: absent means the default; anything but a whole number in range is an error. */
export function parseLimit(raw: string | string[] | undefined): { ok: true; limit: number } | { ok: false; error: string } {
  if (raw === undefined) return { ok: true, limit: DEFAULT_LIST_LIMIT };
  if (Array.isArray(raw)) return { ok: false, error: 'limit must be given once' };
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIST_LIMIT) {
    return { ok: false, error: `limit must be a whole number from 1 to ${MAX_LIST_LIMIT}, got ${JSON.stringify(raw.slice(0, 20))}` };
  }
  return { ok: true, limit: Number(raw) };
}
