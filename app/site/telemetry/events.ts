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

export type GrapevineTelemetry = Telemetry<GrapevineEvents>;
