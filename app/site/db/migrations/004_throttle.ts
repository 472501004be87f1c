import type { Migration } from '../../../kernel/db/migrate.js';

// Sign-in and registration attempts that count towards a throttle (accounts/throttle.ts): one row an
// attempt, keyed by what is limited ("sign_in:account:alice", "register:address:127.0.0.1"). In
// SQLite, so a restart does not reset the count and replicas on one volume share it.
export const throttle: Migration = {
  id: 4,
  name: 'throttle',
  sql: `
    CREATE TABLE throttle_attempts (
      bucket TEXT NOT NULL,
      at_ms INTEGER NOT NULL
    );
    CREATE INDEX throttle_attempts_bucket_at ON throttle_attempts (bucket, at_ms);
    CREATE INDEX throttle_attempts_at ON throttle_attempts (at_ms);
  `,
};
