import type { Migration } from '../../../kernel/db/migrate.js';

// Only a hash of each session token is stored: a copy of the database does not sign anyone in.
export const sessions: Migration = {
  id: 2,
  name: 'sessions',
  sql: `
    CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sessions_account_id ON sessions (account_id);
    CREATE INDEX sessions_expires_at ON sessions (expires_at);
  `,
};
