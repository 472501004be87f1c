import { openFramedSocket, socketBasics, socketUrl, type SocketBasics, type SocketOptions } from './framed-socket.js';
import type { Reply } from './types.js';

export interface GameCredentials {
  clientId: string;
  clientSecret: string;
  /** Channels to join on authenticate, e.g. `["gossip"]`. */
  channels?: string[];
}

/**
 * A game's connection to `/socket`. Every method sends one frame and resolves with its reply, success or
 * failure alike (callers assert `reply.status`); it rejects only when no reply comes in time or the
 * socket closes first.
 */
export interface GameSocket extends SocketBasics {
  authenticate(): Promise<Reply>;
  heartbeat(players: string[]): Promise<Reply>;
  subscribe(channel: string): Promise<Reply>;
  unsubscribe(channel: string): Promise<Reply>;
  send(channel: string, name: string, message: string): Promise<Reply>;
  signInPlayer(name: string): Promise<Reply>;
  signOutPlayer(name: string): Promise<Reply>;
  /** Sends text as is, no reply awaited: for malformed-frame tests. */
  sendRaw(text: string): void;
}

/** Opens the socket (not yet authenticated: call `authenticate()` first, as a game would). */
export async function connectGame(baseUrl: string, credentials: GameCredentials, options: SocketOptions = {}): Promise<GameSocket> {
  const socket = await openFramedSocket(socketUrl(baseUrl, '/socket'), options);
  return {
    ...socketBasics(socket),
    authenticate: () =>
      socket.request('authenticate', {
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        channels: credentials.channels ?? [],
      }),
    heartbeat: (players) => socket.request('heartbeat', { players }),
    subscribe: (channel) => socket.request('channels/subscribe', { channel }),
    unsubscribe: (channel) => socket.request('channels/unsubscribe', { channel }),
    send: (channel, name, message) => socket.request('channels/send', { channel, name, message }),
    signInPlayer: (name) => socket.request('players/sign-in', { name }),
    signOutPlayer: (name) => socket.request('players/sign-out', { name }),
    sendRaw: (text) => socket.sendRaw(text),
  };
}
