import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from '../../../app/kernel/config/env.js';
import { parseInboxConfig } from '../../../app/inbox/config.js';
import { openDatabase } from '../../../app/kernel/db/open.js';
import { openInboxDatabase } from '../../../app/inbox/database.js';
import { inboxMigrations } from '../../../app/inbox/migrations.js';
import { createNotificationRepository } from '../../../app/inbox/repository.js';
import { validateWebhookPayload } from '../../../app/inbox/validate.js';
import { firingPayload } from '../support/inbox.js';

describe('parseInboxConfig', () => {
  test('defaults: 127.0.0.1:4200, ./data/inbox.sqlite, the token beside it, and the limits', () => {
    assert.deepEqual(parseInboxConfig({}), {
      host: '127.0.0.1',
      port: 4200,
      dataDir: resolve('data'),
      databaseFile: resolve('data', 'inbox.sqlite'),
      webhookTokenFile: resolve('data', 'inbox-webhook-token'),
      maxAlertsPerNotification: 100,
      bodyLimitBytes: 416 * 1024,
      maxNotifications: 10_000,
      retentionHours: 168,
      duplicateWindowSeconds: 600,
    });
  });

  test('reads the token file and every limit, the body limit following the alert cap', () => {
    const config = parseInboxConfig({
      INBOX_WEBHOOK_TOKEN_FILE: '/run/secrets/token',
      INBOX_MAX_ALERTS_PER_NOTIFICATION: '10',
      INBOX_MAX_NOTIFICATIONS: '50',
      INBOX_RETENTION_HOURS: '0.5',
      INBOX_DUPLICATE_WINDOW_SECONDS: '0',
    });
    assert.equal(config.webhookTokenFile, '/run/secrets/token');
    assert.equal(config.maxAlertsPerNotification, 10);
    assert.equal(config.bodyLimitBytes, 56 * 1024);
    assert.equal(config.maxNotifications, 50);
    assert.equal(config.retentionHours, 0.5);
    assert.equal(config.duplicateWindowSeconds, 0);
  });

  test('refuses nonsense limits, naming each', () => {
    assert.throws(
      () =>
        parseInboxConfig({
          INBOX_MAX_ALERTS_PER_NOTIFICATION: '0',
          INBOX_MAX_NOTIFICATIONS: 'lots',
          INBOX_RETENTION_HOURS: '-1',
          INBOX_DUPLICATE_WINDOW_SECONDS: '1.5',
          INBOX_WEBHOOK_TOKEN_FILE: ' ',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(
          error.problems.map((problem) => problem.split(' ')[0]),
          [
            'INBOX_WEBHOOK_TOKEN_FILE',
            'INBOX_MAX_ALERTS_PER_NOTIFICATION',
            'INBOX_MAX_NOTIFICATIONS',
            'INBOX_RETENTION_HOURS',
            'INBOX_DUPLICATE_WINDOW_SECONDS',
          ],
        );
        return true;
      },
    );
  });

  test("reads INBOX_PORT, HOST and DATA_DIR (and ignores the app's PORT)", () => {
    const config = parseInboxConfig({ INBOX_PORT: '4300', PORT: '1', HOST: '0.0.0.0', DATA_DIR: '/var/lib/inbox' });
    assert.equal(config.port, 4300);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.databaseFile, '/var/lib/inbox/inbox.sqlite');
  });

  test('names every bad key at once', () => {
    assert.throws(
      () => parseInboxConfig({ INBOX_PORT: '70000', HOST: '  ', DATA_DIR: '' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 3);
        assert.match(error.message, /INBOX_PORT must be a TCP port number from 0 to 65535, got "70000"/);
        assert.match(error.message, /HOST must not be blank/);
        assert.match(error.message, /DATA_DIR must not be blank/);
        return true;
      },
    );
  });
});

describe('the inbox database', () => {
  test('is a WAL-mode SQLite file whose notifications survive a restart', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'grapevine-inbox-db-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'nested', 'inbox.sqlite');
    const result = validateWebhookPayload(firingPayload());
    assert.ok(result.ok);

    const first = openInboxDatabase(file);
    assert.equal(first.pragma('journal_mode', { simple: true }), 'wal');
    createNotificationRepository(first).save(result.payload, new Date('2026-11-25T02:20:00Z'));
    first.close();

    const second = openInboxDatabase(file);
    t.after(() => second.close());
    const [stored] = createNotificationRepository(second).listNewest(10);
    assert.equal(stored?.receiver, 'inbox-info');
    assert.equal(stored?.notificationReason, 'first notification');
    assert.deepEqual(stored?.alerts[0]?.labels, firingPayload().alerts[0].labels);
    assert.deepEqual(second.prepare('SELECT id, name FROM schema_migrations').all(), [
      { id: 1, name: 'notifications' },
      { id: 2, name: 'retention and duplicates' },
    ]);
  });

  test('a database from before migration 2 keeps its notifications, none flagged as duplicates', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'grapevine-inbox-db-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'inbox.sqlite');
    const old = openDatabase({ file, migrations: inboxMigrations.slice(0, 1) });
    old.exec(`INSERT INTO notifications VALUES (1, '2026-11-25T02:20:00.000Z', 'inbox-info', 'firing', 'g', 0, '{}', '{}', '{}', '', NULL);
              INSERT INTO alerts VALUES (1, 1, 0, 'firing', '{"alertname":"A"}', '{}', '2026-11-25T02:19:45Z', '0001-01-01T00:00:00Z', '', 'f')`);
    old.close();

    const db = openInboxDatabase(file);
    t.after(() => db.close());
    const [stored] = createNotificationRepository(db).listNewest(10);
    assert.equal(stored?.id, 1);
    assert.equal(stored?.duplicateOf, null);
    assert.equal(stored?.alertCount, 1);
  });
});
