// Shared by the inbox tests: realistic payloads (captured from Alertmanager 0.33.1 routing through
// alertmanager/alertmanager.yml) and an inbox running on a loopback port 0 with a temp DATA_DIR.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { Clock } from '../../../app/kernel/clock.js';
import { createLogger, type LogLine } from '../../../app/kernel/logging/logger.js';
import { serverFor } from '../../../app/kernel/http/listen.js';
import { createInbox, type InboxAppConfig } from '../../../app/inbox/app.js';
import { bodyLimitFor, INBOX_DEFAULTS } from '../../../app/inbox/config.js';
import { INBOX_DB_FILE, openInboxDatabase, type InboxDatabase } from '../../../app/inbox/database.js';
import { createNotificationRepository } from '../../../app/inbox/repository.js';

const RUNBOOK = 'https://github.com/grapevine-observatory/grapevine-observatory#runbook-newuserregistered';

const newUserAlert = {
  labels: { alertname: 'NewUserRegistered', instance: 'app:4101', job: 'grapevine', severity: 'info' },
  annotations: {
    description: 'The app replica app:4101 (job grapevine) created at least one account in the last 5 minutes.',
    runbook_url: RUNBOOK,
    summary: 'A new user registered on Grapevine',
  },
  startsAt: '2026-11-25T02:19:45.275Z',
  generatorURL: 'http://prometheus:9090/graph?g0.expr=increase%28grapevine_accounts_create_total%5B5m%5D%29+%3E+0&g0.tab=1',
  fingerprint: '64c3133487b6ffa0',
};

const groupFields = {
  receiver: 'inbox-info',
  groupLabels: { alertname: 'NewUserRegistered', severity: 'info' },
  commonLabels: newUserAlert.labels,
  commonAnnotations: newUserAlert.annotations,
  externalURL: 'http://alertmanager:9093',
  version: '4',
  groupKey: '{}/{severity="info"}:{alertname="NewUserRegistered", severity="info"}',
  truncatedAlerts: 0,
};

/** Alertmanager 0.33.1's first notification for NewUserRegistered, as it arrived (key order kept). */
export function firingPayload(): Record<string, any> {
  return structuredClone({
    ...groupFields,
    status: 'firing',
    alerts: [{ status: 'firing', ...newUserAlert, endsAt: '0001-01-01T00:00:00Z' }],
    notification_reason: 'first notification',
  });
}

/** The same group's notification once the alert cleared. */
export function resolvedPayload(): Record<string, any> {
  return structuredClone({
    ...groupFields,
    status: 'resolved',
    alerts: [{ status: 'resolved', ...newUserAlert, endsAt: '2026-11-25T02:24:46.798Z' }],
    notification_reason: 'all alerts resolved',
  });
}

export interface TestInbox {
  url: string;
  db: InboxDatabase;
  registry: Registry;
  dataDir: string;
  /** What the inbox logged (server errors, failed readiness checks). */
  logLines: LogLine[];
  /** The bearer token this inbox's /webhook requires; postWebhook sends it unless told otherwise. */
  token: string;
  /** Row counts straight from SQLite. */
  count(): { notifications: number; alerts: number };
  /** POSTs to /webhook with the token; `authorization: ''` (or any value) in `headers` replaces it. */
  postWebhook(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface TestInboxOptions extends Partial<InboxAppConfig> {
  clock?: Clock;
}

export const TEST_WEBHOOK_TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';

/** An inbox on 127.0.0.1, port 0, with its own temp DATA_DIR and registry, and the defaults unless given. */
export async function startTestInbox({ clock, ...overrides }: TestInboxOptions = {}): Promise<TestInbox> {
  const dataDir = mkdtempSync(join(tmpdir(), 'grapevine-inbox-test-'));
  const db = openInboxDatabase(join(dataDir, INBOX_DB_FILE));
  const registry = new Registry();
  const logLines: LogLine[] = [];
  const log = createLogger((line) => logLines.push(line));
  const maxAlertsPerNotification = overrides.maxAlertsPerNotification ?? INBOX_DEFAULTS.maxAlertsPerNotification;
  const config: InboxAppConfig = {
    maxAlertsPerNotification,
    bodyLimitBytes: bodyLimitFor(maxAlertsPerNotification),
    maxNotifications: INBOX_DEFAULTS.maxNotifications,
    retentionHours: INBOX_DEFAULTS.retentionHours,
    duplicateWindowSeconds: INBOX_DEFAULTS.duplicateWindowSeconds,
    ...overrides,
  };
  const app = createInbox({ config, webhookToken: TEST_WEBHOOK_TOKEN, db, registry, log, ...(clock ? { clock } : {}) });
  const server: Server = serverFor(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const repository = createNotificationRepository(db);

  return {
    url,
    db,
    registry,
    dataDir,
    logLines,
    token: TEST_WEBHOOK_TOKEN,
    count: () => repository.count(),
    postWebhook: (body, headers = {}) =>
      fetch(`${url}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_WEBHOOK_TOKEN}`, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A clock that moves one second per call, so receivedAt values are distinct and ordered. */
export function steppingClock(start = '2026-11-25T02:20:00.000Z'): Clock {
  let next = Date.parse(start);
  return {
    now() {
      const now = new Date(next);
      next += 1000;
      return now;
    },
  };
}

/** A metric's value from the registry, 0 when the series does not exist. */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return undefined;
  const { values } = await metric.get();
  const sample = values.find((value) => Object.entries(labels).every(([key, wanted]) => String(value.labels[key]) === wanted));
  return sample?.value;
}

/** The sum of a metric's samples over all label values, 0 when none; undefined when the metric does not exist. */
export async function metricSum(registry: Registry, name: string): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return undefined;
  return (await metric.get()).values.reduce((sum, sample) => sum + sample.value, 0);
}
