// Opening an embedded SQLite database the way a small web service wants it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import DatabaseConstructor, { type Database } from 'better-sqlite3';
import { migrate, type Migration } from './migrate.js';

export type { Database };

export interface OpenDatabaseOptions {
  /** A file path, or ':memory:'. The file's directory is created when missing. */
  file: string;
  migrations: readonly Migration[];
}

export function openDatabase({ file, migrations }: OpenDatabaseOptions): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseConstructor(file);
  try {
    // WAL: readers (pages, readiness checks) never wait for a writer, and a crash loses nothing committed.
    db.pragma('journal_mode = WAL');
    // NORMAL is durable under WAL against a process crash (only an OS crash can lose the last commits).
    db.pragma('synchronous = NORMAL');
    // A second process holding the write lock for a moment (an old replica shutting down) is waited for.
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
