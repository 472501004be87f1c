// Accounts in SQLite: prepared once, plain objects out.
import type { Database } from '../../kernel/db/open.js';

export interface Account {
  id: number;
  username: string;
  email: string;
  createdAt: string;
}

export interface AccountWithPassword extends Account {
  passwordHash: string;
}

export interface NewAccount {
  username: string;
  email: string;
  passwordHash: string;
  createdAt: string;
}

export interface AccountRepository {
  /** Undefined when the username is taken (case-insensitively), decided by the unique index. */
  insert(account: NewAccount): Account | undefined;
  findByUsername(username: string): AccountWithPassword | undefined;
  findById(id: number): Account | undefined;
}

const COLUMNS = 'id, username, email, created_at AS createdAt';

export function createAccountRepository(db: Database): AccountRepository {
  const insert = db.prepare<[string, string, string, string], Account>(
    `INSERT INTO accounts (username, email, password_hash, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
  );
  const byUsername = db.prepare<[string], AccountWithPassword>(
    `SELECT ${COLUMNS}, password_hash AS passwordHash FROM accounts WHERE username = ? COLLATE NOCASE`,
  );
  const byId = db.prepare<[number], Account>(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`);

  return {
    insert: ({ username, email, passwordHash, createdAt }) => insert.get(username, email, passwordHash, createdAt),
    findByUsername: (username) => byUsername.get(username),
    findById: (id) => byId.get(id),
  };
}
