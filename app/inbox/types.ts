// Alertmanager's webhook payload (version "4"), as documented at
// https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
// and what the inbox keeps of it.

export type AlertStatus = 'firing' | 'resolved';

export type LabelSet = Record<string, string>;

export interface WebhookAlert {
  status: AlertStatus;
  labels: LabelSet;
  annotations: LabelSet;
  startsAt: string;
  /** "0001-01-01T00:00:00Z" (Go's zero time) while the alert has no known end. */
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

export interface WebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: AlertStatus;
  receiver: string;
  groupLabels: LabelSet;
  commonLabels: LabelSet;
  commonAnnotations: LabelSet;
  externalURL: string;
  alerts: WebhookAlert[];
  /**
   * Why Alertmanager sent this notification ("first notification", "all alerts resolved",
   * "repeat interval elapsed", ...), as recent Alertmanagers (0.33 does) send it; null when absent.
   */
  notificationReason: string | null;
}

/** A notification as stored: the whole payload plus when the inbox received it. */
export interface StoredNotification extends Omit<WebhookPayload, 'version'> {
  id: number;
  receivedAt: string;
  /** The id of the earlier notification this one repeats (see alert-set.ts), or null. */
  duplicateOf: number | null;
  /** How many alerts it holds; `alerts` may list only the first few when read for the page. */
  alertCount: number;
}
