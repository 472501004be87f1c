// Who is connected right now: game sockets (per game, with the players each reports) and web
// chat clients. The gauges (games online, sockets connected, web clients open) and the directory
// read this when asked, so they can never drift from the truth the way inc()/dec() pairs can when
// a close path is missed.

export interface PresenceStats {
  /** Authenticated game sockets. */
  gameSockets: number;
  /** Games with at least one authenticated socket. */
  gamesOnline: number;
  webClients: number;
}

/** One authenticated game socket's presence; the socket reports its players through it. */
export interface GamePresence {
  setPlayers(names: Iterable<string>): void;
  addPlayer(name: string): void;
  removePlayer(name: string): void;
  disconnect(): void;
}

export interface Presence {
  gameConnected(gameId: number): GamePresence;
  webClientOpened(): void;
  webClientClosed(): void;
  isOnline(gameId: number): boolean;
  /** Distinct player names across the game's sockets. */
  players(gameId: number): number;
  stats(): PresenceStats;
}

export function createPresence(): Presence {
  const games = new Map<number, Set<Set<string>>>();
  let gameSockets = 0;
  let webClients = 0;

  return {
    gameConnected(gameId) {
      const players = new Set<string>();
      let sockets = games.get(gameId);
      if (sockets === undefined) games.set(gameId, (sockets = new Set()));
      sockets.add(players);
      gameSockets += 1;
      let connected = true;
      return {
        setPlayers(names) {
          players.clear();
          for (const name of names) players.add(name);
        },
        addPlayer: (name) => void players.add(name),
        removePlayer: (name) => void players.delete(name),
        disconnect() {
          if (!connected) return;
          connected = false;
          gameSockets -= 1;
          sockets.delete(players);
          if (sockets.size === 0) games.delete(gameId);
        },
      };
    },
    webClientOpened() {
      webClients += 1;
    },
    webClientClosed() {
      webClients = Math.max(0, webClients - 1);
    },
    isOnline: (gameId) => games.has(gameId),
    players(gameId) {
      const names = new Set<string>();
      for (const players of games.get(gameId) ?? []) for (const name of players) names.add(name);
      return names.size;
    },
    stats: () => ({ gameSockets, gamesOnline: games.size, webClients }),
  };
}
