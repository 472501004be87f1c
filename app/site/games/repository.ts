// Games in SQLite.
import type { Database } from '../../kernel/db/open.js';

export interface Game {
  id: number;
  accountId: number;
  name: string;
  clientId: string;
  createdAt: string;
}

export interface GameWithSecret extends Game {
  clientSecretHash: string;
}

export interface GameRepository {
  /** Undefined when the name is taken (case-insensitively). */
  insert(game: { accountId: number; name: string; clientId: string; clientSecretHash: string; createdAt: string }): Game | undefined;
  findByClientId(clientId: string): GameWithSecret | undefined;
  findById(id: number): Game | undefined;
  list(): Game[];
}

const COLUMNS = 'id, account_id AS accountId, name, client_id AS clientId, created_at AS createdAt';

export function createGameRepository(db: Database): GameRepository {
  const insert = db.prepare<[number, string, string, string, string], Game>(
    `INSERT INTO games (account_id, name, client_id, client_secret_hash, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
  );
  const byClientId = db.prepare<[string], GameWithSecret>(
    `SELECT ${COLUMNS}, client_secret_hash AS clientSecretHash FROM games WHERE client_id = ?`,
  );
  const byId = db.prepare<[number], Game>(`SELECT ${COLUMNS} FROM games WHERE id = ?`);
  const list = db.prepare<[], Game>(`SELECT ${COLUMNS} FROM games ORDER BY name COLLATE NOCASE`);

  return {
    insert: ({ accountId, name, clientId, clientSecretHash, createdAt }) =>
      insert.get(accountId, name, clientId, clientSecretHash, createdAt),
    findByClientId: (clientId) => byClientId.get(clientId),
    findById: (id) => byId.get(id),
    list: () => list.all(),
  };
}
