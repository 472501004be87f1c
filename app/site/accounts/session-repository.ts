// Sessions in SQLite, keyed by a hash of the token the browser holds.
import type { Database } from '../../kernel/db/open.js';
import type { Account } from './repository.js';

export interface SessionRepository {
  insert(session: { tokenHash: string; accountId: number; createdAt: string; expiresAt: string }): void;
  /** The account of an unexpired session. */
  findAccount(tokenHash: string, now: string): Account | undefined;
  /** The account id of the deleted session, if there was one. */
  delete(tokenHash: string): number | undefined;
  deleteExpired(now: string): number;
}

export function createSessionRepository(db: Database): SessionRepository {
  const insert = db.prepare<[string, number, string, string]>(
    'INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  );
  const findAccount = db.prepare<[string, string], Account>(
    `SELECT a.id, a.username, a.email, a.created_at AS createdAt
     FROM sessions s JOIN accounts a ON a.id = s.account_id
     WHERE s.token_hash = ? AND s.expires_at > ?`,
  );
  const remove = db.prepare<[string], number>('DELETE FROM sessions WHERE token_hash = ? RETURNING account_id').pluck();
  const removeExpired = db.prepare<[string]>('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    insert: ({ tokenHash, accountId, createdAt, expiresAt }) => void insert.run(tokenHash, accountId, createdAt, expiresAt),
    findAccount: (tokenHash, now) => findAccount.get(tokenHash, now),
    delete: (tokenHash) => remove.get(tokenHash),
    deleteExpired: (now) => removeExpired.run(now).changes,
  };
}
