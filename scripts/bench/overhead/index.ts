// Benchmark 1, instrumentation overhead: the app with and without its instrumentation, and the
// common hand-written prom-client middleware, each server in its own process (fresh ones every
// round), loaded by autocannon from another process over loopback. Rounds alternate between
// servers (the starting server rotates each round), so drift in the machine's load hits every
// server alike; each comparison is the median of per-round ratios, which cancels most of that drift.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTsChild, type Child } from '../child.js';
import { fixed, percent, table, type BenchReport, type Goal } from '../report.js';
import { median, pairedRatios, spread, type Spread } from '../stats.js';
import { runLoad, type LoadResult } from './load.js';
import { cpuSeconds } from './proc-cpu.js';
import { scrapeEverySecond } from './scraper.js';
import { APP_VARIANTS, launchOf, SCRAPED, SEEDED_GAMES, VARIANTS, type Listening, type Variant } from './variants.js';

export interface OverheadOptions {
  rounds: number;
  seconds: number;
  connections: number;
  warmupSeconds: number;
  /** When set, every server writes V8 CPU profiles here (--cpu-prof), one folder per server. */
  profileDir?: string;
  progress: (line: string) => void;
}

// 12 rounds, the fewest the goals are judged on; BENCHMARKS.md reports the spread they gave.
export const overheadDefaults = { rounds: 12, seconds: 3, connections: 50, warmupSeconds: 1 } as const;

interface Scenario {
  key: string;
  title: string;
  path: string;
  variants: readonly Variant[];
}

const SCENARIOS: readonly Scenario[] = [
  // Not scraped and without the GC metric only here: the trivial route is where such costs show most.
  { key: 'trivial', title: 'trivial JSON route, GET /health/live', path: '/health/live', variants: VARIANTS },
  {
    key: 'games',
    title: `realistic route, GET /api/games (${SEEDED_GAMES} games read from SQLite)`,
    path: '/api/games',
    variants: APP_VARIANTS,
  },
];

const COMPARISONS: ReadonlyArray<{ candidate: Variant; baseline: Variant; label: string }> = [
  { candidate: 'ours', baseline: 'bare', label: 'ours / app uninstrumented' },
  { candidate: 'ours-unscraped', baseline: 'bare', label: 'ours, not scraped / app uninstrumented' },
  { candidate: 'ours-no-gc', baseline: 'bare', label: 'ours, METRICS_GC_DURATION=false / app uninstrumented' },
  { candidate: 'ours', baseline: 'ours-no-gc', label: "ours / ours with METRICS_GC_DURATION=false (the GC metric's price)" },
  { candidate: 'common', baseline: 'bare', label: 'common middleware / app uninstrumented' },
  { candidate: 'otel-metrics', baseline: 'bare', label: 'OpenTelemetry, metrics / app uninstrumented' },
  { candidate: 'otel-tracing', baseline: 'bare', label: 'OpenTelemetry, metrics + tracing / app uninstrumented' },
  { candidate: 'ours', baseline: 'common', label: 'ours / common middleware' },
  { candidate: 'koa-common', baseline: 'koa-bare', label: 'common middleware / bare Koa' },
];

const SERVER_LABELS: Record<Variant, string> = {
  bare: 'app, uninstrumented',
  ours: 'app, instrumented (as main.ts)',
  'ours-unscraped': 'app, instrumented, not scraped',
  'ours-no-gc': 'app, instrumented, METRICS_GC_DURATION=false',
  common: 'app, common middleware instead of ours',
  'otel-metrics': 'app, OpenTelemetry SDK: metrics (HTTP + Koa instrumentations, Prometheus exporter)',
  'otel-tracing': 'app, OpenTelemetry SDK: metrics + tracing (SDK defaults, no-op exporter)',
  'koa-bare': 'bare Koa + router',
  'koa-common': 'bare Koa + common middleware',
};

/** A load run plus the server's own CPU time per request (user + system, all its threads). */
interface Measured extends LoadResult {
  cpuUsPerRequest: number;
}

/** Seconds per autocannon run beyond its duration (process start, connection set-up). */
const RUN_OVERHEAD_SECONDS = 0.15;
/** Starting every server of a round, in parallel (tsx, SQLite, seeding). */
const SERVER_START_SECONDS = 4;

export function expectedOverheadSeconds(options: Pick<OverheadOptions, 'rounds' | 'seconds' | 'warmupSeconds'>): number {
  const runs = SCENARIOS.reduce((sum, scenario) => sum + scenario.variants.length, 0);
  const perRound = SERVER_START_SECONDS + runs * (options.warmupSeconds + options.seconds + 2 * RUN_OVERHEAD_SECONDS);
  return options.rounds * perRound;
}

