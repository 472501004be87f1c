// The load: autocannon's CLI in its own process (never in the process being measured, never in
// this one), against loopback only, its JSON result read from stdout.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { projectRoot } from '../child.js';

const exec = promisify(execFile);
const autocannonCli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  /** A fixed number of requests instead of a duration (the CPU profiles compare servers at the same count). */
  amount?: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  /** autocannon records whole milliseconds. */
  p99Ms: number;
  p50Ms: number;
  meanMs: number;
  /** Requests that did not get a 2xx, plus connection errors and timeouts: must be 0 for a valid round. */
  failures: number;
}

interface AutocannonJson {
  duration: number;
  requests: { total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

export async function runLoad({ url, seconds, connections, amount }: LoadOptions): Promise<LoadResult> {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') throw new Error(`load goes to loopback only, not ${url}`);
  const { stdout } = await exec(
    process.execPath,
    [
      autocannonCli,
      '--json',
      '--no-progress',
      '-c',
      String(connections),
      ...(amount === undefined ? ['-d', String(seconds)] : ['-a', String(amount)]),
      url,
    ],
    {
      cwd: projectRoot,
      timeout: (amount === undefined ? seconds + 30 : 300) * 1000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const result = JSON.parse(stdout) as AutocannonJson;
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    meanMs: result.latency.average,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
