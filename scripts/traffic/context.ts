// What every simulated person shares: the options, the pacer, the recorder, the stop signal, and two
// wrappers that pace an operation, time it out, and record its outcome against what was expected.
import type { ApiResponse, Reply } from '../client/index.js';
import type { TrafficOptions } from './options.js';
import type { Pacer } from './pacer.js';
import type { Recorder } from './recorder.js';

export interface RunContext {
  options: TrafficOptions;
  pacer: Pacer;
  recorder: Recorder;
  /** Aborts when the run should end: people stop starting operations and clean up. */
  stop: AbortSignal;
  /** Usernames registered so far, for the duplicate-registration and wrong-password probes. */
  accounts: string[];
  /**
   * Paces (unless `paced: false`, for clean-up after stop), sends, and records the status. Resolves
   * undefined when the run stopped before a slot came or the request failed on the network
   * (recorded as unexpected).
   */
  http<T>(kind: string, expected: readonly number[], call: () => Promise<ApiResponse<T>>, paced?: boolean): Promise<ApiResponse<T> | undefined>;
  /** The same for a socket frame and its reply status. */
  frame(kind: string, expected: Reply['status'], call: () => Promise<Reply>, paced?: boolean): Promise<Reply | undefined>;
}

export function createRunContext(parts: Omit<RunContext, 'http' | 'frame' | 'accounts'>): RunContext {
  const { pacer, recorder } = parts;
  return {
    ...parts,
    accounts: [],
    async http(kind, expected, call, paced = true) {
      if (paced && !(await pacer.take())) return undefined;
      try {
        const response = await call();
        recorder.http(kind, response.status, expected);
        return response;
      } catch (error) {
        recorder.unexpected(`${kind}: ${(error as Error).message}`);
        return undefined;
      }
    },
    async frame(kind, expected, call, paced = true) {
      if (paced && !(await pacer.take())) return undefined;
      try {
        const reply = await call();
        recorder.frame(kind, reply.status, expected);
        return reply;
      } catch (error) {
        recorder.unexpected(`${kind}: ${(error as Error).message}`);
        return undefined;
      }
    },
  };
}
