import { openFramedSocket, socketUrl, type CloseInfo, type SocketOptions } from './framed-socket.js';
import type { Broadcast, Reply } from './types.js';

/** A browser's chat socket at `/socket/web`; while open it counts in `grapevine_web_clients_open`. */
export interface WebClient {
  subscribe(channel: string): Promise<Reply>;
  send(channel: string, message: string): Promise<Reply>;
  request(event: string, payload?: unknown): Promise<Reply>;
  nextBroadcast(timeoutMs?: number): Promise<Broadcast>;
  /** Every broadcast received and not yet taken, emptying the queue. */
  takeBroadcasts(): Broadcast[];
  readonly closed: Promise<CloseInfo>;
  isOpen(): boolean;
  close(): Promise<CloseInfo>;
}

/**
 * Opens the web client socket with a signed-in session's `Cookie` header (`client.cookie()`).
 * Rejects with the HTTP status when the upgrade is refused (401 without a session).
 */
export async function openWebClient(
  baseUrl: string,
  cookie: string | undefined,
  options: SocketOptions = {},
): Promise<WebClient> {
  const headers = { ...options.headers, ...(cookie === undefined ? {} : { cookie }) };
  const socket = await openFramedSocket(socketUrl(baseUrl, '/socket/web'), { ...options, headers });
  return {
    subscribe: (channel) => socket.request('channels/subscribe', { channel }),
    send: (channel, message) => socket.request('channels/send', { channel, message }),
    request: (event, payload) => socket.request(event, payload),
    nextBroadcast: (timeoutMs) => socket.nextBroadcast(timeoutMs),
    takeBroadcasts: () => socket.takeBroadcasts(),
    closed: socket.closed,
    isOpen: () => socket.isOpen(),
    close: () => socket.close(),
  };
}
