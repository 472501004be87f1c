// What the HA tests and benchmark ask of the inbox: the notifications that carry one alert (by
// name and app instance) firing, and among them the duplicates, counted here the way the inbox
// flags them: the same group key and state, received more than once; and what the inbox flagged.
import { inboxApi, type InboxNotification } from './inbox.js';

export interface AlertNotifications {
  /** Every notification, newest last, that carries the alert firing. */
  notifications: InboxNotification[];
  /** How many of them repeat an earlier one's group key and status. */
  duplicates: number;
  /** How many of them the inbox itself flagged as duplicates (`duplicateOf`: same group key, status and alerts). */
  flagged: number;
}

/** The inbox's notification ids now, so that later counts see only what arrived after. */
export async function seenNotifications(inboxUrl: string): Promise<Set<number>> {
  return new Set((await inboxApi(inboxUrl).notifications()).map((notification) => notification.id));
}

export async function notificationsOf(
  inboxUrl: string,
  alert: { alertname: string; instance: string },
  seen: ReadonlySet<number>,
): Promise<AlertNotifications> {
  return carrying(await inboxApi(inboxUrl).notifications(), alert, seen);
}

/** Of `all`, those not `seen` that carry the alert firing, oldest first, and how many repeat an earlier one. */
export function carrying(
  all: readonly InboxNotification[],
  alert: { alertname: string; instance: string },
  seen: ReadonlySet<number>,
): AlertNotifications {
  const notifications = all
    .filter((n) => !seen.has(n.id) && n.status === 'firing')
    .filter((n) =>
      n.alerts.some((a) => a.status === 'firing' && a.labels.alertname === alert.alertname && a.labels.instance === alert.instance),
    )
    .sort((a, b) => a.id - b.id);
  const keys = new Set(notifications.map((n) => `${n.groupKey}\u0000${n.status}`));
  const flagged = notifications.filter((n) => n.duplicateOf !== null).length;
  return { notifications, duplicates: notifications.length - keys.size, flagged };
}
