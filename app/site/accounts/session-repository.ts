// Sessions in SQLite, keyed by a hash of the token the browser holds.
import type { Database } from '../../kernel/db/open.js';
import type { Account } from './repository.js';

export interface SessionRepository {
  insert(session: { tokenHash: string; accountId: number; createdAt: string; expiresAt: string }): void;
  /** The account of an unexpired session. */
  findAccount(tokenHash: string, now: string): Account | undefined;
  /** The same with the session's expiry (ISO 8601), for what outlives one request (a web chat socket). */
  findSession(tokenHash: string, now: string): { account: Account; expiresAt: string } | undefined;
  /** The account id of the deleted session, if there was one. */
  delete(tokenHash: string): number | undefined;
  /** Deletes at most `limit` expired rows, so one sweep's work stays bounded however many piled up; their token hashes. */
  deleteExpired(now: string, limit?: number): string[];
  /** Deletes all but the newest `keep` sessions of an account; the token hashes deleted. */
  keepNewest(accountId: number, keep: number): string[];
  /** Deletes every session of an account; the token hashes deleted. */
  deleteAll(accountId: number): string[];
  countLive(accountId: number, now: string): number;
}

/** How many expired rows one sweep removes at most. */
export const EXPIRED_SWEEP_LIMIT = 500;

export function createSessionRepository(db: Database): SessionRepository {
  const insert = db.prepare<[string, number, string, string]>(
    'INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  );
  const findAccount = db.prepare<[string, string], Account>(
    `SELECT a.id, a.username, a.email, a.created_at AS createdAt
     FROM sessions s JOIN accounts a ON a.id = s.account_id
     WHERE s.token_hash = ? AND s.expires_at > ?`,
  );
  const findSession = db.prepare<[string, string], Account & { expiresAt: string }>(
    `SELECT a.id, a.username, a.email, a.created_at AS createdAt, s.expires_at AS expiresAt
     FROM sessions s JOIN accounts a ON a.id = s.account_id
     WHERE s.token_hash = ? AND s.expires_at > ?`,
  );
  const remove = db.prepare<[string], number>('DELETE FROM sessions WHERE token_hash = ? RETURNING account_id').pluck();
  const removeExpired = db
    .prepare<[string, number], string>(
      // The table is WITHOUT ROWID: its key is token_hash.
      'DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions WHERE expires_at <= ? LIMIT ?) RETURNING token_hash',
    )
    .pluck();
  const keepNewest = db
    .prepare<[number, number, number], string>(
      `DELETE FROM sessions WHERE account_id = ? AND token_hash NOT IN
         (SELECT token_hash FROM sessions WHERE account_id = ? ORDER BY created_at DESC, expires_at DESC LIMIT ?)
       RETURNING token_hash`,
    )
    .pluck();
  const removeAll = db.prepare<[number], string>('DELETE FROM sessions WHERE account_id = ? RETURNING token_hash').pluck();
  const countLive = db.prepare<[number, string], number>('SELECT count(*) FROM sessions WHERE account_id = ? AND expires_at > ?').pluck();

  return {
    insert: ({ tokenHash, accountId, createdAt, expiresAt }) => void insert.run(tokenHash, accountId, createdAt, expiresAt),
    findAccount: (tokenHash, now) => findAccount.get(tokenHash, now),
    findSession(tokenHash, now) {
      const row = findSession.get(tokenHash, now);
      if (row === undefined) return undefined;
      const { expiresAt, ...account } = row;
      return { account, expiresAt };
    },
    delete: (tokenHash) => remove.get(tokenHash),
    deleteExpired: (now, limit = EXPIRED_SWEEP_LIMIT) => removeExpired.all(now, limit),
    keepNewest: (accountId, keep) => keepNewest.all(accountId, accountId, keep),
    deleteAll: (accountId) => removeAll.all(accountId),
    countLive: (accountId, now) => countLive.get(accountId, now) ?? 0,
  };
}
