// A test-side WebSocket: send frames, await the next frame (or a reply by ref), await the close.
import WebSocket from 'ws';
import { rawToString } from '../../../app/site/sockets/protocol.js';

export interface TestSocket {
  send(frame: unknown): void;
  sendRaw(data: string | Buffer): void;
  /** The next frame that is not a broadcast. */
  reply(): Promise<Frame>;
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
  const queues = { reply: [] as Frame[], broadcast: [] as Frame[] };
  const waiters = { reply: [] as Array<(frame: Frame) => void>, broadcast: [] as Array<(frame: Frame) => void> };
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  socket.on('error', () => {});
  socket.on('message', (data) => {
    const frame = JSON.parse(rawToString(data)) as Frame;
    const kind = frame.event === 'channels/broadcast' ? 'broadcast' : 'reply';
    const waiter = waiters[kind].shift();
    if (waiter) waiter(frame);
    else queues[kind].push(frame);
  });
  const next = (kind: 'reply' | 'broadcast'): Promise<Frame> => {
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
