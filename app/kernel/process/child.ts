// Starting a service as a child process and waiting for it to say it is ready, for the tests and
// the benchmarks (no service uses it at run time). A child announces itself with a line on stdout;
// it is ended through its own ChildProcess (never by name): SIGTERM, then SIGKILL after 10 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface SpawnOptions {
  /** The working directory: the project root, for entry points given relative to it. */
  cwd: string;
  /**
   * What to run instead of node: a wrapper such as valgrind that runs node itself, its args then
   * being the wrapper's, then node's (process.execPath) and node's own. Default process.execPath.
   */
  command?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the child's stderr goes as it arrives, besides output(). */
  onStderr?: (chunk: string) => void;
}

export interface Spawned {
  process: ChildProcess;
  /** The last 64 KiB of what the child wrote, stdout and stderr interleaved as they arrived. */
  output(): string;
  /** The last 64 KiB of its stderr alone. */
  stderr(): string;
  /** SIGTERM, then SIGKILL if it has not exited 10 s later; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface ReadyOptions<T> extends SpawnOptions {
  /** The ready value out of a stdout line, or undefined to keep waiting. */
  readyWhen: (line: string) => T | undefined;
  timeoutMs?: number;
  /** Names the child in errors. */
  name: string;
}

export interface Started<T> extends Spawned {
  /** What readyWhen returned for the child's ready line. */
  ready: T;
}

const KEPT_OUTPUT = 64 * 1024;

/** Runs `node <args>` (process.execPath, so the same Node as this process), or `<command> <args>`. */
export function spawnNode(
  args: readonly string[],
  { cwd, env = process.env, onStderr, command = process.execPath }: SpawnOptions,
): Spawned {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output = (output + chunk).slice(-KEPT_OUTPUT);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output = (output + chunk).slice(-KEPT_OUTPUT);
    stderr = (stderr + chunk).slice(-KEPT_OUTPUT);
    onStderr?.(chunk);
  });
  return {
    process: child,
    output: () => output,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs `node <args>` (or `<command> <args>`) and resolves once a stdout line is its ready line; an early exit or the timeout rejects, and stops it. */
export async function startNode<T>(
  args: readonly string[],
  { readyWhen, timeoutMs = 60_000, name, ...spawnOptions }: ReadyOptions<T>,
): Promise<Started<T>> {
  const spawned = spawnNode(args, spawnOptions);
  const child = spawned.process;
  const lines = createInterface({ input: child.stdout! });
  try {
    // One promise settled once: by the ready line, by an early exit or by the timeout.
    const ready = await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} not ready after ${timeoutMs} ms:\n${spawned.output().trim()}`)), timeoutMs);
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${String(code)}) before it was ready:\n${spawned.output().trim()}`));
      };
      const onLine = (line: string): void => {
        const value = readyWhen(line);
        if (value === undefined) return;
        clearTimeout(timer);
        child.off('exit', onExit);
        lines.off('line', onLine);
        // Keep draining stdout, or a chatty child would block on a full pipe.
        lines.on('line', () => undefined);
        resolve(value);
      };
      child.once('exit', onExit);
      lines.on('line', onLine);
    });
    return { ...spawned, ready };
  } catch (error) {
    await spawned.stop();
    throw error;
  }
}

/** The line as JSON, or undefined when it is not JSON. */
export function parseJsonLine<T>(line: string): T | undefined {
  try {
    return JSON.parse(line) as T;
  } catch {
    return undefined;
  }
}
