// The benchmarks `npm run bench` knows, in the order it runs them, with their expected durations
// (printed before anything starts, so a person knows what they are in for).
import { runAlertLatencyBench, expectedAlertLatencySeconds } from './alert-latency.js';
import type { BenchOptions } from './args.js';
import { expectedChatLatencySeconds, runChatLatencyBench } from './chat-latency.js';
import { expectedHaSeconds, runHaBench } from './ha.js';
import { expectedInstructionsSeconds, runInstructionsBench } from './instructions.js';
import { expectedMemorySeconds, runMemoryBench } from './memory.js';
import { expectedOverheadSeconds, runOverheadBench } from './overhead/index.js';
import { expectedProfileSeconds, runProfileBench } from './overhead/profile.js';
import type { BenchReport } from './report.js';
import { expectedScrapeSeconds, runScrapeBench } from './scrape.js';
import { expectedStackStartSeconds, runStackStartBench } from './stack-start.js';

export interface Bench {
  name: string;
  needsDocker: boolean;
  expectedSeconds(options: BenchOptions): number;
  run(options: BenchOptions, progress: (line: string) => void): Promise<BenchReport>;
}

export const BENCHES: readonly Bench[] = [
  {
    name: 'overhead',
    needsDocker: false,
    expectedSeconds: (o) => expectedOverheadSeconds(o.overhead),
    run: (o, progress) => runOverheadBench({ ...o.overhead, progress }),
  },
  {
    name: 'profile',
    needsDocker: false,
    expectedSeconds: (o) => expectedProfileSeconds(o.profile),
    run: (o, progress) => runProfileBench({ ...o.profile, progress }),
  },
  {
    name: 'instructions',
    needsDocker: false,
    expectedSeconds: (o) => expectedInstructionsSeconds(o.instructions),
    run: (o, progress) => runInstructionsBench({ ...o.instructions, progress }),
  },
  {
    name: 'scrape',
    needsDocker: false,
    expectedSeconds: (o) => expectedScrapeSeconds(o.scrape),
    run: (o, progress) => runScrapeBench({ ...o.scrape, progress }),
  },
  {
    name: 'alert-latency',
    needsDocker: true,
    expectedSeconds: (o) => expectedAlertLatencySeconds(o.alertLatency),
    run: (o, progress) => runAlertLatencyBench({ ...o.alertLatency, progress }),
  },
  {
    name: 'stack-start',
    needsDocker: true,
    expectedSeconds: (o) => expectedStackStartSeconds(o.stackStart),
    run: (o, progress) => runStackStartBench({ ...o.stackStart, progress }),
  },
  {
    name: 'ha',
    needsDocker: true,
    expectedSeconds: (o) => expectedHaSeconds(o.ha),
    run: (o, progress) => runHaBench({ ...o.ha, progress }),
  },
  {
    name: 'chat-latency',
    needsDocker: true,
    expectedSeconds: (o) => expectedChatLatencySeconds(o.chatLatency),
    run: (o, progress) => runChatLatencyBench({ ...o.chatLatency, progress }),
  },
  {
    name: 'memory',
    needsDocker: false,
    expectedSeconds: (o) => expectedMemorySeconds(o.memory),
    run: (o, progress) => runMemoryBench({ ...o.memory, progress }),
  },
];

export const BENCH_NAMES = BENCHES.map((bench) => bench.name);
