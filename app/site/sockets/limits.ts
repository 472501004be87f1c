// What one client may hold or send over the sockets, with the defaults the settings fall back to
// (app/site/config/app-config.ts reads them from the environment). Each limit is per socket or per
// game on this process: replicas (issue 13) will share presence, not these counters.

export interface SocketLimits {
  /** MAX_SOCKETS_PER_GAME: authenticated sockets one game may hold; the next authenticate is refused (4409). */
  maxSocketsPerGame: number;
  /** MAX_PLAYERS_PER_GAME: distinct players one game may report across its sockets. */
  maxPlayersPerGame: number;
  /** MAX_CHANNELS_PER_SOCKET: channels one socket (game or web) may be subscribed to at once. */
  maxChannelsPerSocket: number;
  /** SOCKET_MESSAGES_PER_SECOND and SOCKET_MESSAGE_BURST: each socket's token bucket for the frames it sends. */
  messagesPerSecond: number;
  messageBurst: number;
  /** SOCKET_RATE_REFUSALS_BEFORE_CLOSE: frames refused for rate within RATE_REFUSAL_WINDOW_MS after which the socket is closed (4429). */
  rateRefusalsBeforeClose: number;
  /** SOCKET_AUTH_TIMEOUT_SECONDS, in ms: a game socket that has not authenticated by then is closed (4000). */
  authTimeoutMs: number;
  /** MAX_WEB_SOCKETS_PER_SESSION: web chat sockets one signed-in browser session may hold; more upgrades get a 429. */
  maxWebSocketsPerSession: number;
  /** MAX_UNAUTHENTICATED_SOCKETS: game sockets waiting to authenticate at once; more upgrades get a 503. */
  maxUnauthenticatedSockets: number;
}

// Grapevine's own socket allows bursts of 10 channels/send and 100 frames overall, and disconnects
// after 10 rate-limited frames; these are of the same order, and far above what a game needs
// (a heartbeat every 15 s, chat at human speed).
export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxSocketsPerGame: 5,
  maxPlayersPerGame: 1_000,
  maxChannelsPerSocket: 25,
  messagesPerSecond: 10,
  messageBurst: 20,
  rateRefusalsBeforeClose: 10,
  authTimeoutMs: 5_000,
  maxUnauthenticatedSockets: 100,
  // A chat tab each, with room for a few.
  maxWebSocketsPerSession: 10,
};

/** The window rateRefusalsBeforeClose counts over: a socket refused that often within a minute is a flood, not a burst. */
export const RATE_REFUSAL_WINDOW_MS = 60_000;
