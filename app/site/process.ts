// One whole site process, from a config and a logger: the database, the metrics registry, the
// telemetry, the site (domain, instrumentation, Koa app, sockets) and its two listeners, and the
// close() that takes it all down again. main.ts adds only the environment and the signals; the
// unit tests, the browser tests (through main.ts) and the overhead benchmark start the site here.
import type { Registry } from 'prom-client';
import type { Bus } from '../kernel/bus/bus.js';
import { createInProcessBus } from '../kernel/bus/in-process-bus.js';
import { createValkeyBus } from '../kernel/bus/valkey-bus.js';
import type { Clock } from '../kernel/clock.js';
import { openDatabase, type Database } from '../kernel/db/open.js';
import type { Logger } from '../kernel/logging/logger.js';
import { createMetricsRegistry } from '../kernel/metrics/registry.js';
import type { AppConfig } from './config/app-config.js';
import { appMigrations } from './db/migrations/index.js';
import { siteInstrumenters, type SiteInstrumenter } from './metrics/instrumentation.js';
import { startServers } from './server.js';
import { createSite, type Site } from './site.js';
import type { GrapevineEvents, GrapevineTelemetry } from './telemetry/events.js';
import { createTelemetry } from './telemetry/telemetry.js';

export type SiteProcessConfig = Pick<
  AppConfig,
  'host' | 'port' | 'metricsPort' | 'databaseFile' | 'sessionSecret' | 'heartbeatIntervalSeconds' | 'heartbeatMissedLimit'
> &
  Partial<
    Pick<
      AppConfig,
      | 'demoFaults'
      | 'trustProxy'
      | 'publicOrigin'
      | 'maxSessionsPerAccount'
      | 'throttleLimits'
      | 'passwordHashing'
      | 'busUrl'
      | 'gcDurationMetric'
    >
  > & {
    serverLimits?: Partial<AppConfig['serverLimits']>;
    socketLimits?: Partial<AppConfig['socketLimits']>;
  };

export interface SiteProcessOptions {
  config: SiteProcessConfig;
  log: Logger;
  clock?: Clock;
  /** The site's instrumentation, in order; default siteInstrumenters(config) (metrics/instrumentation.ts). */
  instrumenters?: readonly SiteInstrumenter[];
  /** How long open requests get to finish on close() before their connections are cut. */
  graceMs?: number;
  /** The bus to the other replicas, for tests that run several in one process; default from config.busUrl. */
  bus?: Bus;
}

export interface SiteProcess extends Site {
  /** e.g. http://127.0.0.1:4100, with the port the OS chose when 0 was asked for. */
  siteUrl: string;
  metricsUrl: string;
  db: Database;
  /** The registry /metrics renders; empty but for what the instrumenters register. */
  registry: Registry;
  telemetry: GrapevineTelemetry;
  /** Sockets, then the site, then /metrics; then the other replicas are told, and the bus, telemetry and database closed. */
  close(): Promise<void>;
}

export async function startSiteProcess({
  config,
  log,
  clock,
  instrumenters,
  graceMs,
  bus: givenBus,
}: SiteProcessOptions): Promise<SiteProcess> {
  const db = openDatabase({ file: config.databaseFile, migrations: appMigrations });
  const bus = givenBus ?? (config.busUrl === undefined ? createInProcessBus() : createValkeyBus({ url: config.busUrl, log }));
  const registry = createMetricsRegistry({ defaultMetrics: false });
  const telemetry = createTelemetry<GrapevineEvents>({ log });
  let site: Site;
  let servers;
  try {
    site = createSite({
      config,
      db,
      registry,
      telemetry,
      log,
      clock,
      instrumenters: instrumenters ?? siteInstrumenters({ gcDurationMetric: config.gcDurationMetric }),
      bus,
    });
    servers = await startServers({
      ...site,
      registry,
      host: config.host,
      port: config.port,
      metricsPort: config.metricsPort,
      log,
      graceMs,
      limits: config.serverLimits,
    });
  } catch (error) {
    await bus.close();
    telemetry.close();
    db.close();
    throw error;
  }
  const running = servers;
  return {
    ...site,
    siteUrl: running.siteUrl,
    metricsUrl: running.metricsUrl,
    db,
    registry,
    telemetry,
    async close() {
      await running.close();
      site.services.replicas.close();
      await bus.close();
      telemetry.close();
      db.close();
    },
  };
}
