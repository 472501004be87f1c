// The SQLite file: WAL, the schema from numbered migrations, applied once, atomically.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { appMigrations } from '../../../../app/site/db/migrations/index.js';
import { migrate } from '../../../../app/kernel/db/migrate.js';
import { openDatabase } from '../../../../app/kernel/db/open.js';

describe('openDatabase', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grapevine-db-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('creates the directory and the file, in WAL mode with foreign keys on, with every migration recorded', () => {
    const file = join(dir, 'nested', 'grapevine.sqlite');
    const db = openDatabase({ file, migrations: appMigrations });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    assert.deepEqual(tables, ['accounts', 'games', 'schema_migrations', 'sessions', 'throttle_attempts']);
    assert.deepEqual(db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all(), [
      { id: 1, name: 'accounts' },
      { id: 2, name: 'sessions' },
      { id: 3, name: 'games' },
      { id: 4, name: 'throttle' },
    ]);
    db.close();
    // Opening again applies nothing new and keeps the data.
    const again = openDatabase({ file, migrations: appMigrations });
    assert.equal(again.prepare('SELECT count(*) FROM schema_migrations').pluck().get(), 4);
    again.close();
  });

  test('usernames are unique regardless of case, enforced by SQLite itself', () => {
    const db = openDatabase({ file: ':memory:', migrations: appMigrations });
    const insert = db.prepare("INSERT INTO accounts (username, email, password_hash, created_at) VALUES (?, 'e@x.test', 'h', 'now')");
    insert.run('Zed');
    assert.throws(() => insert.run('zED'), /UNIQUE constraint failed/);
    db.close();
  });

  test('a failing migration leaves nothing behind, and is retried on the next start', () => {
    const db = openDatabase({ file: ':memory:', migrations: appMigrations });
    const broken = [...appMigrations, { id: 5, name: 'broken', sql: 'CREATE TABLE half (id INTEGER); SELECT * FROM missing_table;' }];
    assert.throws(() => migrate(db, broken), /no such table: missing_table/);
    assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get(), 0);
    assert.equal(db.prepare('SELECT max(id) FROM schema_migrations').pluck().get(), 4);
    db.close();
  });

  test('refuses a database newer than this build, and migration ids with gaps', () => {
    const db = openDatabase({ file: ':memory:', migrations: appMigrations });
    assert.throws(() => migrate(db, appMigrations.slice(0, 2)), /newer than this build knows/);
    assert.throws(() => migrate(db, [appMigrations[0], appMigrations[2]]), /expected 2/);
    db.close();
  });
});
