// Instructions per request, instrumented vs uninstrumented, counted by valgrind's callgrind: the
// overhead benchmark's CPU time per request moves by ±10-30 % from round to round on these shared
// 2-core machines, even quiet ones, so a 5 % goal cannot be resolved with it. callgrind counts the
// instructions every thread of the server executes, which do not depend on what else the machine
// is doing (the same binary, inputs and environment give the same count).
//
// Each server is the overhead benchmark's (scripts/bench/overhead/server.ts), run under callgrind
// (about 100x slower), warmed with enough requests for V8 to optimise the hot path, then counted
// from a zeroed counter over a fixed number of requests (`callgrind_control --zero`, then --dump).
// Servers run two at a time: the counts do not depend on the load. Not scraped: a scrape once a
// second of wall-clock time would be a hundred times more scrapes per request under callgrind
// than in real life (the scrape bench measures the scrape).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot, startChild } from './child.js';
import { runLoad } from './overhead/load.js';
import type { Listening, Variant } from './overhead/variants.js';
import { fixed, percent, table, type BenchReport, type Goal } from './report.js';
import { median, pairedRatios, spread } from './stats.js';

const exec = promisify(execFile);

export interface InstructionsOptions {
  /** Requests counted per server. */
  requests: number;
  /** Requests before counting starts, for V8 to optimise the path. */
  warmup: number;
  /** Servers started per variant and route; the spread between them shows how repeatable a count is. */
  repeats: number;
  progress: (line: string) => void;
}

export const instructionsDefaults = { requests: 20_000, warmup: 20_000, repeats: 2 } as const;

const CONNECTIONS = 10;
const GOAL_RATIO = 1.05;

const ROUTES = [
  { key: 'trivial', title: 'GET /health/live', path: '/health/live' },
  { key: 'games', title: 'GET /api/games (24 games read from SQLite)', path: '/api/games' },
] as const;

const COUNTED: ReadonlyArray<{ variant: Variant; title: string }> = [
  { variant: 'bare', title: 'app, uninstrumented' },
  { variant: 'ours', title: 'app, instrumented (as main.ts)' },
  { variant: 'ours-no-gc', title: 'app, instrumented, METRICS_GC_DURATION=false' },
];

/** Under callgrind a server takes about 45 s to start and 4.5 ms of wall-clock time per request, two servers at a time. */
export function expectedInstructionsSeconds({
  requests,
  warmup,
  repeats,
}: Pick<InstructionsOptions, 'requests' | 'warmup' | 'repeats'>): number {
  const perServer = 45 + ((requests + warmup) * 4.5) / 1000;
  return (ROUTES.length * COUNTED.length * repeats * perServer) / 2;
}

/** Why the benchmark cannot run here, or undefined: it needs valgrind (Debian's valgrind package). */
export async function instructionsUnavailable(): Promise<string | undefined> {
  try {
    await exec('valgrind', ['--version']);
    await exec('callgrind_control', ['--version']);
    return undefined;
  } catch {
    return 'valgrind (with callgrind_control) is not installed: `apt-get install valgrind`';
  }
}

