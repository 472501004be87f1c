import { openFramedSocket, socketBasics, socketUrl, type SocketBasics, type SocketOptions } from './framed-socket.js';
import type { Reply } from './types.js';

/** A browser's chat socket at `/socket/web`; while open it counts in `grapevine_web_clients_open`. */
export interface WebClient extends SocketBasics {
  subscribe(channel: string): Promise<Reply>;
  send(channel: string, message: string): Promise<Reply>;
}

/**
 * Opens the web client socket with a signed-in session's `Cookie` header (`client.cookie()`).
 * Rejects with the HTTP status when the upgrade is refused (401 without a session).
 */
export async function openWebClient(baseUrl: string, cookie: string | undefined, options: SocketOptions = {}): Promise<WebClient> {
  const headers = { ...options.headers, ...(cookie === undefined ? {} : { cookie }) };
  const socket = await openFramedSocket(socketUrl(baseUrl, '/socket/web'), { ...options, headers });
  return {
    ...socketBasics(socket),
    subscribe: (channel) => socket.request('channels/subscribe', { channel }),
    send: (channel, message) => socket.request('channels/send', { channel, message }),
  };
}
