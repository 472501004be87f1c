// What the game socket and the web client socket share: JSON frames, replies correlated by `ref`,
// a queue of broadcasts, and errors that say which socket, which event and how long was waited.
import WebSocket from 'ws';
import { GrapevineSocketError } from './errors.js';
import { rawToString } from '../../../app/site/sockets/protocol.js';
import type { Broadcast, Frame, Reply } from './types.js';

export interface SocketOptions {
  /** How long to wait for the upgrade, a reply or a broadcast. Default 5 s. */
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface FramedSocket {
  /** Sends `{event, ref, payload}` and resolves with the reply carrying that ref. */
  request(event: string, payload?: unknown): Promise<Reply>;
  /** Sends `{event, payload}` without a ref: Grapevine answers nothing (a heartbeat's answer, say). */
  send(event: string, payload?: unknown): void;
  /** Sends text as is, no reply awaited: for malformed-frame tests. */
  sendRaw(text: string): void;
  /**
   * The next frame the server started with this event (heartbeat, restart, tells/receive,
   * players/sign-in, games/connect...), or an extra answer to a ref already answered; queued.
   */
  nextNotice(event: string, timeoutMs?: number): Promise<Frame>;
  /** Every queued notice with one of these events, emptying them from the queue. */
  takeNotices(events: readonly string[]): Frame[];
  /** Called for every such frame as it arrives; one that returns true has handled it and it is not queued. */
  onNotice(listener: (frame: Frame) => boolean): void;
  /** The next `channels/broadcast` payload, queued if it arrived before the call. */
  nextBroadcast(timeoutMs?: number): Promise<Broadcast>;
  /** Every broadcast queued so far, emptying the queue (for long-lived sockets that only count them). */
  takeBroadcasts(): Broadcast[];
  /** Resolves once the socket is closed, by either side. */
  readonly closed: Promise<CloseInfo>;
  isOpen(): boolean;
  close(code?: number): Promise<CloseInfo>;
}

/** The part of a FramedSocket that the game socket and the web client hand on unchanged. */
export interface SocketBasics extends Pick<
  FramedSocket,
  'request' | 'nextBroadcast' | 'takeBroadcasts' | 'nextNotice' | 'takeNotices' | 'closed' | 'isOpen'
> {
  close(): Promise<CloseInfo>;
}

export function socketBasics(socket: FramedSocket): SocketBasics {
  return {
    request: (event, payload) => socket.request(event, payload),
    nextBroadcast: (timeoutMs) => socket.nextBroadcast(timeoutMs),
    takeBroadcasts: () => socket.takeBroadcasts(),
    nextNotice: (event, timeoutMs) => socket.nextNotice(event, timeoutMs),
    takeNotices: (events) => socket.takeNotices(events),
    closed: socket.closed,
    isOpen: () => socket.isOpen(),
    close: () => socket.close(),
  };
}

const MAX_QUEUED_NOTICES = 200;

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** A ws:// URL for `path` on the app at `baseUrl` (http -> ws, https -> wss). */
export function socketUrl(baseUrl: string, path: string): string {
  const url = new URL(path, baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

export async function openFramedSocket(url: string, options: SocketOptions = {}): Promise<FramedSocket> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const socket = new WebSocket(url, { headers: options.headers, handshakeTimeout: timeoutMs });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    // The app answers a refused upgrade (e.g. 401 without a session) with a plain HTTP response.
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      reject(new GrapevineSocketError(`${url}: upgrade refused with HTTP ${response.statusCode}`, { status: response.statusCode }));
    });
    socket.once('error', (error) => reject(new GrapevineSocketError(`${url}: ${error.message}`, { cause: error })));
  });
  return wrap(socket, url, timeoutMs);
}

