// The games connected over /socket, as the other games see them: who is online with which support
// flags and players, for players/status, games/status, tells and the sign-in, sign-out, connect and
// disconnect notices. One per socket server; presence.ts keeps the counts the metrics and pages read.
import { randomUUID } from 'node:crypto';
import type { Game } from '../games/repository.js';
import type { Connection } from './connection.js';

/** The support flags Grapevine 2.3.0 knows; anything else in `supports` fails authentication. */
export const SUPPORT_FLAGS = ['achievements', 'channels', 'games', 'players', 'tells'] as const;
export type Support = (typeof SUPPORT_FLAGS)[number];

export function isSupport(value: unknown): value is Support {
  return typeof value === 'string' && (SUPPORT_FLAGS as readonly string[]).includes(value);
}

/** One authenticated game socket. */
export interface GameSession {
  readonly game: Game;
  readonly supports: ReadonlySet<Support>;
  readonly userAgent: string | undefined;
  readonly connection: Connection;
  /** The players this socket reported, by heartbeat and sign-in/sign-out. */
  readonly players: Set<string>;
}

export interface GameNetwork {
  /** Adds the session; the first socket of a game announces games/connect to the others. */
  join(session: GameSession): void;
  /** Removes the session; the last socket of a game announces games/disconnect. */
  leave(session: GameSession): void;
  sessions(): GameSession[];
  /** The sessions of the online game with this name, matched case-insensitively; empty when offline. */
  sessionsOf(gameName: string): GameSession[];
  /** Distinct players of a game across its sockets. */
  playersOf(gameName: string): string[];
  /** Sends a server-started frame (a fresh ref each) to every session that supports `flag`, other games only. */
  notify(flag: Support, from: Game, event: string, payload: Record<string, unknown>): void;
}

export function createGameNetwork(): GameNetwork {
  const sessions = new Set<GameSession>();
  const sessionsOf = (name: string) => [...sessions].filter((session) => session.game.name.toLowerCase() === name.toLowerCase());

  const network: GameNetwork = {
    join(session) {
      const first = sessionsOf(session.game.name).length === 0;
      sessions.add(session);
      if (first) network.notify('games', session.game, 'games/connect', { game: session.game.name });
    },
    leave(session) {
      if (!sessions.delete(session)) return;
      if (sessionsOf(session.game.name).length === 0) {
        network.notify('games', session.game, 'games/disconnect', { game: session.game.name });
      }
    },
    sessions: () => [...sessions],
    sessionsOf,
    playersOf(gameName) {
      const names = new Set<string>();
      for (const session of sessionsOf(gameName)) for (const name of session.players) names.add(name);
      return [...names];
    },
    notify(flag, from, event, payload) {
      for (const session of sessions) {
        if (session.game.id === from.id || !session.supports.has(flag)) continue;
        session.connection.push({ event, ref: randomUUID(), payload });
      }
    },
  };
  return network;
}