export async function runOverheadBench(options: OverheadOptions): Promise<BenchReport> {
  const dataRoot = await mkdtemp(path.join(os.tmpdir(), 'grapevine-bench-overhead-'));
  const runs = SCENARIOS.flatMap((scenario) => scenario.variants.map((variant) => ({ scenario, variant })));
  const samples = new Map<string, Measured[]>();
  try {
    for (let round = 0; round < options.rounds; round++) {
      // Fresh processes every round: two processes of the same server differ by several
      // percent (heap layout, JIT decisions), which one process per server would bake into every round.
      const servers = await startServers(path.join(dataRoot, `round-${round}`), options);
      try {
        for (const { scenario, variant } of runs)
          await load(servers.get(variant)!, variant, scenario, options.warmupSeconds, options.connections);
        const rotated = [...runs.slice(round % runs.length), ...runs.slice(0, round % runs.length)];
        for (const { scenario, variant } of rotated) {
          const key = `${scenario.key}/${variant}`;
          samples.set(key, [
            ...(samples.get(key) ?? []),
            await load(servers.get(variant)!, variant, scenario, options.seconds, options.connections),
          ]);
        }
      } finally {
        await Promise.all([...servers.values()].map((server) => server.stop()));
      }
      options.progress(
        `overhead: round ${round + 1}/${options.rounds} (req/s): ` +
          runs
            .map(
              ({ scenario, variant }) =>
                `${scenario.key}/${variant} ${Math.round(samples.get(`${scenario.key}/${variant}`)!.at(-1)!.requestsPerSecond)}`,
            )
            .join(', '),
      );
    }
    return report(samples, options);
  } finally {
    await rm(dataRoot, { recursive: true, force: true });
  }
}

