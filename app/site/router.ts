// The one router every site feature adds its routes to: one matching pass per request, and the
// matched route's template becomes the `route` label of the HTTP metrics. Its state carries the
// signed-in account (accounts/current-account.ts); routes that need no account (health, the demo
// faults) take a plain `Router` and are given this one.
import { Router } from '@koa/router';
import type { AccountState } from './accounts/current-account.js';

export type SiteRouter = Router<AccountState>;

export function createRouter(): SiteRouter {
  return new Router<AccountState>();
}
