import { parseArgs } from 'node:util';
import { parseDuration } from './duration.js';
import { defaults, limits, resolveOptions, TrafficOptionsError, type TrafficOptions } from './options.js';

export const usage = `Usage: npm run traffic -- [options]

Simulated players and web visitors against a running Grapevine app: registrations, sign-ins and
sign-outs, games connecting over the socket (Grapevine's protocol: answering the app's heartbeats with
their players, tells between games, game and player status), chat on a channel, web clients held
open, 404s and rejected input. Ends with a summary; exits 1 on any 5xx or unexpected answer
(the deliberate ones --faults asks for excepted).

Options:
  --base-url URL    the app's site (default ${defaults.baseUrl}); only loopback, localhost or a
                    single-label name such as a compose service (http://app:4100)
  --duration TIME   how long to run: 500ms, 10s, 2m, 1m30s (default 60s, max 30m)
  --rate N          operations per second, HTTP requests and socket frames (default ${defaults.rate}, max ${limits.rate.max})
  --users N         simulated people, each with an account; a quarter own a game (default ${defaults.users}, ${limits.users.min}-${limits.users.max})
  --requests N      stop after about N operations, even before --duration ends
  --channel NAME    the chat channel (default ${defaults.channel})
  --faults          also call the app's deliberately slow and failing routes, /demo/slow and /demo/error
                    (the app mounts them with DEMO_FAULTS=true; the compose stack sets it): about 10% of
                    the HTTP requests answer 500 and each prober waits on a slow one every 10 s. Those
                    answers are expected; every other 5xx still fails the run
  --slow-seconds N  with --faults, how long each /demo/slow request takes, 0-${limits.slowSeconds.max} (default ${defaults.slowSeconds}; over 1 for SlowRequests)
  -h, --help        show this help

About a third of the operations are chat messages (the default run: about 6.5/s). ChatFlood (over 10 messages/s
for a minute, then its 'for: 1m') needs e.g. --rate 60 --duration 3m. The default run fires NewUserRegistered and WebClientOpen. One game
stops answering heartbeats on purpose; the app drops it after HEARTBEAT_MISSED_LIMIT unanswered ones
(HEARTBEAT_INTERVAL_SECONDS x HEARTBEAT_MISSED_LIMIT: 45 s by default, 15 s in the compose stack).
With --faults (e.g. --faults --duration 7m), HighErrorRate fires after about 2 minutes and SlowRequests
after about 5 (their 'for'). SlowRequests shows as firing in Prometheus (http://localhost:9090/alerts) but
stays out of the inbox while HighErrorRate fires: Alertmanager holds warnings back behind a critical.`;

export type ParsedArgs = { help: true } | { help: false; options: TrafficOptions };

/** Parses the CLI's argv (without node and script); throws TrafficOptionsError naming every bad flag. */
export function parseTrafficArgs(argv: string[]): ParsedArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'base-url': { type: 'string' },
        duration: { type: 'string' },
        rate: { type: 'string' },
        users: { type: 'string' },
        requests: { type: 'string' },
        channel: { type: 'string' },
        faults: { type: 'boolean' },
        'slow-seconds': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // parseArgs' messages name the flag but suggest `--` for positionals; ours say where help is.
    throw new TrafficOptionsError([`${(error as Error).message.split('. ')[0]}; see --help`]);
  }
  if (values.help) return { help: true };

  const problems: string[] = [];
  const number = (flag: string): number | undefined => {
    const text = values[flag];
    if (typeof text !== 'string') return undefined;
    if (!/^\d+(\.\d+)?$/.test(text.trim())) {
      problems.push(`--${flag} must be a number, got "${text}"`);
      return undefined;
    }
    return Number(text);
  };
  const duration = (flag: string): number | undefined => {
    const text = values[flag];
    if (typeof text !== 'string') return undefined;
    const ms = parseDuration(text);
    if (ms === undefined) problems.push(`--${flag} must look like 500ms, 10s, 2m or 1m30s, got "${text}"`);
    return ms;
  };
  const input: Partial<TrafficOptions> = {
    baseUrl: values['base-url'] as string | undefined,
    durationMs: duration('duration'),
    rate: number('rate'),
    users: number('users'),
    maxRequests: number('requests'),
    channel: values.channel as string | undefined,
    faults: values.faults === true ? true : undefined,
    slowSeconds: number('slow-seconds'),
  };
  if (input.slowSeconds !== undefined && input.faults !== true) problems.push('--slow-seconds only applies with --faults');
  let options: TrafficOptions | undefined;
  try {
    options = resolveOptions(input, { minDurationMs: limits.durationMs.min });
  } catch (error) {
    if (!(error instanceof TrafficOptionsError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || options === undefined) throw new TrafficOptionsError(problems.map(flagName));
  return { help: false, options };
}

// resolveOptions speaks of options by their programmatic names; the CLI user typed flags.
function flagName(problem: string): string {
  return problem.replace(/^slowSeconds /, '--slow-seconds ').replace(/^(duration|rate|users|requests|channel) /, '--$1 ');
}
