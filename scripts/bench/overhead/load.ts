// The load: autocannon's CLI in its own process (never in the process being measured, never in
// this one), against loopback only, its JSON result read from stdout.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { projectRoot } from '../child.js';
import { onCores } from './cpus.js';

const exec = promisify(execFile);
const autocannonCli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  /** A fixed number of requests instead of a duration (the CPU profiles compare servers at the same count). */
  amount?: number;
  /** Cores to run autocannon on (taskset's list syntax); anywhere when absent. */
  cpus?: string;
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

export async function runLoad({ url, seconds, connections, amount, cpus }: LoadOptions): Promise<LoadResult> {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') throw new Error(`load goes to loopback only, not ${url}`);
  const autocannon = [
    autocannonCli,
    '--json',
    '--no-progress',
    '-c',
    String(connections),
    ...(amount === undefined ? ['-d', String(seconds)] : ['-a', String(amount)]),
    url,
  ];
  const [command, args] = cpus === undefined ? [process.execPath, autocannon] : onCores(cpus, process.execPath, autocannon);
  const { stdout } = await exec(command, args, {
    cwd: projectRoot,
    timeout: (amount === undefined ? seconds + 30 : 300) * 1000,
    maxBuffer: 16 * 1024 * 1024,
  });
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
