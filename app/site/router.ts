// The one router every feature adds its routes to: one matching pass per request, and the
// matched route's template becomes the `route` label of the HTTP metrics.
import { Router } from '@koa/router';
import type { AccountState } from './accounts/current-account.js';

export type AppRouter = Router<AccountState>;

export function createRouter(): AppRouter {
  return new Router<AccountState>();
}
