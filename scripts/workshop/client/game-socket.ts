import { openFramedSocket, socketBasics, socketUrl, type SocketBasics, type SocketOptions } from './framed-socket.js';
import type { Reply } from './types.js';

/** The support flags the client declares unless told otherwise: everything it speaks. */
export const DEFAULT_SUPPORTS = ['channels', 'players', 'tells', 'games'];

export interface GameCredentials {
  clientId: string;
  clientSecret: string;
  /** Channels to join on authenticate, e.g. `["gossip"]`. */
  channels?: string[];
  /** Support flags for authenticate; default DEFAULT_SUPPORTS. */
  supports?: string[];
}

/**
 * A game's connection to `/socket`, speaking Grapevine's protocol. The server heartbeats; the socket
 * answers each one with the players last given to `setPlayers`, until `stopAnsweringHeartbeats()`.
 * Every other method sends one frame with a ref and resolves with its reply, success or failure alike
 * (callers assert `reply.status`); it rejects only when no reply comes in time or the socket closes first.
 */
export interface GameSocket extends SocketBasics {
  authenticate(): Promise<Reply>;
  /** The player list the next heartbeat answers carry (each one replaces the list on the server). */
  setPlayers(players: string[]): void;
  /** Stops answering server heartbeats, as a hung game would; the server drops it after its limit. */
  stopAnsweringHeartbeats(): void;
  /** Server heartbeats answered so far. */
  heartbeatsAnswered(): number;
  /** Called after each heartbeat answer is sent. */
  onHeartbeat(listener: () => void): void;
  subscribe(channel: string): Promise<Reply>;
  unsubscribe(channel: string): Promise<Reply>;
  send(channel: string, name: string, message: string): Promise<Reply>;
  signInPlayer(name: string): Promise<Reply>;
  signOutPlayer(name: string): Promise<Reply>;
  /** tells/send from one of this game's players to a player of another game, sent now. */
  tell(fromName: string, toGame: string, toName: string, message: string): Promise<Reply>;
  /** players/status for one game (the reply carries `{game, players}`). */
  playersStatus(game: string): Promise<Reply>;
  /** games/status for one game. */
  gameStatus(game: string): Promise<Reply>;
  /** Sends text as is, no reply awaited: for malformed-frame tests. */
  sendRaw(text: string): void;
}

/** Opens the socket (not yet authenticated: call `authenticate()` first, as a game would). */
export async function connectGame(baseUrl: string, credentials: GameCredentials, options: SocketOptions = {}): Promise<GameSocket> {
  const socket = await openFramedSocket(socketUrl(baseUrl, '/socket'), options);
  let players: string[] = [];
  let answering = true;
  let answered = 0;
  const heartbeatListeners: Array<() => void> = [];
  socket.onNotice((frame) => {
    if (frame.event !== 'heartbeat' || frame.status !== undefined) return false;
    if (answering && socket.isOpen()) {
      socket.send('heartbeat', { players });
      answered += 1;
      for (const listener of heartbeatListeners) listener();
    }
    return true;
  });
  return {
    ...socketBasics(socket),
    authenticate: () =>
      socket.request('authenticate', {
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        supports: credentials.supports ?? DEFAULT_SUPPORTS,
        channels: credentials.channels ?? [],
        version: '2.3.0',
        user_agent: 'grapevine-observatory workshop client',
      }),
    setPlayers(names) {
      players = [...names];
    },
    stopAnsweringHeartbeats() {
      answering = false;
    },
    heartbeatsAnswered: () => answered,
    onHeartbeat(listener) {
      heartbeatListeners.push(listener);
    },
    subscribe: (channel) => socket.request('channels/subscribe', { channel }),
    unsubscribe: (channel) => socket.request('channels/unsubscribe', { channel }),
    send: (channel, name, message) => socket.request('channels/send', { channel, name, message }),
    signInPlayer: (name) => socket.request('players/sign-in', { name }),
    signOutPlayer: (name) => socket.request('players/sign-out', { name }),
    tell: (fromName, toGame, toName, message) =>
      socket.request('tells/send', {
        from_name: fromName,
        to_game: toGame,
        to_name: toName,
        // Grapevine wants UTC with a Z, and no fractions are needed.
        sent_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        message,
      }),
    playersStatus: (game) => socket.request('players/status', { game }),
    gameStatus: (game) => socket.request('games/status', { game }),
    sendRaw: (text) => socket.sendRaw(text),
  };
}