async function startServers(dataDir: string, options: OverheadOptions): Promise<Map<Variant, Child<Listening>>> {
  const started = await Promise.allSettled(
    VARIANTS.map(async (variant) => {
      // One folder per server and round: tsx's loader thread writes a profile of its own beside the main thread's.
      const profile = options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${path.join(options.profileDir, variant)}`];
      const { nodeArgs, imports, env } = await launchOf(variant);
      return [
        variant,
        await startTsChild<Listening>('scripts/bench/overhead/server.ts', [variant, path.join(dataDir, variant)], {
          nodeArgs: [...nodeArgs, ...profile],
          imports,
          env,
        }),
      ] as const;
    }),
  );
  const servers = new Map(started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await Promise.all([...servers.values()].map((server) => server.stop()));
    throw failure.reason;
  }
  return servers;
}

async function load(
  server: Child<Listening>,
  variant: Variant,
  scenario: Scenario,
  seconds: number,
  connections: number,
): Promise<Measured> {
  const { siteUrl, metricsUrl } = server.ready;
  const cpuBefore = await cpuSeconds(server.process.pid!);
  const stopScraping = scrapeEverySecond(SCRAPED[variant] ? metricsUrl : undefined);
  let result: LoadResult;
  try {
    result = await runLoad({ url: `${siteUrl}${scenario.path}`, seconds, connections });
  } finally {
    await stopScraping();
  }
  const cpu = (await cpuSeconds(server.process.pid!)) - cpuBefore;
  return { ...result, cpuUsPerRequest: (cpu * 1e6) / result.requests };
}

/** "(±2.1 %; 0.91-1.08)": half the interquartile range around the median, then the extremes. */
function spreadText(values: Spread): string {
  return `(±${percent(values.relativeIqr / 2)}; ${fixed(values.min, 2)}-${fixed(values.max, 2)})`;
}

function report(samples: Map<string, Measured[]>, options: OverheadOptions): BenchReport {
  const goals: Goal[] = [];
  const sections: string[] = [];
  for (const scenario of SCENARIOS) {
    const of = (variant: Variant) => samples.get(`${scenario.key}/${variant}`)!;
    const failures = scenario.variants.reduce((sum, variant) => sum + of(variant).reduce((n, r) => n + r.failures, 0), 0);

    const serverRows = scenario.variants.map((variant) => {
      const cpu = spread(of(variant).map((r) => r.cpuUsPerRequest));
      const rps = spread(of(variant).map((r) => r.requestsPerSecond));
      const p99 = spread(of(variant).map((r) => r.p99Ms));
      return [
        SERVER_LABELS[variant],
        `**${fixed(cpu.median, 1)}** (${fixed(cpu.min, 1)}-${fixed(cpu.max, 1)})`,
        `${fixed(rps.median, 0)} (${fixed(rps.min, 0)}-${fixed(rps.max, 0)})`,
        `${fixed(p99.median, 0)} (${fixed(p99.min, 0)}-${fixed(p99.max, 0)})`,
        fixed(median(of(variant).map((r) => r.p50Ms)), 0),
        fixed(median(of(variant).map((r) => r.meanMs)), 2),
      ];
    });

    const ratioRows: string[][] = [];
    for (const { candidate, baseline, label } of COMPARISONS) {
      if (!scenario.variants.includes(candidate) || !scenario.variants.includes(baseline)) continue;
      const paired = (key: 'requestsPerSecond' | 'p99Ms' | 'cpuUsPerRequest') =>
        pairedRatios(
          of(candidate).map((r) => r[key]),
          of(baseline).map((r) => r[key]),
        );
      const rps = spread(paired('requestsPerSecond'));
      const p99OfMedians = median(of(candidate).map((r) => r.p99Ms)) / median(of(baseline).map((r) => r.p99Ms));
      const cpu = spread(paired('cpuUsPerRequest'));
      ratioRows.push([
        label,
        `**${fixed(cpu.median, 3)}x** ${spreadText(cpu)}`,
        `**${fixed(rps.median, 3)}x** ${spreadText(rps)}`,
        `${fixed(median(of(candidate).map((r) => r.requestsPerSecond)) / median(of(baseline).map((r) => r.requestsPerSecond)), 3)}x`,
        `${fixed(p99OfMedians, 2)}x (paired median ${fixed(median(paired('p99Ms')), 2)}x)`,
      ]);
      if (candidate === 'ours' && baseline === 'bare') {
        goals.push({
          name: `${scenario.key}: instrumented server CPU per request <= 1.05x uninstrumented`,
          reached: cpu.median <= 1.05,
          detail: `${fixed(cpu.median, 3)}x, spread ±${percent(cpu.relativeIqr / 2)}`,
        });
        goals.push({
          name: `${scenario.key}: instrumented throughput >= 0.95x uninstrumented`,
          reached: rps.median >= 0.95,
          detail: `${fixed(rps.median, 3)}x, spread ±${percent(rps.relativeIqr / 2)}`,
        });
        goals.push({
          name: `${scenario.key}: instrumented p99 within 10 % of uninstrumented`,
          reached: p99OfMedians <= 1.1,
          detail: `${fixed(p99OfMedians, 2)}x`,
        });
      }
      if (candidate === 'ours' && baseline === 'common') {
        goals.push({
          name: `${scenario.key}: ours faster than the common hand-written middleware`,
          reached: rps.median > 1,
          detail: `${fixed(rps.median, 3)}x`,
        });
      }
    }

    sections.push(
      [
        `#### ${scenario.title}`,
        '',
        table(
          ['server', 'server CPU µs/request, median (min-max)', 'req/s median (min-max)', 'p99 ms median (min-max)', 'p50 ms', 'mean ms'],
          serverRows,
        ),
        '',
        table(
          [
            'comparison',
            'CPU/request ratio, median of paired rounds (±half IQR; min-max)',
            'req/s ratio, median of paired rounds (±half IQR; min-max)',
            'req/s ratio of medians',
            'p99 ratio of medians',
          ],
          ratioRows,
        ),
        failures === 0 ? '' : `\n**${failures} requests failed (non-2xx, errors or timeouts): these rounds are not valid.**`,
      ].join('\n'),
    );
  }
  return {
    title: 'Instrumentation overhead',
    command: `npm run bench -- overhead --rounds ${options.rounds} --seconds ${options.seconds} --connections ${options.connections}`,
    markdown: [
      `${options.rounds} alternating rounds of ${options.seconds} s per server and route; every round starts fresh server processes and warms each route for ${options.warmupSeconds} s; ` +
        `autocannon with ${options.connections} connections from its own process over loopback; ` +
        'the instrumented servers are scraped once a second during load, as Prometheus does here, except "not scraped". ' +
        "autocannon records latency in whole milliseconds. Server CPU per request is the server process's own user + system time " +
        '(all threads, from /proc) over the round divided by the requests served: it shows the cost of instrumentation even when ' +
        'other work on the machine takes cores away and moves the throughput, so it is the headline column. ' +
        'Spread: ± half the interquartile range of the paired ratios, relative to their median, then the lowest and highest round.',
      '',
      ...sections,
    ].join('\n'),
    goals,
  };
}
