// `npm run traffic -- [--duration 60s] [--rate 20] [--users 20] [--base-url http://127.0.0.1:4100] [--faults]`:
// simulated players and visitors that make the dashboards and the talk's alerts move. See --help.
import { GrapevineNetworkError } from '../client/index.js';
import {
  createProgressView,
  FaultRoutesMissingError,
  formatSummary,
  isCleanRun,
  parseTrafficArgs,
  runTraffic,
  TrafficOptionsError,
  usage,
} from './index.js';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseTrafficArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof TrafficOptionsError)) throw error;
    process.stderr.write(`traffic: ${error.problems.join('\ntraffic: ')}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }

  // Ctrl-C stops the run the way its end does: sockets closed, people signed out, summary printed.
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  process.once('SIGTERM', () => interrupt.abort());

  const view = createProgressView(process.stderr, { everyMs: 5_000 });
  const { options } = parsed;
  process.stderr.write(
    `traffic: ${options.users} people at up to ${options.rate} operations/s for ${options.durationMs / 1000}s against ${options.baseUrl}` +
      `${options.faults ? `, with deliberate 500s and ${options.slowSeconds} s requests (--faults)` : ''}\n`,
  );
  try {
    const summary = await runTraffic({
      ...options,
      signal: interrupt.signal,
      onProgress: (progress) => view.update(progress),
      progressIntervalMs: process.stderr.isTTY ? 200 : 1_000,
    });
    view.done();
    process.stdout.write(`${formatSummary(summary)}\n`);
    return isCleanRun(summary) ? 0 : 1;
  } catch (error) {
    view.done();
    if (error instanceof GrapevineNetworkError || error instanceof FaultRoutesMissingError) {
      process.stderr.write(`traffic: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
