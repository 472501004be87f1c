// Benchmark 5, memory: the app started natively, compiled as `npm start` compiles it (into a
// private directory, so the shared dist/ is left alone) and run with plain node, under `runTraffic` at a moderate rate for a few minutes, its RSS read from /proc every few
// seconds and its V8 heap from its own /metrics. Flat means no growth across the second half:
// the least-squares slope there is reported, and the goal is under 1 % of the RSS per minute.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSiteChild } from '../../app/site/start-up.js';
import { formatSummary, isCleanRun, runTraffic } from '../workshop/traffic/index.js';
import { buildApp } from './child.js';
import { fixed, table, type BenchReport } from './report.js';
import { median, slope } from './stats.js';

export interface MemoryOptions {
  minutes: number;
  /** Traffic generator operations per second. */
  rate: number;
  users: number;
  sampleEverySeconds: number;
  progress: (line: string) => void;
}

export const memoryDefaults = { minutes: 5, rate: 60, users: 30, sampleEverySeconds: 5 } as const;

export function expectedMemorySeconds({ minutes }: Pick<MemoryOptions, 'minutes'>): number {
  return minutes * 60 + 15;
}

interface MemorySample {
  seconds: number;
  rssMiB: number;
  heapUsedMiB: number;
}

const MiB = 2 ** 20;

export async function runMemoryBench(options: MemoryOptions): Promise<BenchReport> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'grapevine-bench-memory-'));
  options.progress('memory: compiling the app (tsconfig.build.json) into .build/bench/dist');
  const main = await buildApp();
  // Ready once main.ts logs its URLs, that is once both listeners are up.
  const app = await startSiteChild({
    entry: [main],
    env: { ...process.env, PORT: '0', METRICS_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir },
  });
  const pid = app.process.pid!;
  const samples: MemorySample[] = [];
  const started = performance.now();
  const sample = async (): Promise<void> => {
    const [rss, heap] = await Promise.all([rssBytes(pid), heapUsedBytes(app.ready.metricsUrl)]);
    samples.push({ seconds: (performance.now() - started) / 1000, rssMiB: rss / MiB, heapUsedMiB: heap / MiB });
  };
  try {
    await sample();
    const timer = setInterval(() => void sample().catch(() => undefined), options.sampleEverySeconds * 1000);
    const progress = setInterval(() => {
      const last = samples.at(-1);
      if (last)
        options.progress(
          `memory: ${fixed(last.seconds, 0)} s, RSS ${fixed(last.rssMiB, 1)} MiB, heap used ${fixed(last.heapUsedMiB, 1)} MiB`,
        );
    }, 30_000);
    let summary;
    try {
      summary = await runTraffic({
        baseUrl: app.ready.siteUrl,
        durationMs: options.minutes * 60_000,
        rate: options.rate,
        users: options.users,
      });
    } finally {
      clearInterval(timer);
      clearInterval(progress);
    }
    await sample();
    return report(
      samples,
      options,
      summary.requests.total + summary.frames.total,
      isCleanRun(summary) ? undefined : formatSummary(summary),
    );
  } finally {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kib) * 1024;
}

async function heapUsedBytes(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const value = /^nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1];
  return value === undefined ? Number.NaN : Number(value);
}

function report(samples: MemorySample[], options: MemoryOptions, operations: number, trafficProblems: string | undefined): BenchReport {
  const end = samples.at(-1)!.seconds;
  const firstHalf = samples.filter((s) => s.seconds < end / 2);
  const secondHalf = samples.filter((s) => s.seconds >= end / 2);
  const perMinute = (values: MemorySample[], key: 'rssMiB' | 'heapUsedMiB') => slope(values.map((s) => [s.seconds / 60, s[key]] as const));
  const rssSlope = perMinute(secondHalf, 'rssMiB');
  const heapSlope = perMinute(secondHalf, 'heapUsedMiB');
  const meanRss = secondHalf.reduce((sum, s) => sum + s.rssMiB, 0) / secondHalf.length;
  const limit = meanRss * 0.01;
  const minute = (s: MemorySample) => Math.floor(s.seconds / 60);
  const minutes = [...new Set(samples.map(minute))];
  return {
    title: 'Memory',
    command: `npm run bench -- memory --minutes ${options.minutes}`,
    markdown: [
      `The app (compiled with tsconfig.build.json, run as \`node app/site/main.js\`, SQLite in a temporary DATA_DIR) under \`runTraffic\` at ${options.rate} operations/s ` +
        `with ${options.users} people for ${options.minutes} min (${operations} HTTP requests and socket frames); RSS from /proc every ` +
        `${options.sampleEverySeconds} s (${samples.length} samples), heap used from the app's own \`nodejs_heap_size_used_bytes\`.`,
      '',
      table(
        ['minute', 'RSS median MiB', 'RSS max MiB', 'heap used median MiB'],
        minutes.map((m) => {
          const inMinute = samples.filter((s) => minute(s) === m);
          return [
            String(m + 1),
            fixed(median(inMinute.map((s) => s.rssMiB)), 1),
            fixed(Math.max(...inMinute.map((s) => s.rssMiB)), 1),
            fixed(median(inMinute.map((s) => s.heapUsedMiB)), 1),
          ];
        }),
      ),
      '',
      `Second half: RSS slope ${fixed(rssSlope, 2)} MiB/min (mean ${fixed(meanRss, 1)} MiB), heap-used slope ${fixed(heapSlope, 2)} MiB/min. ` +
        `First half median RSS ${fixed(median(firstHalf.map((s) => s.rssMiB)), 1)} MiB, second half ${fixed(median(secondHalf.map((s) => s.rssMiB)), 1)} MiB.`,
      trafficProblems === undefined
        ? 'The traffic run was clean (no 5xx, nothing unexpected).'
        : `The traffic run was not clean:\n\n\`\`\`\n${trafficProblems}\n\`\`\``,
    ].join('\n'),
    goals: [
      {
        name: 'RSS flat across the second half (slope under 1 % of RSS per minute)',
        reached: rssSlope < limit,
        detail: `${fixed(rssSlope, 2)} MiB/min, limit ${fixed(limit, 2)} MiB/min`,
      },
    ],
  };
}
