// Who is connected right now: game sockets (per game) and web chat clients. The gauges
// (games online, sockets connected, web clients open) read this at scrape time, so they can never
// drift from the truth the way inc()/dec() pairs can when a close path is missed.

export interface PresenceStats {
  /** Authenticated game sockets. */
  gameSockets: number;
  /** Games with at least one authenticated socket. */
  gamesOnline: number;
  webClients: number;
}

export interface Presence {
  gameConnected(gameId: number): void;
  gameDisconnected(gameId: number): void;
  webClientOpened(): void;
  webClientClosed(): void;
  isOnline(gameId: number): boolean;
  stats(): PresenceStats;
}

export function createPresence(): Presence {
  const socketsPerGame = new Map<number, number>();
  let gameSockets = 0;
  let webClients = 0;

  return {
    gameConnected(gameId) {
      socketsPerGame.set(gameId, (socketsPerGame.get(gameId) ?? 0) + 1);
      gameSockets += 1;
    },
    gameDisconnected(gameId) {
      const count = socketsPerGame.get(gameId) ?? 0;
      if (count === 0) return;
      if (count === 1) socketsPerGame.delete(gameId);
      else socketsPerGame.set(gameId, count - 1);
      gameSockets -= 1;
    },
    webClientOpened() {
      webClients += 1;
    },
    webClientClosed() {
      webClients = Math.max(0, webClients - 1);
    },
    isOnline: (gameId) => socketsPerGame.has(gameId),
    stats: () => ({ gameSockets, gamesOnline: socketsPerGame.size, webClients }),
  };
}
