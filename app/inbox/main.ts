import type { AddressInfo } from 'node:net';
import { ConfigError } from '../kernel/config/env.js';
import { createLogger } from '../kernel/logging/logger.js';
import { createMetricsRegistry } from '../kernel/metrics/registry.js';
import { createInbox } from './app.js';
import { parseInboxConfig } from './config.js';
import { openInboxDatabase } from './database.js';

// The inbox process: the only place that reads the environment, opens the port and the database
// file, and handles signals. Everything else is built by createInbox and tested without a port.

// Connections still open this long after SIGTERM are cut, well inside compose's 10 s stop timeout.
const SHUTDOWN_GRACE_MS = 5000;

function main(): void {
  const log = createLogger();
  let config;
  try {
    config = parseInboxConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error(error.message, { problems: error.problems });
    process.exitCode = 2;
    return;
  }

  const db = openInboxDatabase(config.databaseFile);
  const registry = createMetricsRegistry();
  const app = createInbox({ config, db, registry, log });

  const server = app.listen(config.port, config.host, () => {
    const { address, port } = server.address() as AddressInfo;
    const host = address.includes(':') ? `[${address}]` : address;
    log.info(`alert inbox listening on http://${host}:${port}`, { port, databaseFile: config.databaseFile });
  });
  server.on('error', (error) => {
    log.error(`alert inbox cannot listen on ${config.host}:${config.port}`, { error });
    db.close();
    process.exitCode = 1;
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info('alert inbox stopping: finishing open requests', { signal });
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    server.close(() => {
      clearTimeout(force);
      db.close();
      log.info('alert inbox stopped');
    });
    // Idle keep-alive sockets (a browser left on the page) would otherwise hold close() open.
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