function wrap(socket: WebSocket, url: string, timeoutMs: number): FramedSocket {
  let nextRef = 1;
  const pending = new Map<string, Waiter<Reply> & { event: string }>();
  const broadcasts: Broadcast[] = [];
  const broadcastWaiters: Waiter<Broadcast>[] = [];
  const notices: Frame[] = [];
  const noticeWaiters: Array<Waiter<Frame> & { event: string }> = [];
  const noticeListeners: Array<(frame: Frame) => boolean> = [];
  let closeInfo: CloseInfo | undefined;

  const closed = new Promise<CloseInfo>((resolve) => {
    socket.once('close', (code, reason) => {
      closeInfo = { code, reason: reason.toString() };
      const error = new GrapevineSocketError(`${url}: socket closed (code ${code}${closeInfo.reason ? `, ${closeInfo.reason}` : ''})`);
      for (const waiter of [...pending.values(), ...broadcastWaiters, ...noticeWaiters]) {
        clearTimeout(waiter.timer);
        waiter.reject(error);
      }
      pending.clear();
      broadcastWaiters.length = 0;
      noticeWaiters.length = 0;
      resolve(closeInfo);
    });
  });
  // Errors after open also end in 'close'; without a listener ws would throw them.
  socket.on('error', () => {});

  socket.on('message', (data) => {
    let frame: Frame;
    try {
      frame = JSON.parse(rawToString(data)) as Frame;
    } catch {
      return;
    }
    if (frame.event === 'channels/broadcast') {
      const broadcast = frame.payload as Broadcast;
      const waiter = broadcastWaiters.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter.resolve(broadcast);
      } else {
        broadcasts.push(broadcast);
      }
      return;
    }
    const waiter = findWaiter(frame);
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(frame as Reply);
      return;
    }
    if (noticeListeners.some((listener) => listener(frame))) return;
    const index = noticeWaiters.findIndex((candidate) => candidate.event === frame.event);
    if (index === -1) {
      // A long-lived socket nobody reads notices from keeps only the latest ones.
      if (notices.push(frame) > MAX_QUEUED_NOTICES) notices.shift();
      return;
    }
    const [noticeWaiter] = noticeWaiters.splice(index, 1);
    clearTimeout(noticeWaiter.timer);
    noticeWaiter.resolve(frame);
  });

  // A reply carries our ref; Grapevine's authenticate reply does not, so a reply (it has a status)
  // without a known ref goes to the oldest pending request for the same event. Frames without a
  // status are the server's own (heartbeat, notices), never replies.
  function findWaiter(frame: Frame): Waiter<Reply> | undefined {
    let key: string | undefined;
    if (frame.ref !== undefined && pending.has(String(frame.ref))) key = String(frame.ref);
    else if (frame.status !== undefined) key = [...pending].find(([, waiter]) => waiter.event === frame.event)?.[0];
    if (key === undefined) return undefined;
    const waiter = pending.get(key);
    pending.delete(key);
    return waiter;
  }

  /** Why `event` cannot be sent now, or undefined when the socket is open. */
  function notOpen(event: string): GrapevineSocketError | undefined {
    if (closeInfo || socket.readyState !== WebSocket.OPEN) {
      return new GrapevineSocketError(`${url}: cannot send ${event}, the socket is closed`);
    }
    return undefined;
  }

  return {
    request(event, payload) {
      const closed = notOpen(event);
      if (closed) return Promise.reject(closed);
      const ref = String(nextRef++);
      return new Promise<Reply>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(ref);
          reject(new GrapevineSocketError(`${url}: no reply to ${event} (ref ${ref}) within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(ref, { event, resolve, reject, timer });
        socket.send(JSON.stringify(payload === undefined ? { event, ref } : { event, ref, payload }));
      });
    },
    send(event, payload) {
      const closed = notOpen(event);
      if (closed) throw closed;
      socket.send(JSON.stringify(payload === undefined ? { event } : { event, payload }));
    },
    nextNotice(event, wait = timeoutMs) {
      const index = notices.findIndex((frame) => frame.event === event);
      if (index !== -1) return Promise.resolve(notices.splice(index, 1)[0]);
      if (closeInfo) return Promise.reject(new GrapevineSocketError(`${url}: socket closed, no ${event} will come`));
      return new Promise<Frame>((resolve, reject) => {
        const waiter: Waiter<Frame> & { event: string } = {
          event,
          resolve,
          reject,
          timer: setTimeout(() => {
            noticeWaiters.splice(noticeWaiters.indexOf(waiter), 1);
            reject(new GrapevineSocketError(`${url}: no ${event} within ${wait} ms`));
          }, wait),
        };
        noticeWaiters.push(waiter);
      });
    },
    takeNotices(events) {
      const taken: Frame[] = [];
      for (let index = 0; index < notices.length;) {
        if (events.includes(notices[index].event)) taken.push(...notices.splice(index, 1));
        else index += 1;
      }
      return taken;
    },
    onNotice(listener) {
      noticeListeners.push(listener);
    },
    sendRaw(text) {
      const closed = notOpen('a raw frame');
      if (closed) throw closed;
      socket.send(text);
    },
    nextBroadcast(wait = timeoutMs) {
      const queued = broadcasts.shift();
      if (queued) return Promise.resolve(queued);
      if (closeInfo) return Promise.reject(new GrapevineSocketError(`${url}: socket closed, no broadcast will come`));
      return new Promise<Broadcast>((resolve, reject) => {
        const waiter: Waiter<Broadcast> = {
          resolve,
          reject,
          timer: setTimeout(() => {
            broadcastWaiters.splice(broadcastWaiters.indexOf(waiter), 1);
            reject(new GrapevineSocketError(`${url}: no channels/broadcast within ${wait} ms`));
          }, wait),
        };
        broadcastWaiters.push(waiter);
      });
    },
    takeBroadcasts: () => broadcasts.splice(0),
    closed,
    isOpen: () => !closeInfo && socket.readyState === WebSocket.OPEN,
    close(code = 1000) {
      if (!closeInfo) {
        socket.close(code);
        // A peer that never completes the closing handshake must not hang the caller.
        const force = setTimeout(() => socket.terminate(), timeoutMs);
        void closed.then(() => clearTimeout(force));
      }
      return closed;
    },
  };
}
