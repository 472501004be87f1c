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
  /** Alerts Alertmanager left out of this notification (its webhook's max_alerts). */
  truncatedAlerts: number;
  /** The id of the earlier notification this one duplicates (same group, status and alerts), or null. */
  duplicateOf: number | null;
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
    truncatedAlerts: notification.truncatedAlerts,
    duplicateOf: notification.duplicateOf,
  };
}

// One page holds at most MAX_LIST_LIMIT notifications of at most INBOX_MAX_ALERTS_PER_NOTIFICATION
// alerts each, so a response's size is bounded whatever is stored; older ones are a `before` away.
export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 100;

export interface ListQuery {
  limit: number;
  /** Only notifications with an id below this one; undefined for the newest. */
  before: number | undefined;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses `?limit=` and `?before=`: absent means the defaults; anything but a whole number in range is an error. */
export function parseListQuery(query: Record<string, string | string[] | undefined>, maxLimit = MAX_LIST_LIMIT): Parsed<ListQuery> {
  const limit = wholeNumber('limit', query.limit, 1, maxLimit);
  if (!limit.ok) return limit;
  const before = wholeNumber('before', query.before, 1, Number.MAX_SAFE_INTEGER);
  if (!before.ok) return before;
  return { ok: true, value: { limit: limit.value ?? Math.min(DEFAULT_LIST_LIMIT, maxLimit), before: before.value } };
}

/** The query string of the next (older) page after `notifications`, or undefined on the last page. */
export function olderPageQuery(
  notifications: readonly { id: number }[],
  hasOlder: boolean,
  limit: number,
  defaultLimit: number,
): string | undefined {
  const oldest = notifications.at(-1);
  if (!hasOlder || oldest === undefined) return undefined;
  return limit === defaultLimit ? `?before=${oldest.id}` : `?before=${oldest.id}&limit=${limit}`;
}

function wholeNumber(name: string, raw: string | string[] | undefined, min: number, max: number): Parsed<number | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  if (Array.isArray(raw)) return { ok: false, error: `${name} must be given once` };
  if (!/^\d{1,16}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    return { ok: false, error: `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw.slice(0, 20))}` };
  }
  return { ok: true, value: Number(raw) };
}
