import { alertSetKey } from './alert-set.js';
import type { InboxDatabase } from './database.js';
import type { LabelSet, StoredNotification, WebhookAlert, WebhookPayload } from './types.js';

export interface NotificationRepository {
  /**
   * Stores a notification and all its alerts in one transaction: all of it or none of it. It is
   * flagged as a duplicate when one with the same alert set arrived within `duplicateWindowSeconds`.
   */
  save(payload: WebhookPayload, receivedAt: Date, duplicateWindowSeconds?: number): StoredNotification;
  /** The newest `limit` notifications, newest first, each with its alerts in payload order. */
  listNewest(limit: number): StoredNotification[];
  /**
   * One page, newest first: up to `limit` notifications with an id below `before` (all when
   * undefined), and whether older ones remain. Reads `limit + 1` rows by primary key, whatever is stored.
   * With `alertsEach`, only each notification's first `alertsEach` alerts are read (alertCount has them all).
   */
  listPage(options: { before?: number; limit: number; alertsEach?: number }): { notifications: StoredNotification[]; hasOlder: boolean };
  /** Row counts (tests check that a rejected request stored nothing). */
  count(): { notifications: number; alerts: number };
}

interface NotificationRow {
  id: number;
  received_at: string;
  receiver: string;
  status: 'firing' | 'resolved';
  group_key: string;
  truncated_alerts: number;
  group_labels: string;
  common_labels: string;
  common_annotations: string;
  external_url: string;
  notification_reason: string | null;
  duplicate_of: number | null;
}

interface AlertRow {
  notification_id: number;
  status: 'firing' | 'resolved';
  labels: string;
  annotations: string;
  starts_at: string;
  ends_at: string;
  generator_url: string;
  fingerprint: string;
}

