// The site as a Koa app, built from its dependencies. It never reads the environment and never
// listens: main.ts and process.ts do that.
import Koa, { type Middleware } from 'koa';
import { addAccountApi } from './accounts/api.js';
import { loadAccount, type AccountState } from './accounts/current-account.js';
import type { Database } from '../kernel/db/open.js';
import { addDemoFaultRoutes } from './demo/faults.js';
import { addGameApi } from './games/api.js';
import { addHealthRoutes } from '../kernel/health/routes.js';
import { handleErrors } from '../kernel/http/errors.js';
import type { Logger } from '../kernel/logging/logger.js';
import { createRouter } from './router.js';
import type { Services } from './services.js';
import { errorPage } from './web/pages/error.js';
import { addPages } from './web/routes.js';
import { setPageHeaders } from './web/page-headers.js';
import { loadStaticAssets } from './web/static.js';

export interface AppDeps {
  db: Database;
  services: Services;
  log: Logger;
  /** Outermost, in this order, so it sees every response, error responses included: the HTTP metrics. */
  middleware?: readonly Middleware[];
  /** DEMO_FAULTS: mounts the deliberately slow and failing routes of demo/faults.ts. */
  demoFaults?: boolean;
  /** TRUST_PROXY: take the protocol, host and client address from X-Forwarded-* (Koa's app.proxy). */
  trustProxy?: boolean;
  /** PUBLIC_ORIGIN: the CSP's socket origin and the game page's socket URL; unset, 'self' and the request's own. */
  publicOrigin?: string;
}

export function createApp({
  db,
  services,
  log,
  middleware = [],
  demoFaults = false,
  trustProxy = false,
  publicOrigin,
}: AppDeps): Koa<AccountState> {
  // Without a proxy in front, X-Forwarded-Proto is whatever a client says: off unless asked for.
  const app = new Koa<AccountState>({ proxy: trustProxy });
  const router = createRouter();
  const withAccount = loadAccount(services.accounts, services.sessionCookie);

  // Off the bus, a replica still serves everything but cross-replica chat and presence: degraded, not down.
  const busProblem = () => services.bus.status().problem;
  addHealthRoutes(router, { db, log, degradations: [busProblem] });
  addAccountApi(router, services);
  addGameApi(router, { games: services.games, loadAccount: withAccount });
  addPages(router, { ...services, loadAccount: withAccount, assets: loadStaticAssets(), publicOrigin });
  if (demoFaults) addDemoFaultRoutes(router, { log });

  // Outermost, so it times and labels every response, error responses included.
  for (const outer of middleware) app.use(outer);
  // Outside the error handler, which clears the headers of a failed response: every response gets it.
  app.use(noSniff);
  app.use(
    handleErrors(log, {
      wantsJson: (ctx) => ctx.path.startsWith('/api/') || ctx.path.startsWith('/health/') || ctx.accepts('html', 'json') === 'json',
      html: (status, message, ctx) => {
        setPageHeaders(ctx, publicOrigin);
        return errorPage(undefined, status, message, ctx.path);
      },
    }),
  );
  app.use(router.routes());
  app.use(router.allowedMethods());

  // Errors Koa itself catches after the middleware (a broken response stream); request errors are
  // handled above. A client that hung up is not a server failure, so it is only a warning.
  app.on('error', (error: unknown, ctx?: { writable: boolean; method: string; path: string }) => {
    if (ctx?.writable === false)
      log.warn('client went away before the response was sent', { method: ctx.method, path: ctx.path, error: String(error) });
    else log.error('response failed', { error });
  });
  return app;
}

/** No content-type sniffing on any response: pages, JSON, static files, errors and redirects. */
async function noSniff(ctx: Koa.Context, next: Koa.Next): Promise<void> {
  try {
    await next();
  } finally {
    ctx.set('x-content-type-options', 'nosniff');
  }
}