export async function runInstructionsBench(options: InstructionsOptions): Promise<BenchReport> {
  const unavailable = await instructionsUnavailable();
  if (unavailable !== undefined) throw new Error(unavailable);
  const root = await mkdtemp(path.join(os.tmpdir(), 'grapevine-bench-instructions-'));
  try {
    const counts = new Map<string, number[]>();
    const jobs = ROUTES.flatMap((route) =>
      Array.from({ length: options.repeats }, (_, repeat) => COUNTED.map(({ variant }) => ({ route, variant, repeat }))).flat(),
    );
    for (let i = 0; i < jobs.length; i += 2) {
      const pair = jobs.slice(i, i + 2);
      const results = await Promise.all(
        pair.map(({ route, variant, repeat }) =>
          countInstructions(variant, route.path, path.join(root, `${route.key}-${variant}-${repeat}`), options),
        ),
      );
      pair.forEach(({ route, variant }, k) => {
        const key = `${route.key}/${variant}`;
        counts.set(key, [...(counts.get(key) ?? []), results[k]]);
      });
      options.progress(
        `instructions: ${pair.map(({ route, variant }, k) => `${route.key}/${variant} ${Math.round(results[k])}`).join(', ')} per request`,
      );
    }
    return report(counts, options);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** One server under callgrind: instructions per request over `requests` requests after `warmup`. */
async function countInstructions(variant: Variant, route: string, dir: string, options: InstructionsOptions): Promise<number> {
  const outFile = path.join(dir, 'callgrind.out');
  await mkdir(path.join(dir, 'data'), { recursive: true });
  const script = 'scripts/bench/overhead/server.ts';
  // valgrind's args, then node's: valgrind runs node itself.
  const child = await startChild<Listening>(
    script,
    [
      '--tool=callgrind',
      // V8 writes and rewrites machine code: without this valgrind would run stale translations.
      '--smc-check=all-non-file',
      `--callgrind-out-file=${outFile}`,
      process.execPath,
      '--import',
      'tsx',
      path.join(projectRoot, script),
      variant,
      path.join(dir, 'data'),
    ],
    { command: 'valgrind', timeoutMs: 300_000 },
  );
  const pid = String(child.process.pid);
  try {
    const url = `${child.ready.siteUrl}${route}`;
    await runLoad({ url, seconds: 0, connections: CONNECTIONS, amount: options.warmup });
    await exec('callgrind_control', ['--zero', pid]);
    const load = await runLoad({ url, seconds: 0, connections: CONNECTIONS, amount: options.requests });
    if (load.failures > 0) throw new Error(`${variant} ${route}: ${load.failures} failed requests under callgrind`);
    await exec('callgrind_control', ['--dump', pid]);
    return (await dumpedTotal(dir)) / load.requests;
  } finally {
    await child.stop();
  }
}

/** The `totals:` line of the dump callgrind_control --dump wrote (callgrind.out.1). */
async function dumpedTotal(dir: string): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const dump = (await readdir(dir)).find((file) => /^callgrind\.out\.\d+$/.test(file));
    if (dump !== undefined) {
      const totals = /^totals:\s+(\d+)/m.exec(await readFile(path.join(dir, dump), 'utf8'));
      if (totals) return Number(totals[1]);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`callgrind wrote no dump in ${dir}`);
}

function report(counts: Map<string, number[]>, options: InstructionsOptions): BenchReport {
  const goals: Goal[] = [];
  const sections = ROUTES.map((route) => {
    const base = counts.get(`${route.key}/bare`)!;
    const rows = COUNTED.map(({ variant, title }) => {
      const values = counts.get(`${route.key}/${variant}`)!;
      const ratios = pairedRatios(values, base);
      const s = spread(values);
      return [
        title,
        `**${Math.round(median(values)).toLocaleString('en')}**`,
        values.map((v) => Math.round(v).toLocaleString('en')).join(', '),
        `${percent((s.max - s.min) / median(values))}`,
        variant === 'bare' ? '' : `**${fixed(median(ratios), 3)}x**`,
        variant === 'bare' ? '' : `+${Math.round(median(values) - median(base)).toLocaleString('en')}`,
      ];
    });
    const ours = median(pairedRatios(counts.get(`${route.key}/ours`)!, base));
    goals.push({
      name: `${route.key}: instrumented instructions per request <= ${GOAL_RATIO}x uninstrumented (callgrind)`,
      reached: ours <= GOAL_RATIO,
      detail: `${fixed(ours, 3)}x`,
    });
    return [
      `#### ${route.title}`,
      '',
      table(['server', 'instructions/request, median', 'each server', 'range / median', 'ratio to uninstrumented', 'difference'], rows),
    ].join('\n');
  });
  return {
    title: 'Instructions per request (callgrind)',
    command: `npm run bench -- instructions --repeats ${options.repeats}`,
    markdown: [
      `Every thread's instructions, counted by valgrind's callgrind over ${options.requests.toLocaleString('en')} requests ` +
        `(autocannon, ${CONNECTIONS} connections) after ${options.warmup.toLocaleString('en')} warm-up ones, ${options.repeats} ` +
        'servers per variant and route, not scraped. Counts do not move with the machine\'s load; "range / median" is how far ' +
        "apart the servers of one variant came out (what is left is V8's own variation: when it optimises, and GC timing).",
      '',
      ...sections.flatMap((section) => [section, '']),
    ].join('\n'),
    goals,
  };
}
