import { closeServer, listen, serverFor, urlOf } from '../kernel/http/listen.js';
import { createLogger } from '../kernel/logging/logger.js';
import { createMetricsRegistry } from '../kernel/metrics/registry.js';
import { configOrExit, stopOnSignals } from '../kernel/process/lifecycle.js';
import { createInbox } from './app.js';
import { parseInboxConfig } from './config.js';
import { openInboxDatabase } from './database.js';
import { createRetention } from './retention.js';
import { loadOrCreateWebhookToken } from './webhook-token.js';

// The inbox process: the only place that reads the environment, opens the port and the database
// file, and handles signals. Everything else is built by createInbox and tested without a port.

// Connections still open this long after SIGTERM are cut, well inside compose's 10 s stop timeout.
const SHUTDOWN_GRACE_MS = 5000;

async function main(): Promise<void> {
  const log = createLogger();
  const config = configOrExit(
    () => parseInboxConfig(process.env),
    (error) => log.error(error.message, { problems: error.problems }),
  );
  if (config === undefined) return;
  const webhookToken = configOrExit(
    () => loadOrCreateWebhookToken(config.webhookTokenFile),
    (error) => log.error(error.message, { problems: error.problems }),
  );
  if (webhookToken === undefined) return;
  // The path, never the token: logs are shared and kept.
  log.info(`alert inbox webhook token file: ${config.webhookTokenFile} (POST /webhook needs "Authorization: Bearer <its contents>")`, {
    webhookTokenFile: config.webhookTokenFile,
  });

  const db = openInboxDatabase(config.databaseFile);
  // Catches up with retention at once (a lowered INBOX_MAX_NOTIFICATIONS, a week offline); writes keep it up.
  const pruned = createRetention(db, config).pruneAll(new Date());
  if (pruned > 0) log.info(`alert inbox deleted ${pruned} notifications past retention`, { pruned });
  const registry = createMetricsRegistry();
  const server = serverFor(createInbox({ config, webhookToken, db, registry, log }));

  try {
    const address = await listen(server, config.port, config.host);
    log.info(`alert inbox listening on ${urlOf(address)}`, { port: address.port, databaseFile: config.databaseFile });
  } catch (error) {
    log.error(`alert inbox cannot listen on ${config.host}:${config.port}`, { error });
    db.close();
    process.exitCode = 1;
    return;
  }

  stopOnSignals(log, async (signal) => {
    log.info('alert inbox stopping: finishing open requests', { signal });
    // Idle keep-alive sockets (a browser left on the page) are closed at once, busy ones cut after the grace.
    await closeServer(server, SHUTDOWN_GRACE_MS);
    db.close();
    log.info('alert inbox stopped');
  });
}

await main();
