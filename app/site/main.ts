// The site's process: read the environment once, start the site (process.ts), say where it
// listens, and shut down cleanly on SIGTERM/SIGINT.
import { createLogger } from '../kernel/logging/logger.js';
import { configOrExit, stopOnSignals } from '../kernel/process/lifecycle.js';
import { loadAppConfig } from './config/load.js';
import { startSiteProcess, type SiteProcess } from './process.js';
import { SITE_START_UP_MESSAGE } from './start-up.js';

async function main(): Promise<void> {
  const log = createLogger();
  const config = configOrExit(
    () => loadAppConfig(process.env),
    (error) => console.error(error.message),
  );
  if (config === undefined) return;

  let site: SiteProcess;
  try {
    site = await startSiteProcess({ config, log });
  } catch (error) {
    log.error('could not start', { error });
    process.exitCode = 1;
    return;
  }
  log.info(`${SITE_START_UP_MESSAGE}: site ${site.siteUrl}, metrics ${site.metricsUrl}`, {
    siteUrl: site.siteUrl,
    metricsUrl: site.metricsUrl,
    database: config.databaseFile,
  });

  stopOnSignals(log, async (signal) => {
    log.info(`${signal} received: closing sockets, finishing requests`);
    await site.close();
    log.info('stopped cleanly');
  });
}

await main();
