// Starting the processes a benchmark measures, each in its own process: TypeScript entry points
// through tsx, or the compiled app. Each announces itself with a JSON line on stdout, and is
// ended through its own ChildProcess (never by name): app/kernel/process/child.ts does both, for
// the tests too.
import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseJsonLine, startNode, type Started } from '../../app/kernel/process/child.js';

const exec = promisify(execFile);
const require = createRequire(import.meta.url);

export const projectRoot = path.resolve(import.meta.dirname, '../..');

/** A started child; `ready` is the JSON line it printed when it was ready. */
export type Child<T> = Started<T>;

export interface StartOptions {
  /** Extra flags for node itself, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Modules startTsChild preloads with --import after tsx (so they may be TypeScript), before the script. */
  imports?: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Where the child's stderr goes; ignored unless given. */
  onStderr?: (chunk: string) => void;
  /**
   * A wrapper such as valgrind that runs node itself, run instead of node (default
   * process.execPath): startChild's args (nodeArgs first) are then the wrapper's, then
   * process.execPath and node's.
   */
  command?: string;
}

export interface ReadyOptions<T> extends StartOptions {
  /** Picks the ready value out of a stdout line, or undefined to keep waiting. Default: the first line, as JSON. */
  readyWhen?: (line: string) => T | undefined;
}

/** Runs `node --import tsx <script> ...args` and resolves once a stdout line says it is ready. */
export function startTsChild<T>(script: string, args: string[], options: ReadyOptions<T> = {}): Promise<Child<T>> {
  const imports = (options.imports ?? []).flatMap((module) => ['--import', path.resolve(projectRoot, module)]);
  return startChild<T>(script, ['--import', 'tsx', ...imports, path.resolve(projectRoot, script), ...args], options);
}

/**
 * Compiles the app as `npm run build` does, but into .build/bench/dist (ignored by git), so a
 * benchmark never rewrites the dist/ other people's runs use. Resolves with main.js's path.
 */
export async function buildApp(): Promise<string> {
  const outDir = path.join(projectRoot, '.build/bench/dist');
  await exec(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], {
    cwd: projectRoot,
    timeout: 300_000,
  });
  await cp(path.join(projectRoot, 'app/site/web/static'), path.join(outDir, 'app/site/web/static'), { recursive: true });
  return path.join(outDir, 'app/site/main.js');
}

/** Runs `node <args>` (or `<command> <args>`) and resolves once a stdout line says it is ready; `script` names it in errors. */
export function startChild<T>(script: string, args: string[], options: ReadyOptions<T> = {}): Promise<Child<T>> {
  const { readyWhen = (line: string) => parseJsonLine<T>(line), nodeArgs = [], env, timeoutMs, onStderr, command } = options;
  return startNode<T>([...nodeArgs, ...args], { cwd: projectRoot, env, timeoutMs, onStderr, command, readyWhen, name: script });
}
