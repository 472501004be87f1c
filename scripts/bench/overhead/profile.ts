// Benchmark `profile`: where the instrumented app's extra CPU goes. The uninstrumented and the
// instrumented app, each in its own process under `node --cpu-prof`, serve the same number of
// requests (autocannon --amount), scraped once a second as in the overhead benchmark; each
// function's self time over the process's life, divided by the requests it served, is compared
// between the two. Profiling slows every server alike, so the figures are relative: read the
// differences, not the absolute µs.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { projectRoot, startTsChild, type Child } from '../child.js';
import { monotonicUs, readProfiles, selfTimes, type SelfTimes, type Window } from '../cpu-profile.js';
import { fixed, table, type BenchReport } from '../report.js';
import { runLoad } from './load.js';
import { cpuSeconds } from './proc-cpu.js';
import { scrapeEverySecond } from './scraper.js';
import { launchOf, SCRAPED, type Listening, type Variant } from './variants.js';

export interface ProfileOptions {
  /** Requests each server serves after its warm-up. */
  requests: number;
  connections: number;
  progress: (line: string) => void;
}

export const profileDefaults = { requests: 200_000, connections: 50 } as const;

/** Requests before the measured ones, so both servers are past start-up and JIT warm-up; their samples are left out. */
const WARMUP_REQUESTS = 20_000;
/** V8's sampling interval, in µs: finer than its default 1 ms, so short functions show up. */
const SAMPLING_INTERVAL_US = 250;
/** Rows of the per-function table. */
const TOP_FUNCTIONS = 15;

const ROUTES = [
  { key: 'trivial', title: 'trivial route, GET /health/live', path: '/health/live' },
  { key: 'games', title: 'GET /api/games', path: '/api/games' },
] as const;

const PROFILED: ReadonlyArray<{ variant: Variant; label: string }> = [
  { variant: 'bare', label: 'uninstrumented' },
  { variant: 'ours', label: 'instrumented' },
];

export function expectedProfileSeconds({ requests }: Pick<ProfileOptions, 'requests'>): number {
  // About 15,000 profiled requests a second on this kind of machine, plus starting and profile writing.
  return ROUTES.length * PROFILED.length * ((requests + WARMUP_REQUESTS) / 15_000 + 8);
}

interface Profiled {
  requests: number;
  times: SelfTimes;
  /** The whole process's user + system CPU (all threads), from /proc, per request served. */
  procCpuUsPerRequest: number;
  wallSeconds: number;
  /** Garbage collections per request, where the server counts them (the instrumented app). */
  gcPerRequest?: number;
}

