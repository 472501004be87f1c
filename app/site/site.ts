// Everything the site port serves, wired together: the domain, its instrumentation and logs, the
// Koa app for HTTP and the socket server for WebSocket upgrades. process.ts starts here.
import type Koa from 'koa';
import type { Middleware } from 'koa';
import type { Registry } from 'prom-client';
import { systemClock, type Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/db/open.js';
import type { Logger } from '../kernel/logging/logger.js';
import type { AccountState } from './accounts/current-account.js';
import { createApp } from './app.js';
import type { AppConfig } from './config/app-config.js';
import { SITE_INSTRUMENTERS, type SiteInstrumenter } from './metrics/instrumentation.js';
import { createServices, type Services } from './services.js';
import { DEFAULT_SOCKET_LIMITS } from './sockets/limits.js';
import { createSocketServer, type SocketServer } from './sockets/socket-server.js';
import type { GrapevineTelemetry } from './telemetry/events.js';
import { logDomainEvents } from './telemetry/log-events.js';

export interface SiteDeps {
  config: Pick<AppConfig, 'sessionSecret' | 'heartbeatIntervalSeconds' | 'heartbeatMissedLimit'> &
    Partial<
      Pick<AppConfig, 'demoFaults' | 'trustProxy' | 'publicOrigin' | 'maxSessionsPerAccount' | 'throttleLimits' | 'passwordHashing'>
    > & { socketLimits?: Partial<AppConfig['socketLimits']> };
  db: Database;
  registry: Registry;
  telemetry: GrapevineTelemetry;
  log: Logger;
  clock?: Clock;
  /** Applied in order once the domain exists; the overhead benchmark's uninstrumented baseline passes []. */
  instrumenters?: readonly SiteInstrumenter[];
}

export interface Site {
  app: Koa<AccountState>;
  sockets: SocketServer;
  services: Services;
}

export function createSite({
  config,
  db,
  registry,
  telemetry,
  log,
  clock = systemClock,
  instrumenters = SITE_INSTRUMENTERS,
}: SiteDeps): Site {
  const socketLimits = { ...DEFAULT_SOCKET_LIMITS, ...config.socketLimits };
  const services = createServices({
    db,
    telemetry,
    clock,
    sessionSecret: config.sessionSecret,
    maxSessionsPerAccount: config.maxSessionsPerAccount,
    throttleLimits: config.throttleLimits,
    passwordHashing: config.passwordHashing,
    socketLimits,
  });
  const middleware: Middleware[] = [];
  for (const instrument of instrumenters) {
    const returned = instrument({ registry, telemetry, services });
    if (returned !== undefined) middleware.push(returned);
  }
  logDomainEvents(telemetry, log);
  const app = createApp({
    db,
    services,
    log,
    middleware,
    demoFaults: config.demoFaults,
    trustProxy: config.trustProxy,
    publicOrigin: config.publicOrigin,
  });
  const sockets = createSocketServer({
    ...services,
    telemetry,
    log,
    heartbeatIntervalMs: config.heartbeatIntervalSeconds * 1000,
    heartbeatMissedLimit: config.heartbeatMissedLimit,
    limits: socketLimits,
    clock,
    sessionForCookie: (header) => {
      const token = services.sessionCookie.read(header);
      return token === undefined ? undefined : services.accounts.sessionForToken(token);
    },
  });
  return { app, sockets, services };
}
