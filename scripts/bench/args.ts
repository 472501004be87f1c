// `npm run bench -- [names...] [options]`: which benchmarks to run and how long each may take.
// Every option has a bound, so no combination runs for hours.
import { parseArgs } from 'node:util';
import { alertLatencyDefaults } from './alert-latency.js';
import { chatLatencyDefaults } from './chat-latency.js';
import { haDefaults } from './ha.js';
import { instructionsDefaults } from './instructions.js';
import { memoryDefaults } from './memory.js';
import { overheadDefaults } from './overhead/index.js';
import { profileDefaults } from './overhead/profile.js';
import { scrapeDefaults } from './scrape.js';
import { stackStartDefaults } from './stack-start.js';

export interface BenchOptions {
  names: string[];
  out: string;
  overhead: { rounds: number; seconds: number; connections: number; warmupSeconds: number; profileDir?: string };
  profile: { requests: number; connections: number };
  instructions: { requests: number; warmup: number; repeats: number };
  scrape: { rounds: number; rendersPerRound: number; trafficSeconds: number; randomRequests: number };
  alertLatency: { samples: number };
  stackStart: { runs: number };
  ha: { runs: number; samples: number };
  chatLatency: { messages: number };
  memory: { minutes: number; rate: number; users: number; sampleEverySeconds: number };
}

export const usage = `Usage: npm run bench -- [name ...] [options]

Names (default: all, in this order): overhead, profile, instructions, scrape, alert-latency, stack-start, ha, chat-latency, memory

Options:
  --rounds N        overhead: rounds of side-by-side pairs of fresh servers (default ${overheadDefaults.rounds}, 3-25)
  --seconds N       overhead: seconds of load per server per round (default ${overheadDefaults.seconds}, 1-10)
  --connections N   overhead, profile: autocannon connections (default ${overheadDefaults.connections}, 1-200)
  --profile DIR     overhead: write V8 CPU profiles of every server to DIR (slows them: ratios are then not valid)
  --requests N      profile: requests each profiled server serves (default ${profileDefaults.requests}, 20000-2000000)
  --repeats N       instructions: servers counted per variant and route (default ${instructionsDefaults.repeats}, 1-5)
  --samples N       alert-latency: registrations measured (default ${alertLatencyDefaults.samples}, 1-20)
  --runs N          stack-start: runs (default ${stackStartDefaults.runs}, 1-10)
  --ha-runs N       ha: runs, each of the single stack then the HA variant (default ${haDefaults.runs}, 1-5)
  --ha-samples N    ha: registrations per stack with everything up (default ${haDefaults.samples}, 1-10)
  --messages N      chat-latency: chat lines timed each way (default ${chatLatencyDefaults.messages}, 20-5000)
  --minutes N       memory: minutes of traffic (default ${memoryDefaults.minutes}, 0.5-30)
  --out FILE        also write the Markdown results to FILE (default .build/bench/results.md)
  --help            this text`;

export class BenchArgsError extends Error {
  override readonly name = 'BenchArgsError';
}

const FLAGS = {
  rounds: { type: 'string' },
  seconds: { type: 'string' },
  connections: { type: 'string' },
  profile: { type: 'string' },
  requests: { type: 'string' },
  repeats: { type: 'string' },
  samples: { type: 'string' },
  runs: { type: 'string' },
  'ha-runs': { type: 'string' },
  'ha-samples': { type: 'string' },
  messages: { type: 'string' },
  minutes: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** The options of `npm run bench -- ...`, or 'help'; throws BenchArgsError on an unknown name or flag, or a value out of its bounds. */
export function parseBenchArgs(argv: string[], known: readonly string[]): BenchOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: FLAGS });
  } catch (error) {
    // parseArgs' own errors (an unknown flag, a flag without its value) are argument errors too.
    throw new BenchArgsError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const unknown = positionals.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new BenchArgsError(`unknown benchmark ${unknown.join(', ')}; known: ${known.join(', ')}`);

  const number = (name: string, raw: string | undefined, fallback: number, min: number, max: number, integer = true): number => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new BenchArgsError(`--${name} must be ${integer ? 'a whole number ' : ''}from ${min} to ${max}, got ${raw}`);
    }
    return value;
  };

  return {
    names: positionals.length > 0 ? known.filter((name) => positionals.includes(name)) : [...known],
    out: values.out ?? '.build/bench/results.md',
    overhead: {
      rounds: number('rounds', values.rounds, overheadDefaults.rounds, 3, 25),
      seconds: number('seconds', values.seconds, overheadDefaults.seconds, 1, 10),
      connections: number('connections', values.connections, overheadDefaults.connections, 1, 200),
      warmupSeconds: overheadDefaults.warmupSeconds,
      ...(values.profile === undefined ? {} : { profileDir: values.profile }),
    },
    profile: {
      requests: number('requests', values.requests, profileDefaults.requests, 20_000, 2_000_000),
      connections: number('connections', values.connections, profileDefaults.connections, 1, 200),
    },
    instructions: { ...instructionsDefaults, repeats: number('repeats', values.repeats, instructionsDefaults.repeats, 1, 5) },
    scrape: { ...scrapeDefaults },
    alertLatency: { samples: number('samples', values.samples, alertLatencyDefaults.samples, 1, 20) },
    stackStart: { runs: number('runs', values.runs, stackStartDefaults.runs, 1, 10) },
    ha: {
      runs: number('ha-runs', values['ha-runs'], haDefaults.runs, 1, 5),
      samples: number('ha-samples', values['ha-samples'], haDefaults.samples, 1, 10),
    },
    chatLatency: { messages: number('messages', values.messages, chatLatencyDefaults.messages, 20, 5000) },
    memory: { ...memoryDefaults, minutes: number('minutes', values.minutes, memoryDefaults.minutes, 0.5, 30, false) },
  };
}