export async function runProfileBench(options: ProfileOptions): Promise<BenchReport> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'grapevine-bench-profile-'));
  const sections: string[] = [];
  try {
    for (const route of ROUTES) {
      const measured = new Map<Variant, Profiled>();
      for (const { variant } of PROFILED) {
        measured.set(variant, await profileOne(variant, route.path, path.join(root, `${route.key}-${variant}`), options));
        options.progress(`profile: ${route.key}/${variant} done`);
      }
      sections.push(renderRoute(route.title, measured.get('bare')!, measured.get('ours')!));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return {
    title: 'CPU profile comparison',
    command: `npm run bench -- profile --requests ${options.requests} --connections ${options.connections}`,
    markdown: [
      `Each server in its own process under \`node --cpu-prof --cpu-prof-interval ${SAMPLING_INTERVAL_US}\`, ` +
        `${WARMUP_REQUESTS} warm-up requests then ${options.requests} measured ones (autocannon, ${options.connections} connections), ` +
        'scraped once a second like the overhead benchmark; one process per server and route. ' +
        "Self time is V8's sampled time on top of the stack during the measured requests (the window is read on the monotonic clock the profiles use), divided by those requests. " +
        'V8 samples on wall-clock time, so time the thread spent descheduled by other work on the machine lands on whatever was on the stack: the profiled total exceeds the CPU from /proc on a loaded machine. ' +
        "Profiling slows both servers alike: compare the columns, do not quote the absolute figures as the app's cost. " +
        '"(garbage collector)" is collection on the main thread; CPU from /proc counts every thread.',
      '',
      ...sections,
    ].join('\n'),
    goals: [],
  };
}

async function profileOne(variant: Variant, routePath: string, dir: string, options: ProfileOptions): Promise<Profiled> {
  const profileDir = path.join(dir, 'profiles');
  const { nodeArgs, imports, env } = await launchOf(variant);
  const server: Child<Listening> = await startTsChild<Listening>('scripts/bench/overhead/server.ts', [variant, path.join(dir, 'data')], {
    nodeArgs: [...nodeArgs, '--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-interval=${SAMPLING_INTERVAL_US}`],
    imports,
    env,
  });
  let measured: Omit<Profiled, 'times'> & { window: Window };
  try {
    measured = await measure(server, variant, routePath, options);
  } finally {
    // SIGTERM: the server exits, and V8 writes its profiles on the way out.
    await server.stop();
  }
  return { ...measured, times: selfTimes(await readProfiles(profileDir), projectRoot, measured.window) };
}

async function measure(
  server: Child<Listening>,
  variant: Variant,
  routePath: string,
  options: ProfileOptions,
): Promise<Omit<Profiled, 'times'> & { window: Window }> {
  const url = `${server.ready.siteUrl}${routePath}`;
  const { metricsUrl } = server.ready;
  const stopScraping = scrapeEverySecond(SCRAPED[variant] ? metricsUrl : undefined);
  try {
    await runChecked(url, WARMUP_REQUESTS, variant, options);
    const gcBefore = await gcCount(variant, metricsUrl);
    const cpuBefore = await cpuSeconds(server.process.pid!);
    const fromUs = monotonicUs();
    const requests = await runChecked(url, options.requests, variant, options);
    const toUs = monotonicUs();
    const cpu = (await cpuSeconds(server.process.pid!)) - cpuBefore;
    const gcAfter = await gcCount(variant, metricsUrl);
    return {
      requests,
      window: { fromUs, toUs },
      wallSeconds: (toUs - fromUs) / 1e6,
      procCpuUsPerRequest: (cpu * 1e6) / requests,
      gcPerRequest: gcBefore === undefined || gcAfter === undefined ? undefined : (gcAfter - gcBefore) / requests,
    };
  } finally {
    await stopScraping();
  }
}

/** Collections so far, from the app's own nodejs_gc_duration_seconds_count (the app with prom-client's runtime metrics only). */
async function gcCount(variant: Variant, metricsUrl: string | undefined): Promise<number | undefined> {
  if (variant !== 'ours' || metricsUrl === undefined) return undefined;
  const text = await (await fetch(metricsUrl)).text();
  let count = 0;
  for (const line of text.split('\n'))
    if (line.startsWith('nodejs_gc_duration_seconds_count')) count += Number(line.slice(line.lastIndexOf(' ') + 1));
  return count;
}

async function runChecked(url: string, amount: number, variant: Variant, options: ProfileOptions): Promise<number> {
  const result = await runLoad({ url, seconds: 0, amount, connections: options.connections });
  if (result.failures > 0) throw new Error(`${variant} ${url}: ${result.failures} of ${result.requests} requests failed`);
  return result.requests;
}

function renderRoute(title: string, bare: Profiled, ours: Profiled): string {
  const perRequest = (profiled: Profiled, us: number | undefined) => (us ?? 0) / profiled.requests;
  const diffRows = (a: Map<string, number>, b: Map<string, number>, limit: number) =>
    [...new Set([...a.keys(), ...b.keys()])]
      .map((key) => ({ key, bare: perRequest(bare, a.get(key)), ours: perRequest(ours, b.get(key)) }))
      .sort((x, y) => Math.abs(y.ours - y.bare) - Math.abs(x.ours - x.bare))
      .slice(0, limit)
      .map((row) => [`\`${row.key}\``, fixed(row.bare, 2), fixed(row.ours, 2), signed(row.ours - row.bare)]);
  const own = [...ours.times.byFunction].filter(([key]) => isInstrumentation(key)).sort((a, b) => b[1] - a[1]);
  const ownTotal = perRequest(
    ours,
    own.reduce((sum, [, us]) => sum + us, 0),
  );
  const totalBare = perRequest(bare, bare.times.busyUs);
  const totalOurs = perRequest(ours, ours.times.busyUs);
  return [
    `#### ${title}`,
    '',
    table(
      ['', 'uninstrumented', 'instrumented', 'difference'],
      [
        ['requests measured', String(bare.requests), String(ours.requests), ''],
        ['seconds', fixed(bare.wallSeconds, 1), fixed(ours.wallSeconds, 1), ''],
        [
          'garbage collections per 1,000 requests (nodejs_gc_duration_seconds_count)',
          '',
          fixed((ours.gcPerRequest ?? Number.NaN) * 1000, 2),
          '',
        ],
        ['profiled self time, all functions, µs/request', fixed(totalBare, 2), fixed(totalOurs, 2), signed(totalOurs - totalBare)],
        [
          'process CPU from /proc, µs/request',
          fixed(bare.procCpuUsPerRequest, 2),
          fixed(ours.procCpuUsPerRequest, 2),
          signed(ours.procCpuUsPerRequest - bare.procCpuUsPerRequest),
        ],
      ],
    ),
    '',
    "By area (a package, a project folder, Node's built-ins, V8's own), largest differences first, µs/request:",
    '',
    table(['area', 'uninstrumented', 'instrumented', 'difference'], diffRows(bare.times.byArea, ours.times.byArea, 12)),
    '',
    `The instrumentation's own code in the instrumented server (prom-client, app/site/metrics, app/kernel/metrics, perf_hooks), ` +
      `its ${TOP_FUNCTIONS} largest functions: ${fixed(ownTotal, 2)} µs/request in all. This leaves out what it causes elsewhere (more garbage, another kind of request in the HTTP server):`,
    '',
    table(
      ['function', 'µs/request'],
      own.slice(0, TOP_FUNCTIONS).map(([key, us]) => [`\`${key}\``, fixed(perRequest(ours, us), 3)]),
    ),
    '',
    `By function, the ${TOP_FUNCTIONS} largest differences (on a loaded machine most are noise: time descheduled lands where the stack was), µs/request:`,
    '',
    table(
      ['function', 'uninstrumented', 'instrumented', 'difference'],
      diffRows(bare.times.byFunction, ours.times.byFunction, TOP_FUNCTIONS),
    ),
    '',
  ].join('\n');
}

/** Code that exists only to measure: the metrics libraries and modules, and the timers they read. */
export function isInstrumentation(functionKey: string): boolean {
  return /node_modules\/prom-client\/|app\/site\/metrics\/|app\/kernel\/metrics\/|node:perf_hooks|node:internal\/perf\/|node:internal\/histogram/.test(
    functionKey,
  );
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${fixed(value, 2)}`;
}
