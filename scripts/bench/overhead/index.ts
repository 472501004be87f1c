// Benchmark 1, instrumentation overhead: the app with and without its instrumentation, and the
// common hand-written prom-client middleware, each server in its own process, loaded by autocannon
// from other processes over loopback. Each comparison is measured as a pair: two fresh server
// processes started for it, both on one core, warmed and then loaded at the same moment (./cpus.ts
// says why: the machine's speed drifts from second to second, and a pair sees the same drift), the
// load generators on the other cores. Both members of a pair have the same history: a server keeps
// getting cheaper for tens of seconds under load and dearer again after idling, so servers shared
// between pairs read dearer the less they had been loaded. The order of the pairs rotates each round;
// each comparison is the median over rounds of the pair's ratio, so the spread it reports is mostly
// the difference between fresh processes, which the null pair (two uninstrumented servers) shows.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTsChild, type Child } from '../child.js';
import { fixed, percent, table, type BenchReport, type Goal } from '../report.js';
import { median, pairedRatios, spread, type Spread } from '../stats.js';
import { runLoad, type LoadResult } from './load.js';
import { cpuPlan, pinProcess, type CpuPlan } from './cpus.js';
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

// 12 rounds, the fewest the goals are judged on; BENCHMARKS.md reports the spread they gave. Warm-up
// 5 s side by side (each server about half the core): a fresh server's first seconds under load cost
// it 10-20 % more per request than the rest, and its first 3 s window read dearest in scratch runs.
export const overheadDefaults = { rounds: 12, seconds: 3, connections: 50, warmupSeconds: 5 } as const;

interface Scenario {
  key: string;
  title: string;
  path: string;
  variants: readonly Variant[];
}

