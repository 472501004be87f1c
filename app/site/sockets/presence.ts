// Who is connected right now: game sockets (per game, with the players each reports) and web
// chat clients. The gauges (games online, sockets connected, web clients open) and the directory
// read this when asked, so they can never drift from the truth the way inc()/dec() pairs can when
// a close path is missed. It also holds the per-game caps (sockets, players), so that when presence
// moves to a store the replicas share (issue 13), the caps hold across replicas with it.

export interface PresenceStats {
  /** Authenticated game sockets. */
  gameSockets: number;
  /** Games with at least one authenticated socket. */
  gamesOnline: number;
  webClients: number;
}

/** MAX_SOCKETS_PER_GAME and MAX_PLAYERS_PER_GAME (sockets/limits.ts). */
export interface PresenceLimits {
  maxSocketsPerGame: number;
  maxPlayersPerGame: number;
}

/** One authenticated game socket's presence; the socket reports its players through it. */
export interface GamePresence {
  /** Replaces this socket's players; returns the names kept, which leave out the newcomers beyond the game's player cap. */
  setPlayers(names: Iterable<string>): string[];
  /** False, and nothing changes, when the game already has maxPlayersPerGame other players. */
  addPlayer(name: string): boolean;
  removePlayer(name: string): void;
  disconnect(): void;
}

export interface Presence {
  /** Undefined when the game already has maxSocketsPerGame sockets. */
  gameConnected(gameId: number): GamePresence | undefined;
  webClientOpened(): void;
  webClientClosed(): void;
  isOnline(gameId: number): boolean;
  /** Distinct player names across the game's sockets. */
  players(gameId: number): number;
  stats(): PresenceStats;
}

interface OnlineGame {
  sockets: Set<Set<string>>;
  /** Each distinct player with the number of the game's sockets that report them: players() is its size, not a scan. */
  players: Map<string, number>;
}

export function createPresence(limits: PresenceLimits): Presence {
  const games = new Map<number, OnlineGame>();
  let gameSockets = 0;
  let webClients = 0;

  return {
    gameConnected(gameId) {
      let game = games.get(gameId);
      if (game !== undefined && game.sockets.size >= limits.maxSocketsPerGame) return undefined;
      if (game === undefined) games.set(gameId, (game = { sockets: new Set(), players: new Map() }));
      const online = game;
      const mine = new Set<string>();
      online.sockets.add(mine);
      gameSockets += 1;
      let connected = true;

      const add = (name: string): boolean => {
        if (mine.has(name)) return true;
        const others = online.players.get(name) ?? 0;
        if (others === 0 && online.players.size >= limits.maxPlayersPerGame) return false;
        mine.add(name);
        online.players.set(name, others + 1);
        return true;
      };
      const remove = (name: string): void => {
        if (!mine.delete(name)) return;
        const left = (online.players.get(name) ?? 1) - 1;
        if (left === 0) online.players.delete(name);
        else online.players.set(name, left);
      };

      return {
        setPlayers(names) {
          const wanted = new Set(names);
          // Those leaving go first, so their places are free for the newcomers.
          for (const name of [...mine]) if (!wanted.has(name)) remove(name);
          return [...wanted].filter(add);
        },
        addPlayer: add,
        removePlayer: remove,
        disconnect() {
          if (!connected) return;
          connected = false;
          for (const name of [...mine]) remove(name);
          gameSockets -= 1;
          online.sockets.delete(mine);
          if (online.sockets.size === 0) games.delete(gameId);
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
    players: (gameId) => games.get(gameId)?.players.size ?? 0,
    stats: () => ({ gameSockets, gamesOnline: games.size, webClients }),
  };
}
