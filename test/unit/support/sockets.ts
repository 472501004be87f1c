// A test-side WebSocket: send frames, await the next frame (or a reply by ref), await the close.
import WebSocket from 'ws';
import { rawToString } from '../../../app/site/sockets/protocol.js';

export interface TestSocket {
  send(frame: unknown): void;
  sendRaw(data: string | Buffer): void;
  /** The next frame that is neither a broadcast nor a server heartbeat. */
  reply(): Promise<Frame>;
  /** The next `{"event": "heartbeat"}` the server sent. */
  heartbeat(): Promise<Frame>;
  /** Answers every server heartbeat from now on with these players, as a game must; false stops. */
  answerHeartbeats(players: string[] | false): void;
  /** Resolves true if no reply (non-broadcast, non-heartbeat frame) arrives within `ms`. */
  noReplyWithin(ms: number): Promise<boolean>;
  /** The next channels/broadcast frame. */
  broadcast(): Promise<Frame>;
  /** Resolves true if no broadcast arrives within `ms`. */
  noBroadcastWithin(ms: number): Promise<boolean>;
  readonly closed: Promise<{ code: number; reason: string }>;
  isOpen(): boolean;
  close(): Promise<void>;
}

export interface Frame {
  event: string;
  ref?: string | number;
  status?: 'success' | 'failure';
  error?: string;
  payload?: Record<string, unknown>;
}

export function wsUrl(httpUrl: string, path: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}${path}`;
}

export async function openSocket(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  const socket = new WebSocket(url, { headers });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
    socket.once('error', reject);
  });
  return wrap(socket);
}

/** The HTTP status an upgrade was refused with. */
export function refusedStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', () => {});
  });
}

function wrap(socket: WebSocket): TestSocket {
  type Kind = 'reply' | 'broadcast' | 'heartbeat';
  const queues: Record<Kind, Frame[]> = { reply: [], broadcast: [], heartbeat: [] };
  const waiters: Record<Kind, Array<(frame: Frame) => void>> = { reply: [], broadcast: [], heartbeat: [] };
  let answering: string[] | false = false;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  socket.on('error', () => {});
  socket.on('message', (data) => {
    const frame = JSON.parse(rawToString(data)) as Frame;
    const serverHeartbeat = frame.event === 'heartbeat' && frame.status === undefined;
    if (serverHeartbeat && answering !== false) socket.send(JSON.stringify({ event: 'heartbeat', payload: { players: answering } }));
    const kind: Kind = frame.event === 'channels/broadcast' ? 'broadcast' : serverHeartbeat ? 'heartbeat' : 'reply';
    const waiter = waiters[kind].shift();
    if (waiter) waiter(frame);
    else queues[kind].push(frame);
  });
  const next = (kind: Kind): Promise<Frame> => {
    const queued = queues[kind].shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${kind} within 3 s`)), 3_000);
      waiters[kind].push((frame) => {
        clearTimeout(timer);
        resolve(frame);
      });
    });
  };
  return {
    send: (frame) => socket.send(JSON.stringify(frame)),
    sendRaw: (data) => socket.send(data),
    reply: () => next('reply'),
    broadcast: () => next('broadcast'),
    heartbeat: () => next('heartbeat'),
    answerHeartbeats(players) {
      answering = players;
    },
    async noReplyWithin(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return queues.reply.length === 0;
    },
    async noBroadcastWithin(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return queues.broadcast.length === 0;
    },
    closed,
    isOpen: () => socket.readyState === WebSocket.OPEN,
    async close() {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close();
      await closed;
    },
  };
}

/** Polls until `check` passes: gauges move when the server has processed a close, a moment later. */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
