import { formatDuration } from './duration.js';
import { assertLocalBaseUrl } from './url-guard.js';

export interface TrafficOptions {
  /** The app's site origin; only loopback or single-label hosts (see url-guard.ts). */
  baseUrl: string;
  durationMs: number;
  /** Operations per second across every simulated person: HTTP requests and socket frames. */
  rate: number;
  /** Simulated people, each with an account; about a quarter own a game, the rest browse and chat. */
  users: number;
  /** Stop starting operations after this many (the run also ends at `durationMs`). */
  maxRequests?: number;
  /** The chat channel games and web clients talk on. */
  channel: string;
  /**
   * Some of the probers' requests go to the app's deliberately slow and failing routes (/demo/slow,
   * /demo/error; the app mounts them with DEMO_FAULTS=true), so SlowRequests and HighErrorRate fire.
   * Their slow 200s and their 500s are then expected; nothing else is excused.
   */
  faults: boolean;
  /** How long each /demo/slow request asks the app to wait, with `faults`. Over 1 s for SlowRequests to fire. */
  slowSeconds: number;
  /** Stops the run early; what is open is still closed and signed out. */
  signal?: AbortSignal;
  /** Called about every `progressIntervalMs` with the counts so far (the CLI draws its progress from it). */
  onProgress?: (progress: Progress) => void;
  progressIntervalMs?: number;
}

export interface Progress {
  elapsedMs: number;
  durationMs: number;
  operations: number;
  unexpected: number;
  gamesOnline: number;
  webClientsOpen: number;
  messagesSent: number;
  /** Socket replies so far, by kind and status, as the summary's `frames.byKind` counts them. */
  frameReplies: Record<string, Record<string, number>>;
}

export const limits = {
  durationMs: { min: 1_000, max: 30 * 60_000, default: 60_000 },
  rate: { min: 1, max: 500, default: 20 },
  users: { min: 2, max: 500, default: 20 },
  maxRequests: { min: 1, max: 10_000_000 },
  // The app's bounds for /demo/slow?seconds= (app/site/demo/faults.ts).
  slowSeconds: { min: 0, max: 5 },
} as const;

export const defaults = {
  baseUrl: 'http://127.0.0.1:4100',
  durationMs: limits.durationMs.default,
  rate: limits.rate.default,
  users: limits.users.default,
  channel: 'gossip',
  faults: false,
  // The app's own default: over SlowRequests' 1 s, short enough not to hold a prober up for long.
  slowSeconds: 1.5,
} as const;

export class TrafficOptionsError extends Error {
  override readonly name = 'TrafficOptionsError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/**
 * Fills defaults and checks every bound, naming each bad option; the CLI and `runTraffic` callers
 * get the same rules. Bounds in ms for durations, so tests may run shorter than the CLI's `1s` minimum.
 */
export function resolveOptions(input: Partial<TrafficOptions>, { minDurationMs = 100 } = {}): TrafficOptions {
  const options: TrafficOptions = { ...defaults, ...withoutUndefined(input) };
  const problems: string[] = [];
  try {
    options.baseUrl = assertLocalBaseUrl(options.baseUrl);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const inRange = (name: string, value: number, min: number, max: number, integer: boolean, show: (n: number) => string = String) => {
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      problems.push(`${name} must be ${integer ? 'a whole number ' : ''}between ${show(min)} and ${show(max)}, got ${show(value)}`);
    }
  };
  inRange('duration', options.durationMs, minDurationMs, limits.durationMs.max, false, formatDuration);
  inRange('rate', options.rate, limits.rate.min, limits.rate.max, false);
  inRange('users', options.users, limits.users.min, limits.users.max, true);
  inRange('slowSeconds', options.slowSeconds, limits.slowSeconds.min, limits.slowSeconds.max, false);
  if (options.maxRequests !== undefined) {
    inRange('requests', options.maxRequests, limits.maxRequests.min, limits.maxRequests.max, true);
  }
  // The app's channel names (app/site/sockets/protocol.ts).
  if (!/^[A-Za-z0-9_-]{3,15}$/.test(options.channel)) {
    problems.push(`channel must be 3-15 letters, digits, "_" or "-", got "${options.channel}"`);
  }
  if (problems.length > 0) throw new TrafficOptionsError(problems);
  return options;
}

function withoutUndefined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
