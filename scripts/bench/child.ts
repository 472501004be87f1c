// Starting the processes a benchmark measures, each in its own process: TypeScript entry points
// through tsx, or the compiled app. Each announces itself with a JSON line on stdout, and is
// ended through its own ChildProcess (never by name).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const require = createRequire(import.meta.url);

export const projectRoot = path.resolve(import.meta.dirname, '../..');

export interface Child<T> {
  process: ChildProcess;
  /** The JSON line the child printed when it was ready. */
  ready: T;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra flags for node itself, e.g. --cpu-prof. */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Where the child's stderr goes; ignored unless given. */
  onStderr?: (chunk: string) => void;
}

export interface ReadyOptions<T> extends StartOptions {
  /** Picks the ready value out of a stdout line, or undefined to keep waiting. Default: the first line, as JSON. */
  readyWhen?: (line: string) => T | undefined;
}

/** Runs `node --import tsx <script> ...args` and resolves once a stdout line says it is ready. */
export function startTsChild<T>(script: string, args: string[], options: ReadyOptions<T> = {}): Promise<Child<T>> {
  return startChild<T>(script, ['--import', 'tsx', path.resolve(projectRoot, script), ...args], options);
}

/**
 * Compiles the app as `npm run build` does, but into .build/bench/dist (ignored by git), so a
 * benchmark never rewrites the dist/ other people's runs use. Resolves with main.js's path.
 */
export async function buildApp(): Promise<string> {
  const outDir = path.join(projectRoot, '.build/bench/dist');
  await exec(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: projectRoot, timeout: 300_000 });
  await cp(path.join(projectRoot, 'app/site/web/static'), path.join(outDir, 'app/site/web/static'), { recursive: true });
  return path.join(outDir, 'app/site/main.js');
}

/** Runs `node <args>` and resolves once a stdout line says it is ready; `script` names it in errors. */
export async function startChild<T>(script: string, args: string[], options: ReadyOptions<T> = {}): Promise<Child<T>> {
  const readyWhen = options.readyWhen ?? ((line: string) => parseJsonLine<T>(line));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], {
    cwd: projectRoot,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
    options.onStderr?.(chunk);
  });
  const lines = createInterface({ input: child.stdout! });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    // One promise settled once: by the ready line, by an early exit or by the timeout.
    const ready = await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} not ready after ${timeoutMs} ms: ${stderr.trim()}`)), timeoutMs);
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        reject(new Error(`${script} exited (${String(code)}) before it was ready: ${stderr.trim()}`));
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
    return { process: child, ready, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function parseJsonLine<T>(line: string): T | undefined {
  try {
    return JSON.parse(line) as T;
  } catch {
    return undefined;
  }
}
