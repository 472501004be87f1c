import type { Migration } from '../../../kernel/db/migrate.js';

// A game's client secret is shown once, at creation; only its hash is kept.
export const games: Migration = {
  id: 3,
  name: 'games',
  sql: `
    CREATE TABLE games (
      id INTEGER PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      client_id TEXT NOT NULL UNIQUE,
      client_secret_hash TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX games_name_unique ON games (name COLLATE NOCASE);
    CREATE INDEX games_account_id ON games (account_id);
  `,
};
