import { openDatabase, type Database } from '../kernel/db/open.js';
import { inboxMigrations } from './migrations.js';

export type InboxDatabase = Database;

export const INBOX_DB_FILE = 'inbox.sqlite';

/** Opens (creating if needed) the inbox's SQLite file, in WAL mode, with its schema up to date. */
export function openInboxDatabase(file: string): InboxDatabase {
  return openDatabase({ file, migrations: inboxMigrations });
}
