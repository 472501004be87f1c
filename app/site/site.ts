// Everything the site port serves, wired together: the domain, its metrics and logs, the Koa app
// for HTTP and the socket server for WebSocket upgrades. main.ts and the tests both start here.
import type Koa from 'koa';
import type { Registry } from 'prom-client';
import type { AccountState } from './accounts/current-account.js';
import { createApp } from './app.js';
import { systemClock, type Clock } from '../kernel/clock.js';
import type { AppConfig } from './config/app-config.js';
import type { Database } from '../kernel/db/open.js';
import type { Logger } from '../kernel/logging/logger.js';
import { instrumentGrapevine } from './metrics/grapevine.js';
import { createServices, type Services } from './services.js';
import { createSocketServer, type SocketServer } from './sockets/socket-server.js';
import type { GrapevineTelemetry } from './telemetry/events.js';
import { logDomainEvents } from './telemetry/log-events.js';

export interface SiteDeps {
  config: Pick<AppConfig, 'sessionSecret' | 'heartbeatTimeoutSeconds'> & Partial<Pick<AppConfig, 'demoFaults'>>;
  db: Database;
  registry: Registry;
  telemetry: GrapevineTelemetry;
  log: Logger;
  clock?: Clock;
  httpMetrics?: boolean;
}

export interface Site {
  app: Koa<AccountState>;
  sockets: SocketServer;
  services: Services;
}

export function createSite({ config, db, registry, telemetry, log, clock = systemClock, httpMetrics }: SiteDeps): Site {
  const services = createServices({ db, telemetry, clock, sessionSecret: config.sessionSecret });
  instrumentGrapevine(registry, telemetry, services.presence);
  logDomainEvents(telemetry, log);
  const app = createApp({ db, registry, services, log, httpMetrics, demoFaults: config.demoFaults });
  const sockets = createSocketServer({
    ...services,
    telemetry,
    log,
    heartbeatTimeoutMs: config.heartbeatTimeoutSeconds * 1000,
    accountForCookie: (header) => {
      const token = services.sessionCookie.read(header);
      return token === undefined ? undefined : services.accounts.accountForSession(token);
    },
  });
  return { app, sockets, services };
}
