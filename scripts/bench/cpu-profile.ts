// Reading the V8 CPU profiles `node --cpu-prof` writes (.cpuprofile, Chrome DevTools' format):
// each function's self time, summed over every profile of a process (its main thread and any
// worker, such as tsx's loader thread), keyed so the same function matches across two processes.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

/** The parts of a .cpuprofile read here. */
export interface CpuProfile {
  nodes: ProfileNode[];
  /** The node on top of the stack at each sample. */
  samples: number[];
  /** Microseconds since the previous sample (the first: since startTime). */
  timeDeltas: number[];
  /** CLOCK_MONOTONIC in µs, the clock process.hrtime() reads, so another process can name a window in it. */
  startTime: number;
}

/** A span of CLOCK_MONOTONIC time in µs (process.hrtime.bigint() / 1000n in any process on the machine). */
export interface Window {
  fromUs: number;
  toUs: number;
}

/** Now on the clock the profiles' timestamps use. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Self time in microseconds by function key ("name file:line") and by area (a package, a project folder, Node's internals). */
export interface SelfTimes {
  byFunction: Map<string, number>;
  byArea: Map<string, number>;
  /** Everything but (idle): the time the thread was running something. */
  busyUs: number;
}

/** V8's pseudo-functions: waiting for events (idle), native code outside JS (program), collection (garbage collector). */
const IDLE = '(idle)';

/** Self times of the samples taken within the window (all of them without one). */
export function selfTimes(profiles: readonly CpuProfile[], projectRoot: string, window?: Window): SelfTimes {
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let busyUs = 0;
  for (const profile of profiles) {
    const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    let at = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      const frame = frames.get(profile.samples[i]);
      // A sample's delta is the time since the one before, so it belongs to the next sample's
      // frame as much as this one's; over thousands of samples the choice does not matter.
      const us = profile.timeDeltas[i] ?? 0;
      at += us;
      if (window !== undefined && (at < window.fromUs || at > window.toUs)) continue;
      if (frame === undefined || frame.functionName === IDLE || us <= 0) continue;
      const file = displayPath(frame.url, projectRoot);
      const key = file === '' ? frame.functionName : `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + us);
      const area = areaOf(file, frame.functionName);
      byArea.set(area, (byArea.get(area) ?? 0) + us);
      busyUs += us;
    }
  }
  return { byFunction, byArea, busyUs };
}

/** Every .cpuprofile in a folder (one per thread the process ran). */
export async function readProfiles(dir: string): Promise<CpuProfile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as CpuProfile));
}

function displayPath(url: string, projectRoot: string): string {
  if (url === '') return '';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  return file.startsWith(projectRoot + path.sep) ? path.relative(projectRoot, file) : file;
}

/** node_modules/<package> (scoped too), the project's top folders two deep (app/site), node:internal, or V8's own. */
export function areaOf(file: string, functionName: string): string {
  if (file === '') return functionName === '' ? '(native)' : functionName;
  const modules = file.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const parts = file.slice(modules + 'node_modules/'.length).split('/');
    return `node_modules/${parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  if (file.startsWith('node:')) return 'node: (Node.js built-ins)';
  const parts = file.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : file;
}
