// The app's schema, in order. Migrations live in TypeScript so the compiled build carries them:
// `node dist/app/site/main.js` needs no SQL files beside it.
import type { Migration } from '../../../kernel/db/migrate.js';
import { accounts } from './001_accounts.js';
import { sessions } from './002_sessions.js';
import { games } from './003_games.js';
import { throttle } from './004_throttle.js';

export const appMigrations: readonly Migration[] = [accounts, sessions, games, throttle];
