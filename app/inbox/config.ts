// The inbox's settings, parsed once from the environment by main.ts. Every bad key is reported at
// once (a ConfigError lists them all), so a misconfigured container says it in its first log line.
import { join, resolve } from 'node:path';
import { createEnvReader, type Environment } from '../kernel/config/env.js';
import { INBOX_DB_FILE } from './database.js';

export interface InboxConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseFile: string;
  /** The file holding the bearer token POST /webhook requires; created (random) when missing. */
  webhookTokenFile: string;
  /** More alerts than this in one notification: 413. Alertmanager's `max_alerts` is set to the same. */
  maxAlertsPerNotification: number;
  /** Largest webhook body accepted: what maxAlertsPerNotification alerts need, see bodyLimitFor. */
  bodyLimitBytes: number;
  /** The newest this many notifications are kept; older ones are deleted as new ones arrive. */
  maxNotifications: number;
  /** Notifications received longer ago than this are deleted. */
  retentionHours: number;
  /** A notification equal to one received this recently is flagged as its duplicate. */
  duplicateWindowSeconds: number;
}

export const INBOX_WEBHOOK_TOKEN_FILE_NAME = 'inbox-webhook-token';

export const INBOX_DEFAULTS = {
  host: '127.0.0.1',
  port: 4200,
  dataDir: './data',
  // Alertmanager truncates a group to its webhook's max_alerts (alertmanager/alertmanager.yml says
  // 100 too) and reports the rest in truncatedAlerts, so a real notification never exceeds this.
  maxAlertsPerNotification: 100,
  // A workshop's alerts for a week, ten thousand notifications: a few MB of SQLite, and the page
  // and API read only one page of them whatever is stored.
  maxNotifications: 10_000,
  retentionHours: 168,
  // Duplicates from redundant Alertmanagers (issue 13: three of them, two Prometheus) arrive within
  // seconds of each other: each peer waits its position x peer_timeout (15 s) before sending, so
  // 3 peers are done within about 30 s. Alertmanager's own identical reminder of a still-firing group
  // comes only after repeat_interval (1 h in alertmanager/alertmanager.yml) and must not be flagged.
  // Ten minutes sits well between the two.
  duplicateWindowSeconds: 600,
} as const;

/**
 * Room for the payload's envelope (group and common labels, external URL) plus a generous 4 KiB per
 * alert (Alertmanager 0.33.1 sends about 0.7 KiB for the project's alerts): 416 KiB at 100 alerts.
 */
export function bodyLimitFor(maxAlerts: number): number {
  return 16 * 1024 + maxAlerts * 4 * 1024;
}

/** Throws a ConfigError naming every bad key. Reads nothing but `env`. */
export function parseInboxConfig(env: Environment): InboxConfig {
  const read = createEnvReader(env);
  const host = read.string('HOST', INBOX_DEFAULTS.host);
  const port = read.port('INBOX_PORT', INBOX_DEFAULTS.port);
  const dataDir = resolve(read.string('DATA_DIR', INBOX_DEFAULTS.dataDir));
  const webhookTokenFile = resolve(read.string('INBOX_WEBHOOK_TOKEN_FILE', join(dataDir, INBOX_WEBHOOK_TOKEN_FILE_NAME)));
  const maxAlertsPerNotification = read.integer('INBOX_MAX_ALERTS_PER_NOTIFICATION', INBOX_DEFAULTS.maxAlertsPerNotification, {
    min: 1,
    max: 1000,
  });
  const maxNotifications = read.integer('INBOX_MAX_NOTIFICATIONS', INBOX_DEFAULTS.maxNotifications, { min: 1, max: 1_000_000 });
  const retentionHours = read.number('INBOX_RETENTION_HOURS', INBOX_DEFAULTS.retentionHours, { min: 0.01, max: 24 * 366 });
  const duplicateWindowSeconds = read.integer('INBOX_DUPLICATE_WINDOW_SECONDS', INBOX_DEFAULTS.duplicateWindowSeconds, {
    min: 0,
    max: 86_400,
  });
  read.done();
  return {
    host,
    port,
    dataDir,
    databaseFile: join(dataDir, INBOX_DB_FILE),
    webhookTokenFile,
    maxAlertsPerNotification,
    bodyLimitBytes: bodyLimitFor(maxAlertsPerNotification),
    maxNotifications,
    retentionHours,
    duplicateWindowSeconds,
  };
}
