// What every service's main.ts does around its own start and stop: a bad environment ends the
// process with exit code 2 before anything opens, and SIGTERM/SIGINT stop it cleanly, once.
import { ConfigError } from '../config/env.js';
import type { Logger } from '../logging/logger.js';

/** The parsed config, or undefined once a ConfigError has been reported and the exit code set to 2. */
export function configOrExit<C>(parse: () => C, report: (error: ConfigError) => void): C | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    report(error);
    process.exitCode = 2;
    return undefined;
  }
}

/**
 * Runs `stop` on the first SIGTERM or SIGINT; a failing stop is logged and exits 1. A second signal
 * while stopping exits at once, for the person pressing Ctrl-C twice.
 */
export function stopOnSignals(log: Logger, stop: (signal: NodeJS.Signals) => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    stop(signal).catch((error: unknown) => {
      log.error('shutdown failed', { error });
      process.exitCode = 1;
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
