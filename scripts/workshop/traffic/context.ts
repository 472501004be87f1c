// What every simulated person shares: the options, the pacer, the recorder, the stop signal, and two
// wrappers that pace an operation, time it out, and record its outcome against what was expected.
import { isApiError, type ApiResponse, type Reply } from '../client/index.js';
import type { TrafficOptions } from './options.js';
import type { Pacer } from './pacer.js';
import type { Recorder } from './recorder.js';
import { createSemaphore } from './semaphore.js';

export interface RunContext {
  options: TrafficOptions;
  pacer: Pacer;
  recorder: Recorder;
  /** Aborts when the run should end: people stop starting operations and clean up. */
  stop: AbortSignal;
  /** Usernames registered so far, for the duplicate-registration and wrong-password probes. */
  accounts: string[];
  /** Ids of the games created so far, for the game pages. */
  gameIds: (number | string)[];
  /** Failed attempts the probers made against each account, by `wrong password:NAME` or `duplicate:NAME` (see prober.ts). */
  probed: Map<string, number>;
  /**
   * Paces, sends, and records the status. Resolves undefined when the run stopped before a slot came
   * or the request failed on the network (recorded as unexpected).
   */
  http<T>(kind: string, expected: readonly number[], call: () => Promise<ApiResponse<T>>, how?: How): Promise<ApiResponse<T> | undefined>;
  /** The same for a socket frame and its reply status. */
  frame(kind: string, expected: Reply['status'], call: () => Promise<Reply>, how?: How): Promise<Reply | undefined>;
}

export interface How {
  /** False for clean-up after the run stopped (sign-outs, heartbeats that keep a game alive). Default true. */
  paced?: boolean;
  /** For frames: the socket's own pacer (createSocketPacer), taken before the run's, so one socket stays under the app's per-socket rate. */
  socket?: Pacer;
  /** The request makes the app hash a password (register, sign in): see `passwordSlots`. */
  hashes?: boolean;
  /** For frames: true when this failure reply was to be expected after all (the other player left meanwhile). */
  expectFailure?: (reply: Reply) => boolean;
}

/**
 * In-flight requests that hash a password. The app's scrypt takes ~100 ms of a libuv thread (4 by
 * default) per call: a hundred people registering at once would queue for seconds and time out, and the
 * run would measure its own pile-up. People beyond this wait here instead, before taking a pacer slot.
 */
const passwordSlots = 4;

export function createRunContext(parts: Omit<RunContext, 'http' | 'frame' | 'accounts' | 'gameIds' | 'probed'>): RunContext {
  const { pacer, recorder, stop } = parts;
  const hashing = createSemaphore(passwordSlots);
  async function run<R>(how: How, call: () => Promise<R>, record: (result: R) => void, kind: string): Promise<R | undefined> {
    const release = how.hashes ? await hashing.acquire(stop) : () => {};
    if (release === undefined) return undefined;
    try {
      if (how.paced !== false && how.socket !== undefined && !(await how.socket.take())) return undefined;
      if (how.paced !== false && !(await pacer.take())) return undefined;
      const result = await call();
      record(result);
      return result;
    } catch (error) {
      recorder.unexpected(`${kind}: ${(error as Error).message}`);
      return undefined;
    } finally {
      release();
    }
  }
  return {
    ...parts,
    accounts: [],
    gameIds: [],
    probed: new Map(),
    http: (kind, expected, call, how = {}) =>
      run(how, call, (response) => recorder.http(kind, response.status, expected, describeBody(response.body)), kind),
    frame: (kind, expected, call, how = {}) =>
      run(
        how,
        call,
        (reply) => {
          const excused = reply.status === 'failure' && expected === 'success' && how.expectFailure?.(reply) === true;
          recorder.frame(kind, reply.status, excused ? 'failure' : expected, reply.error);
        },
        kind,
      ),
  };
}

function describeBody(body: unknown): string | undefined {
  if (isApiError(body)) return body.error;
  return typeof body === 'string' ? body.slice(0, 120) : undefined;
}