const SCENARIOS: readonly Scenario[] = [
  // Not scraped only here: the trivial route is where such costs show most.
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
  // Two servers of the same code: how far apart fresh processes read, the bench's own error.
  { candidate: 'bare', baseline: 'bare', label: 'app uninstrumented / app uninstrumented (the null pair)' },
  { candidate: 'ours', baseline: 'ours-unscraped', label: "ours / ours not scraped (the scrape's price)" },
  { candidate: 'ours', baseline: 'ours-no-gc', label: "ours / ours with METRICS_GC_DURATION=false (the GC metric's price)" },
  { candidate: 'ours-no-gc', baseline: 'bare', label: 'ours with METRICS_GC_DURATION=false / app uninstrumented' },
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

/** A load run plus the server's own CPU time (user + system, all its threads) over it. */
interface Measured extends LoadResult {
  cpuSeconds: number;
  cpuUsPerRequest: number;
}

/** One comparison in one round: the two servers, loaded side by side on one core. */
interface Pair {
  candidate: Measured;
  baseline: Measured;
  /** How busy the servers' core was: both servers' CPU time over the load's duration (1 = saturated). */
  coreBusy: number;
}

type Comparison = (typeof COMPARISONS)[number];

function comparisonsOf(scenario: Scenario): Comparison[] {
  return COMPARISONS.filter(({ candidate, baseline }) => scenario.variants.includes(candidate) && scenario.variants.includes(baseline));
}

/** Seconds per autocannon run beyond its duration (process start, connection set-up). */
const RUN_OVERHEAD_SECONDS = 0.15;
/** Starting a pair's two servers, in parallel (tsx, SQLite, seeding), and stopping them. */
const PAIR_START_SECONDS = 3;

export function expectedOverheadSeconds(options: Pick<OverheadOptions, 'rounds' | 'seconds' | 'warmupSeconds'>): number {
  const pairs = SCENARIOS.reduce((sum, scenario) => sum + comparisonsOf(scenario).length, 0);
  return options.rounds * pairs * (PAIR_START_SECONDS + options.warmupSeconds + options.seconds + 2 * RUN_OVERHEAD_SECONDS);
}

export async function runOverheadBench(options: OverheadOptions): Promise<BenchReport> {
  const cpus = cpuPlan();
  const dataRoot = await mkdtemp(path.join(os.tmpdir(), 'grapevine-bench-overhead-'));
  const pairs = SCENARIOS.flatMap((scenario) => comparisonsOf(scenario).map((comparison) => ({ scenario, comparison })));
  const samples = new Map<string, Pair[]>();
  try {
    for (let round = 0; round < options.rounds; round++) {
      const rotated = [...pairs.slice(round % pairs.length), ...pairs.slice(0, round % pairs.length)];
      for (const [index, { scenario, comparison }] of rotated.entries()) {
        const key = pairKey(scenario, comparison);
        const dataDir = path.join(dataRoot, `round-${round}`, `pair-${index}`);
        samples.set(key, [...(samples.get(key) ?? []), await measurePair(comparison, scenario, dataDir, options, cpus)]);
      }
      options.progress(
        `overhead: round ${round + 1}/${options.rounds} (CPU per request, candidate / baseline): ` +
          pairs
            .map(({ scenario, comparison }) => {
              const last = samples.get(pairKey(scenario, comparison))!.at(-1)!;
              return `${scenario.key}/${comparison.candidate}:${comparison.baseline} ${fixed(last.candidate.cpuUsPerRequest / last.baseline.cpuUsPerRequest, 3)}`;
            })
            .join(', '),
      );
    }
    return report(samples, options);
  } finally {
    await rm(dataRoot, { recursive: true, force: true });
  }
}

const pairKey = (scenario: Scenario, { candidate, baseline }: Comparison) => `${scenario.key}/${candidate}:${baseline}`;

/**
 * One comparison in one round: two fresh servers, every thread of both pinned to the servers' core,
 * warmed side by side, then loaded side by side, then stopped.
 */
async function measurePair(
  { candidate, baseline }: Comparison,
  scenario: Scenario,
  dataDir: string,
  options: OverheadOptions,
  cpus: CpuPlan,
): Promise<Pair> {
  const started = await Promise.allSettled([
    startServer(candidate, path.join(dataDir, 'candidate'), cpus, options),
    startServer(baseline, path.join(dataDir, 'baseline'), cpus, options),
  ]);
  try {
    const failure = started.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    const [candidateServer, baselineServer] = started.map((result) => (result as PromiseFulfilledResult<Child<Listening>>).value);
    const sideBySide = (seconds: number) =>
      Promise.all([
        load(candidateServer, candidate, scenario, seconds, options.connections, cpus),
        load(baselineServer, baseline, scenario, seconds, options.connections, cpus),
      ]);
    await sideBySide(options.warmupSeconds);
    const [candidateRun, baselineRun] = await sideBySide(options.seconds);
    const duration = Math.max(...[candidateRun, baselineRun].map((run) => run.requests / run.requestsPerSecond));
    return { candidate: candidateRun, baseline: baselineRun, coreBusy: (candidateRun.cpuSeconds + baselineRun.cpuSeconds) / duration };
  } finally {
    await Promise.all(started.flatMap((result) => (result.status === 'fulfilled' ? [result.value.stop()] : [])));
  }
}

/** A fresh server of one variant, pinned to the servers' core once it is ready (start-up runs on every core). */
async function startServer(variant: Variant, dataDir: string, cpus: CpuPlan, options: OverheadOptions): Promise<Child<Listening>> {
  // One folder per variant: tsx's loader thread writes a profile of its own beside the main thread's.
  const profile = options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${path.join(options.profileDir, variant)}`];
  const { nodeArgs, imports, env } = await launchOf(variant);
  const server = await startTsChild<Listening>('scripts/bench/overhead/server.ts', [variant, dataDir], {
    nodeArgs: [...nodeArgs, ...profile],
    imports,
    env,
  });
  await pinProcess(server.process.pid!, cpus.servers).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  return server;
}

async function load(
  server: Child<Listening>,
  variant: Variant,
  scenario: Scenario,
  seconds: number,
  connections: number,
  cpus: CpuPlan,
): Promise<Measured> {
  const { siteUrl, metricsUrl } = server.ready;
  const cpuBefore = await cpuSeconds(server.process.pid!);
  const stopScraping = scrapeEverySecond(SCRAPED[variant] ? metricsUrl : undefined);
  let result: LoadResult;
  try {
    result = await runLoad({ url: `${siteUrl}${scenario.path}`, seconds, connections, cpus: cpus.load });
  } finally {
    await stopScraping();
  }
  const cpu = (await cpuSeconds(server.process.pid!)) - cpuBefore;
  return { ...result, cpuSeconds: cpu, cpuUsPerRequest: (cpu * 1e6) / result.requests };
}

/** "(±2.1 %; 0.91-1.08)": half the interquartile range around the median, then the extremes. */
function spreadText(values: Spread): string {
  return `(±${percent(values.relativeIqr / 2)}; ${fixed(values.min, 2)}-${fixed(values.max, 2)})`;
}

/** The servers' core counts as saturated from here: below it the load generators, not the servers, set the pace. */
const SATURATED_CORE = 0.9;

function report(samples: Map<string, Pair[]>, options: OverheadOptions): BenchReport {
  const goals: Goal[] = [];
  const sections: string[] = [];
  for (const scenario of SCENARIOS) {
    const comparisons = comparisonsOf(scenario);
    const pairsOf = (comparison: Comparison) => samples.get(pairKey(scenario, comparison))!;
    // Every run of a server in this scenario, whichever pair it was in.
    const runsOf = (variant: Variant) =>
      comparisons.flatMap((comparison) =>
        pairsOf(comparison).flatMap((pair) => [
          ...(comparison.candidate === variant ? [pair.candidate] : []),
          ...(comparison.baseline === variant ? [pair.baseline] : []),
        ]),
      );
    const failures = scenario.variants.reduce((sum, variant) => sum + runsOf(variant).reduce((n, r) => n + r.failures, 0), 0);

    const serverRows = scenario.variants.map((variant) => {
      const runs = runsOf(variant);
      const cpu = spread(runs.map((r) => r.cpuUsPerRequest));
      const rps = spread(runs.map((r) => r.requestsPerSecond));
      const p99 = spread(runs.map((r) => r.p99Ms));
      return [
        SERVER_LABELS[variant],
        `**${fixed(cpu.median, 1)}** (${fixed(cpu.min, 1)}-${fixed(cpu.max, 1)})`,
        `${fixed(rps.median, 0)} (${fixed(rps.min, 0)}-${fixed(rps.max, 0)})`,
        `${fixed(p99.median, 0)} (${fixed(p99.min, 0)}-${fixed(p99.max, 0)})`,
        fixed(median(runs.map((r) => r.p50Ms)), 0),
        fixed(median(runs.map((r) => r.meanMs)), 2),
      ];
    });

    const ratioRows: string[][] = [];
    for (const comparison of comparisons) {
      const { candidate, baseline, label } = comparison;
      const pairs = pairsOf(comparison);
      const paired = (key: 'requestsPerSecond' | 'p99Ms' | 'cpuUsPerRequest') =>
        pairedRatios(
          pairs.map((pair) => pair.candidate[key]),
          pairs.map((pair) => pair.baseline[key]),
        );
      const cpu = spread(paired('cpuUsPerRequest'));
      const rps = spread(paired('requestsPerSecond'));
      const p99 = median(paired('p99Ms'));
      const busy = spread(pairs.map((pair) => pair.coreBusy));
      ratioRows.push([
        label,
        `**${fixed(cpu.median, 3)}x** ${spreadText(cpu)}`,
        `${fixed(rps.median, 3)}x ${spreadText(rps)}`,
        `${fixed(p99, 2)}x`,
        `${percent(busy.median, 0)} (${percent(busy.min, 0)}-${percent(busy.max, 0)})`,
      ]);
      if (candidate === 'ours' && baseline === 'bare') {
        goals.push(cpuGoal(`${scenario.key}: instrumented server CPU per request <= 1.05x uninstrumented`, cpu));
        goals.push(throughputGoal(`${scenario.key}: instrumented throughput >= 0.95x uninstrumented`, rps, busy.median, (r) => r >= 0.95));
        goals.push({
          name: `${scenario.key}: instrumented p99 within 10 % of uninstrumented`,
          reached: p99 <= 1.1,
          detail: `${fixed(p99, 2)}x`,
        });
      }
      if (candidate === 'ours-no-gc' && baseline === 'bare') {
        goals.push(cpuGoal(`${scenario.key}: instrumented with METRICS_GC_DURATION=false, CPU per request <= 1.05x uninstrumented`, cpu));
      }
      if (candidate === 'ours' && baseline === 'common') {
        goals.push({
          name: `${scenario.key}: ours cheaper than the common hand-written middleware`,
          reached: cpu.median < 1,
          detail: `${fixed(cpu.median, 3)}x CPU per request`,
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
            'comparison (side by side on one core)',
            'CPU/request ratio, median of rounds (±half IQR; min-max)',
            'req/s ratio (±half IQR; min-max)',
            'p99 ratio, median',
            "servers' core busy, median (min-max)",
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
      `${options.rounds} rounds; each round measures every comparison as a pair of fresh server processes, started for it, ` +
        `every thread of both pinned to one core, warmed side by side for ${options.warmupSeconds} s and then loaded side by side for ${options.seconds} s, ` +
        `each by its own autocannon (${options.connections} connections, over loopback) on the other cores; the order of the pairs rotates each round. ` +
        'Fresh for each pair, the two servers have the same history: a server keeps getting cheaper for tens of seconds under load, so servers shared between pairs read dearer the less they had been loaded. ' +
        "Side by side, both servers see the same machine: on these virtual machines a core's speed moves by 10-30 % from one second to the next, " +
        'which measuring the servers one after the other put into every ratio. ' +
        'The instrumented servers are scraped once a second during load, as Prometheus does here, except "not scraped". ' +
        "Server CPU per request is the server process's own user + system time (all threads, from /proc) over the load divided by the requests it served: " +
        'the headline column, as the servers share their core; absolute µs are those of a server sharing a core, not comparable with runs of one server alone. ' +
        `When the core is saturated (busy ${percent(SATURATED_CORE, 0)} and more) each server gets half of it, and the req/s ratio is the throughput one core gives each; ` +
        'below that the load generators set the pace and the req/s ratio says little, so the throughput goal is judged only on a saturated core. ' +
        'autocannon records latency in whole milliseconds. ' +
        "Spread: ± half the interquartile range of the rounds' ratios, relative to their median, then the lowest and highest round.",
      '',
      ...sections,
    ].join('\n'),
    goals,
  };
}

/** The CPU goal: the paired CPU-per-request ratio's median at most 1.05x. */
function cpuGoal(name: string, cpu: Spread): Goal {
  return { name, reached: cpu.median <= 1.05, detail: `${fixed(cpu.median, 3)}x, spread ±${percent(cpu.relativeIqr / 2)}` };
}

function throughputGoal(name: string, rps: Spread, coreBusy: number, reached: (ratio: number) => boolean): Goal {
  if (coreBusy < SATURATED_CORE)
    return {
      name,
      reached: false,
      detail: `not measured: the servers' core was ${percent(coreBusy, 0)} busy, so the load generators set the pace (${fixed(rps.median, 3)}x)`,
    };
  return { name, reached: reached(rps.median), detail: `${fixed(rps.median, 3)}x, spread ±${percent(rps.relativeIqr / 2)}` };
}
