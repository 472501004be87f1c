// The app's process: read the environment once, open the database, build the metrics registry
// and the telemetry, start the site and /metrics listeners, and shut down cleanly on SIGTERM/SIGINT.
import { ConfigError } from '../kernel/config/env.js';
import { loadAppConfig } from './config/load.js';
import { appMigrations } from './db/migrations/index.js';
import { openDatabase } from '../kernel/db/open.js';
import { createLogger } from '../kernel/logging/logger.js';
import { createMetricsRegistry } from '../kernel/metrics/registry.js';
import { telemetryFailureMetrics } from './metrics/telemetry-failures.js';
import { startServers } from './server.js';
import { createSite } from './site.js';
import type { GrapevineEvents } from './telemetry/events.js';
import { createTelemetry } from './telemetry/telemetry.js';

async function main(): Promise<void> {
  const log = createLogger();
  let config;
  try {
    config = loadAppConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
    return;
  }

  const db = openDatabase({ file: config.databaseFile, migrations: appMigrations });
  const registry = createMetricsRegistry();
  const telemetry = createTelemetry<GrapevineEvents>({ log, hooks: telemetryFailureMetrics(registry) });
  const site = createSite({ config, db, registry, telemetry, log });

  let servers;
  try {
    servers = await startServers({ ...site, registry, host: config.host, port: config.port, metricsPort: config.metricsPort, log });
  } catch (error) {
    log.error('could not start', { error });
    telemetry.close();
    db.close();
    process.exitCode = 1;
    return;
  }
  log.info(`Grapevine is up: site ${servers.siteUrl}, metrics ${servers.metricsUrl}`, {
    siteUrl: servers.siteUrl,
    metricsUrl: servers.metricsUrl,
    database: config.databaseFile,
  });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal} received: closing sockets, finishing requests`);
    try {
      await servers.close();
      telemetry.close();
      db.close();
      log.info('stopped cleanly');
    } catch (error) {
      log.error('shutdown failed', { error });
      process.exitCode = 1;
    }
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}

await main();
