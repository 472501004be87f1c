// The games connected over /socket, as the other games see them: who is online with which support
// flags and players, for players/status, games/status, tells and the sign-in, sign-out, connect and
// disconnect notices. One per site process; presence.ts keeps the counts the metrics and pages read.
//
// With several replicas, each holds only its own sockets; `remote` brings in the games online on the
// others (app/site/replicas) and carries notices and tells to them. Every question asked here
// ("is it online?", "who plays it?") is answered for the whole site. Alone, `remote` is NO_REMOTE.
import { randomUUID } from 'node:crypto';
import type { Game } from '../games/repository.js';
import type { ChannelHub } from './channels.js';
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

/** An online game as the whole site sees it: the union over its sockets, on every replica. */
export interface OnlineGame {
  id: number;
  name: string;
  supports: Support[];
  channels: string[];
  userAgent?: string;
  players: string[];
}

/** Every online game on the site at one moment, indexed, so that one frame's lookups do not each rebuild it. */
export interface OnlineGames {
  /** One entry per game: this replica's games first, in the order they came online, then the other replicas'. */
  readonly list: readonly OnlineGame[];
  /** The first game in `list` with this name, matched case-insensitively. */
  named(name: string): OnlineGame | undefined;
}

/** A server-started frame for every game that supports `flag`, except the game it is about. */
export interface Notice {
  flag: Support;
  fromGameId: number;
  event: string;
  payload: Record<string, unknown>;
}

/** A tells/receive for every socket of `toGame` that supports tells. */
export interface Tell {
  toGame: string;
  payload: Record<string, unknown>;
}

/** The other replicas, as the network needs them. */
export interface RemoteGames {
  /** Games online on other replicas: one entry per replica that has the game. */
  games(): OnlineGame[];
  /** Called after every local change of who is online, with which players and channels. */
  changed(): void;
  notify(notice: Notice): void;
  tell(tell: Tell): void;
}

export const NO_REMOTE: RemoteGames = { games: () => [], changed: () => undefined, notify: () => undefined, tell: () => undefined };

export interface GameNetwork {
  /** Adds the session; the first socket of a game on the site announces games/connect to the others. */
  join(session: GameSession): void;
  /** Removes the session; the last socket of a game on the site announces games/disconnect. */
  leave(session: GameSession): void;
  /** This replica's sessions (for `restart` on shutdown). */
  sessions(): GameSession[];
  /** This replica's games, one summary each, for the other replicas. */
  localGames(): OnlineGame[];
  /** Every online game on the site, built once: take one per frame and look games up in it. */
  onlineGames(): OnlineGames;
  /** One online game, summarised from its own sockets and snapshots only (join, leave, the directory's counts). */
  onlineGameById(id: number): OnlineGame | undefined;
  /** Sends a server-started frame (a fresh ref each) to every game that supports `flag`, other games only, site-wide. */
  notify(flag: Support, from: Game, event: string, payload: Record<string, unknown>): void;
  /** Sends tells/receive to every socket of the game that supports tells, site-wide. */
  tell(toGame: string, payload: Record<string, unknown>): void;
  /** What another replica notified or told: delivered to this replica's sockets only. */
  deliverNotice(notice: Notice): void;
  deliverTell(tell: Tell): void;
}

export function createGameNetwork(channels: Pick<ChannelHub, 'channelsOf'>, remote: RemoteGames = NO_REMOTE): GameNetwork {
  const sessions = new Set<GameSession>();
  const sessionsOf = (name: string) => [...sessions].filter((session) => session.game.name.toLowerCase() === name.toLowerCase());

  const summarise = (game: Game, of: GameSession[]): OnlineGame => {
    const supports = new Set<Support>();
    const joined = new Set<string>();
    const players = new Set<string>();
    for (const session of of) {
      for (const flag of session.supports) supports.add(flag);
      for (const channel of channels.channelsOf(session.connection)) joined.add(channel);
      for (const name of session.players) players.add(name);
    }
    const userAgent = of.find((session) => session.userAgent !== undefined)?.userAgent;
    return {
      id: game.id,
      name: game.name,
      supports: [...supports].sort(),
      channels: [...joined].sort(),
      ...(userAgent === undefined ? {} : { userAgent }),
      players: [...players],
    };
  };

  const localGames = (): OnlineGame[] => {
    const byId = new Map<number, GameSession[]>();
    for (const session of sessions) {
      const of = byId.get(session.game.id);
      if (of === undefined) byId.set(session.game.id, [session]);
      else of.push(session);
    }
    return [...byId.values()].map((of) => summarise(of[0].game, of));
  };

  const onlineGames = (): OnlineGames => {
    const list = mergeByGame([...localGames(), ...remote.games()]);
    const byName = new Map<string, OnlineGame>();
    for (const game of list) {
      const key = game.name.toLowerCase();
      if (!byName.has(key)) byName.set(key, game);
    }
    return { list, named: (name) => byName.get(name.toLowerCase()) };
  };

  // Only this game's sockets are summarised; merged with the same entries in the same order as in
  // onlineGames(), so the answer is the one onlineGames().list would give for the id.
  const onlineGameById = (id: number): OnlineGame | undefined => {
    const local = [...sessions].filter((session) => session.game.id === id);
    const summary = local.length === 0 ? [] : [summarise(local[0].game, local)];
    return mergeByGame([...summary, ...remote.games().filter((game) => game.id === id)])[0];
  };

  const deliverNotice = ({ flag, fromGameId, event, payload }: Notice) => {
    for (const session of sessions) {
      if (session.game.id === fromGameId || !session.supports.has(flag)) continue;
      session.connection.push({ event, ref: randomUUID(), payload });
    }
  };
  const deliverTell = ({ toGame, payload }: Tell) => {
    for (const session of sessionsOf(toGame)) {
      if (session.supports.has('tells')) session.connection.push({ event: 'tells/receive', ref: randomUUID(), payload });
    }
  };

  const network: GameNetwork = {
    join(session) {
      const first = onlineGameById(session.game.id) === undefined;
      sessions.add(session);
      remote.changed();
      if (first) network.notify('games', session.game, 'games/connect', { game: session.game.name });
    },
    leave(session) {
      if (!sessions.delete(session)) return;
      remote.changed();
      if (onlineGameById(session.game.id) === undefined) {
        network.notify('games', session.game, 'games/disconnect', { game: session.game.name });
      }
    },
    sessions: () => [...sessions],
    localGames,
    onlineGames,
    onlineGameById,
    notify(flag, from, event, payload) {
      const notice = { flag, fromGameId: from.id, event, payload };
      deliverNotice(notice);
      remote.notify(notice);
    },
    tell(toGame, payload) {
      deliverTell({ toGame, payload });
      remote.tell({ toGame, payload });
    },
    deliverNotice,
    deliverTell,
  };
  return network;
}

/** Local and remote summaries of one game merged into one, where it first appears: supports, channels and players united. */
function mergeByGame(summaries: OnlineGame[]): OnlineGame[] {
  const merged = new Map<number, OnlineGame>();
  for (const game of summaries) {
    const seen = merged.get(game.id);
    if (seen === undefined) {
      merged.set(game.id, { ...game });
      continue;
    }
    seen.supports = [...new Set([...seen.supports, ...game.supports])].sort();
    seen.channels = [...new Set([...seen.channels, ...game.channels])].sort();
    seen.players = [...new Set([...seen.players, ...game.players])];
    seen.userAgent ??= game.userAgent;
  }
  return [...merged.values()];
}
