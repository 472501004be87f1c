// Counts what the simulated people did and what the app answered; the summary is built from it.

export interface Summary {
  baseUrl: string;
  durationMs: number;
  /** HTTP requests by kind (e.g. "POST /api/accounts register") and status code. */
  requests: { total: number; byKind: Record<string, Record<string, number>> };
  /** Socket frames sent by kind (e.g. "game channels/send") and reply status. */
  frames: { total: number; byKind: Record<string, Record<string, number>> };
  sockets: {
    gamesConnected: number;
    webClientsOpened: number;
    /** Socket connections refused on purpose (bad game credentials), as expected. */
    rejectedAsExpected: number;
    /** Stalled games the app disconnected for missing heartbeats, as expected. */
    heartbeatTimeouts: number;
    /** Most sockets open at once. */
    peakOpen: number;
  };
  messages: { sent: number; received: number };
  /** Tells between games: sent (accepted by the app) and tells/receive frames that arrived. */
  tells: { sent: number; received: number };
  accounts: { registered: number; signIns: number; signOuts: number };
  games: { created: number };
  /** HTTP requests plus socket frames per second over the run. */
  operationsPerSecond: number;
  /** With --faults: the app's deliberately slow and failing answers, all expected (not in `unexpected`). */
  faults: { slowAnswers: number; deliberateErrors: number };
  /** 5xx answers the generator did not ask for. Each is also counted in `unexpected`. */
  serverErrors: number;
  /** Everything the generator did not expect: 5xx, other wrong statuses, failed replies, network errors, timeouts. */
  unexpected: number;
  /** The first few unexpected outcomes, described. */
  errors: string[];
  /** True when the run was stopped by its AbortSignal before its duration. */
  aborted: boolean;
}

export type Counter =
  | 'registered'
  | 'signIns'
  | 'signOuts'
  | 'gamesCreated'
  | 'messagesSent'
  | 'messagesReceived'
  | 'tellsSent'
  | 'tellsReceived'
  | 'heartbeatTimeouts'
  | 'slowAnswers'
  | 'deliberateErrors';

export interface Recorder {
  /** `detail` (the app's `{error}`, say) goes into the description when the status is unexpected. */
  http(kind: string, status: number, expected: readonly number[], detail?: string): boolean;
  frame(kind: string, status: string, expected: string, detail?: string): boolean;
  unexpected(description: string): void;
  count(counter: Counter, by?: number): void;
  socketOpened(kind: 'game' | 'web'): void;
  socketClosed(kind: 'game' | 'web'): void;
  rejectedAsExpected(): void;
  operations(): number;
  /** A copy of the socket replies so far, by kind and status. */
  frameReplies(): Record<string, Record<string, number>>;
  openSockets(): { game: number; web: number };
  snapshot(): { unexpected: number; messagesSent: number; httpRequests: number; deliberateErrors: number };
  summary(meta: { baseUrl: string; durationMs: number; aborted: boolean }): Summary;
}

const maxErrorSamples = 20;

export function createRecorder(): Recorder {
  const requests: Record<string, Record<string, number>> = {};
  const frames: Record<string, Record<string, number>> = {};
  const counters: Record<Counter, number> = {
    registered: 0,
    signIns: 0,
    signOuts: 0,
    gamesCreated: 0,
    messagesSent: 0,
    messagesReceived: 0,
    tellsSent: 0,
    tellsReceived: 0,
    heartbeatTimeouts: 0,
    slowAnswers: 0,
    deliberateErrors: 0,
  };
  const open = { game: 0, web: 0 };
  const opened = { game: 0, web: 0 };
  let peakOpen = 0;
  let rejected = 0;
  let serverErrors = 0;
  let unexpected = 0;
  const errors: string[] = [];

  const bump = (table: Record<string, Record<string, number>>, kind: string, key: string) => {
    const row = (table[kind] ??= {});
    row[key] = (row[key] ?? 0) + 1;
  };
  const total = (table: Record<string, Record<string, number>>) =>
    Object.values(table).reduce((sum, row) => sum + Object.values(row).reduce((a, b) => a + b, 0), 0);
  const note = (description: string) => {
    unexpected += 1;
    if (errors.length < maxErrorSamples) errors.push(description);
  };

  return {
    http(kind, status, expected, detail) {
      bump(requests, kind, String(status));
      if (expected.includes(status)) return true;
      // Only --faults expects a 5xx (from /demo/error); any other is the app failing.
      if (status >= 500) serverErrors += 1;
      note(`${kind}: HTTP ${status}, expected ${expected.join(' or ')}${detail ? ` (${detail})` : ''}`);
      return false;
    },
    frame(kind, status, expected, detail) {
      bump(frames, kind, status);
      if (status === expected) return true;
      note(`${kind}: reply ${status}, expected ${expected}${detail ? ` (${detail})` : ''}`);
      return false;
    },
    unexpected: note,
    count(counter, by = 1) {
      counters[counter] += by;
    },
    socketOpened(kind) {
      open[kind] += 1;
      opened[kind] += 1;
      peakOpen = Math.max(peakOpen, open.game + open.web);
    },
    socketClosed(kind) {
      open[kind] -= 1;
    },
    rejectedAsExpected() {
      rejected += 1;
    },
    operations: () => total(requests) + total(frames),
    frameReplies: () => Object.fromEntries(Object.entries(frames).map(([kind, byStatus]) => [kind, { ...byStatus }])),
    openSockets: () => ({ ...open }),
    snapshot: () => ({
      unexpected,
      messagesSent: counters.messagesSent,
      httpRequests: total(requests),
      deliberateErrors: counters.deliberateErrors,
    }),
    summary({ baseUrl, durationMs, aborted }) {
      const operations = total(requests) + total(frames);
      return {
        baseUrl,
        durationMs,
        requests: { total: total(requests), byKind: requests },
        frames: { total: total(frames), byKind: frames },
        sockets: {
          gamesConnected: opened.game,
          webClientsOpened: opened.web,
          rejectedAsExpected: rejected,
          heartbeatTimeouts: counters.heartbeatTimeouts,
          peakOpen,
        },
        messages: { sent: counters.messagesSent, received: counters.messagesReceived },
        tells: { sent: counters.tellsSent, received: counters.tellsReceived },
        accounts: { registered: counters.registered, signIns: counters.signIns, signOuts: counters.signOuts },
        games: { created: counters.gamesCreated },
        faults: { slowAnswers: counters.slowAnswers, deliberateErrors: counters.deliberateErrors },
        operationsPerSecond: durationMs > 0 ? Math.round((operations / durationMs) * 10_000) / 10 : 0,
        serverErrors,
        unexpected,
        errors,
        aborted,
      };
    },
  };
}
