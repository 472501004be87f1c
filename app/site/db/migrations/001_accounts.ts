import type { Migration } from '../../../kernel/db/migrate.js';

// COLLATE NOCASE on the unique index makes "Alice" and "alice" the same account, enforced by
// SQLite itself, so two concurrent registrations cannot both win.
export const accounts: Migration = {
  id: 1,
  name: 'accounts',
  sql: `
    CREATE TABLE accounts (
      id INTEGER PRIMARY KEY,
      username TEXT NOT NULL,
      email TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX accounts_username_unique ON accounts (username COLLATE NOCASE);
  `,
};
