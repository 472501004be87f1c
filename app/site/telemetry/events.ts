// Every event the Grapevine domain emits, with its payload. Names follow the talk's
// `[:grapevine, :accounts, :create]` as dotted diagnostics_channel names.
import type { Telemetry } from './telemetry.js';

// A type alias, not an interface: only aliases satisfy Telemetry's `Record<string, object>` bound
// without an index signature, and without one a misspelt event name is a type error.
export type GrapevineEvents = {
  'grapevine.accounts.create': { accountId: number; username: string };
  'grapevine.accounts.session.login': { accountId: number };
  'grapevine.accounts.session.logout': { accountId: number };
  /** A sign-in or registration refused with a 429: over a throttle (account, address) or the password queue full (queue). */
  'grapevine.accounts.throttled': { action: 'sign_in' | 'register'; scope: 'account' | 'address' | 'queue' };
  'grapevine.games.create': { gameId: number; name: string };
  /** A game socket's authenticate frame, accepted or refused. */
  'grapevine.sockets.connect': { result: 'success' | 'failure'; gameId?: number; reason?: string };
  'grapevine.sockets.heartbeat': { gameId: number; players: number };
  /** A game that went quiet for longer than the heartbeat timeout and was disconnected. */
  'grapevine.sockets.heartbeat_disconnect': { gameId: number };
  'grapevine.sockets.unknown_event': { event: string };
  /** A socket frame, upgrade or socket refused by one of the socket limits (sockets/limits.ts). */
  'grapevine.sockets.refused': { reason: SocketRefusal };
  /** A game socket frame of one of the events Grapevine counts (channels, players, tells, games). */
  'grapevine.sockets.event': { event: SocketEvent };
  /** A message sent to a channel, by a game or from the web chat. */
  'grapevine.channels.message': { channel: string; source: 'game' | 'web' };
  'grapevine.web_clients.open': { accountId: number };
  'grapevine.web_clients.close': { accountId: number };
};

/** The game socket events counted one by one, as Grapevine's `[:grapevine, :events, ...]` telemetry does. */
export const SOCKET_EVENTS = [
  'channels/subscribe',
  'channels/unsubscribe',
  'channels/send',
  'players/sign-in',
  'players/sign-out',
  'players/status',
  'tells/send',
  'games/status',
] as const;
export type SocketEvent = (typeof SOCKET_EVENTS)[number];

/** Why a socket limit refused something, one per limit; a fixed list, so the metric's label stays bounded. */
export const SOCKET_REFUSALS = [
  /** authenticate refused: the game already has MAX_SOCKETS_PER_GAME sockets (close 4409). */
  'sockets_per_game',
  /** players/sign-in refused, or a heartbeat's list cut short, at MAX_PLAYERS_PER_GAME. */
  'players_per_game',
  /** channels/subscribe refused at MAX_CHANNELS_PER_SOCKET. */
  'channels_per_socket',
  /** A frame refused over SOCKET_MESSAGES_PER_SECOND (and its burst). */
  'message_rate',
  /** A socket closed (4429) after SOCKET_RATE_REFUSALS_BEFORE_CLOSE such refusals within a minute. */
  'message_rate_close',
  /** A game socket closed (4000) for not authenticating within SOCKET_AUTH_TIMEOUT_SECONDS. */
  'auth_timeout',
  /** A game socket upgrade refused (503) with MAX_UNAUTHENTICATED_SOCKETS already waiting to authenticate. */
  'unauthenticated_sockets',
  /** A web chat upgrade refused (429) with MAX_WEB_SOCKETS_PER_SESSION already open for the session. */
  'web_sockets_per_session',
  /** A frame over the 64 KiB frame limit (close 1009). */
  'frame_size',
] as const;
export type SocketRefusal = (typeof SOCKET_REFUSALS)[number];

export type GrapevineTelemetry = Telemetry<GrapevineEvents>;
