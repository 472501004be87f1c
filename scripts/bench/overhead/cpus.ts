// Where the overhead benchmark's processes run. The two servers of a comparison share one core
// (every thread of both pinned to it) and are loaded at the same moment, while the load generators
// run on the other cores. On these 2-core virtual machines a core's speed moves by 10-30 % from one
// second to the next (the host's other tenants): two servers measured one after the other see
// different machines, two measured side by side on one core see the same one, so that drift
// cancels out of their ratio.
import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface CpuPlan {
  /** The core both servers of a comparison run on, as taskset's list syntax. */
  servers: string;
  /** The cores the load generators run on. */
  load: string;
}

/** The last core for the servers, the others for the load; at least two cores are needed. */
export function cpuPlan(cores = os.availableParallelism()): CpuPlan {
  if (cores < 2)
    throw new Error(`the overhead benchmark needs at least 2 cores (one for the servers, one for the load); this machine has ${cores}`);
  const last = cores - 1;
  return { servers: String(last), load: last === 1 ? '0' : `0-${last - 1}` };
}

/** Pins every thread of a running process (V8's helpers and libuv's pool too) to the given cores. */
export async function pinProcess(pid: number, cpus: string): Promise<void> {
  try {
    await exec('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)]);
  } catch (error) {
    throw new Error(`could not pin process ${pid} to cores ${cpus} with taskset (util-linux): ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The command line that runs `command ...args` on the given cores. */
export function onCores(cpus: string, command: string, args: readonly string[]): [string, string[]] {
  return ['taskset', ['--cpu-list', cpus, command, ...args]];
}