export function createNotificationRepository(db: InboxDatabase): NotificationRepository {
  const insertNotification = db.prepare<
    [string, string, string, string, number, string, string, string, string, string | null, string, number | null],
    void
  >(
    `INSERT INTO notifications
       (received_at, receiver, status, group_key, truncated_alerts, group_labels, common_labels, common_annotations,
        external_url, notification_reason, alert_set_key, duplicate_of)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAlert = db.prepare<[number | bigint, number, string, string, string, string, string, string, string], void>(
    `INSERT INTO alerts
       (notification_id, position, status, labels, annotations, starts_at, ends_at, generator_url, fingerprint)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // The latest notification with the same alert set inside the window (index notifications_alert_set).
  // A duplicate of a duplicate points at the original, so the first of a burst is the one counted once.
  const selectEarlierSame = db.prepare<[string, string], { id: number; duplicate_of: number | null }>(
    `SELECT id, duplicate_of FROM notifications
      WHERE alert_set_key = ? AND received_at >= ?
      ORDER BY received_at DESC, id DESC LIMIT 1`,
  );
  const selectPage = db.prepare<[number, number], NotificationRow>('SELECT * FROM notifications WHERE id < ? ORDER BY id DESC LIMIT ?');
  // One query for the alerts of every listed notification (json_each turns the id list into rows).
  // The first `position < ?` alerts only: the UNIQUE (notification_id, position) index bounds the read.
  const selectAlerts = db.prepare<[string, number], AlertRow>(
    `SELECT notification_id, status, labels, annotations, starts_at, ends_at, generator_url, fingerprint
       FROM alerts
      WHERE notification_id IN (SELECT value FROM json_each(?)) AND position < ?
      ORDER BY notification_id, position`,
  );
  const selectAlertCounts = db.prepare<[string], { notification_id: number; alerts: number }>(
    `SELECT notification_id, count(*) AS alerts FROM alerts
      WHERE notification_id IN (SELECT value FROM json_each(?)) GROUP BY notification_id`,
  );
  const selectCounts = db.prepare<[], { notifications: number; alerts: number }>(
    'SELECT (SELECT count(*) FROM notifications) AS notifications, (SELECT count(*) FROM alerts) AS alerts',
  );

  const saveInTransaction = db.transaction(
    (payload: WebhookPayload, receivedAt: Date, duplicateWindowSeconds: number): { id: number; duplicateOf: number | null } => {
      const key = alertSetKey(payload);
      const windowStart = new Date(receivedAt.getTime() - duplicateWindowSeconds * 1000).toISOString();
      const earlier = duplicateWindowSeconds > 0 ? selectEarlierSame.get(key, windowStart) : undefined;
      const duplicateOf = earlier === undefined ? null : (earlier.duplicate_of ?? earlier.id);
      const { lastInsertRowid } = insertNotification.run(
        receivedAt.toISOString(),
        payload.receiver,
        payload.status,
        payload.groupKey,
        payload.truncatedAlerts,
        JSON.stringify(payload.groupLabels),
        JSON.stringify(payload.commonLabels),
        JSON.stringify(payload.commonAnnotations),
        payload.externalURL,
        payload.notificationReason,
        key,
        duplicateOf,
      );
      payload.alerts.forEach((alert, position) => {
        insertAlert.run(
          lastInsertRowid,
          position,
          alert.status,
          JSON.stringify(alert.labels),
          JSON.stringify(alert.annotations),
          alert.startsAt,
          alert.endsAt,
          alert.generatorURL,
          alert.fingerprint,
        );
      });
      return { id: Number(lastInsertRowid), duplicateOf };
    },
  );

  function withAlerts(rows: NotificationRow[], alertsEach = Number.MAX_SAFE_INTEGER): StoredNotification[] {
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((row) => row.id));
    const alertsById = new Map<number, WebhookAlert[]>(rows.map((row) => [row.id, []]));
    for (const alert of selectAlerts.all(ids, alertsEach)) {
      alertsById.get(alert.notification_id)!.push(toAlert(alert));
    }
    const counts = new Map(selectAlertCounts.all(ids).map((row) => [row.notification_id, row.alerts]));
    return rows.map((row) => toNotification(row, alertsById.get(row.id)!, counts.get(row.id) ?? 0));
  }

  return {
    save(payload, receivedAt, duplicateWindowSeconds = 0) {
      const { id, duplicateOf } = saveInTransaction(payload, receivedAt, duplicateWindowSeconds);
      const { version: _version, ...rest } = payload;
      return { id, receivedAt: receivedAt.toISOString(), ...rest, duplicateOf, alertCount: payload.alerts.length };
    },

    listNewest(limit) {
      return withAlerts(selectPage.all(Number.MAX_SAFE_INTEGER, limit));
    },

    listPage({ before = Number.MAX_SAFE_INTEGER, limit, alertsEach }) {
      const rows = selectPage.all(before, limit + 1);
      return { notifications: withAlerts(rows.slice(0, limit), alertsEach), hasOlder: rows.length > limit };
    },

    count() {
      return selectCounts.get()!;
    },
  };
}

function toNotification(row: NotificationRow, alerts: WebhookAlert[], alertCount: number): StoredNotification {
  return {
    id: row.id,
    receivedAt: row.received_at,
    receiver: row.receiver,
    status: row.status,
    groupKey: row.group_key,
    truncatedAlerts: row.truncated_alerts,
    groupLabels: parseLabels(row.group_labels),
    commonLabels: parseLabels(row.common_labels),
    commonAnnotations: parseLabels(row.common_annotations),
    externalURL: row.external_url,
    alerts,
    notificationReason: row.notification_reason,
    duplicateOf: row.duplicate_of,
    alertCount,
  };
}

function toAlert(row: AlertRow): WebhookAlert {
  return {
    status: row.status,
    labels: parseLabels(row.labels),
    annotations: parseLabels(row.annotations),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    generatorURL: row.generator_url,
    fingerprint: row.fingerprint,
  };
}

function parseLabels(json: string): LabelSet {
  return JSON.parse(json) as LabelSet;
}
