// The site's sockets made one site across replicas: the game network learns the other replicas'
// games from presence snapshots and sends notices and tells through the bus; chat lines and ended
// sessions are relayed; presence answers the directory for the whole site and counts each online
// game on exactly one replica, so gauges summed over replicas count every fact once.
//
// Always wired, with the in-process bus when there is one process: one code path, and with no
// other replica nothing arrives from the bus (a replica ignores its own messages).
//
// What stays per replica: the socket limits (MAX_SOCKETS_PER_GAME and MAX_PLAYERS_PER_GAME count
// this replica's sockets), the web clients and game sockets gauges (each replica its own sockets:
// their sums are right as they are), and the chat subscriptions (each replica delivers to its own).
import type { Bus } from '../../kernel/bus/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { SessionEnds } from '../accounts/session-ends.js';
import type { ChannelHub } from '../sockets/channels.js';
import { createGameNetwork, type GameNetwork, type Notice, type RemoteGames, type Tell } from '../sockets/network.js';
import type { GamePresence, Presence } from '../sockets/presence.js';
import { createPresenceExchange, type PresenceExchange } from './presence-exchange.js';
import { createRelay } from './relay.js';
import { replicateChannels } from './replicated-channels.js';
import { replicateSessionEnds } from './replicated-session-ends.js';
import { BUS_TOPICS } from './topics.js';

export interface ReplicatedSockets {
  presence: Presence;
  channels: ChannelHub;
  network: GameNetwork;
  sessionEnds: SessionEnds;
  /** The other replicas in view, for /health/ready and tests. */
  exchange: PresenceExchange;
  /** Says goodbye to the other replicas and stops listening (the bus itself is the process's to close). */
  close(): void;
}

export interface ReplicateOptions {
  bus: Bus;
  clock: Clock;
  presence: Presence;
  channels: ChannelHub;
  sessionEnds: SessionEnds;
  /** How often each replica republishes its presence snapshot; lifetime is three of these. */
  presenceIntervalMs?: number;
}

export function replicateSockets({ bus, clock, presence, channels, sessionEnds, presenceIntervalMs }: ReplicateOptions): ReplicatedSockets {
  // The network and the exchange need each other: the exchange publishes the network's local games,
  // the network asks the exchange for the others'. These closures reach the exchange made below;
  // none runs before it exists (nothing is asked or changed while the site is being built).
  const changed = () => view.localChanged();

  const sharedChannels = replicateChannels(channels, bus, changed);
  const notices = createRelay<Notice>(bus, BUS_TOPICS.notices, (notice) => network.deliverNotice(notice));
  const tells = createRelay<Tell>(bus, BUS_TOPICS.tells, (tell) => network.deliverTell(tell));
  const remote: RemoteGames = {
    games: () => view.remoteGames(),
    changed,
    notify: (notice) => notices.publish(notice),
    tell: (tell) => tells.publish(tell),
  };
  const network = createGameNetwork(sharedChannels, remote);
  const view = createPresenceExchange({
    bus,
    clock,
    localSnapshot: () => ({ games: network.localGames() }),
    intervalMs: presenceIntervalMs,
  });
  const sharedSessionEnds = replicateSessionEnds(sessionEnds, bus);

  const remotely = (gameId: number) => view.remoteGames().some((game) => game.id === gameId);
  const sitePresence: Presence = {
    ...presence,
    gameConnected(gameId) {
      const local = presence.gameConnected(gameId);
      return local === undefined ? undefined : announcingChanges(local, changed);
    },
    isOnline: (gameId) => presence.isOnline(gameId) || remotely(gameId),
    // Only a game also online elsewhere needs the union of names; the local count is a lookup.
    players: (gameId) => (remotely(gameId) ? (network.onlineGameById(gameId)?.players.length ?? 0) : presence.players(gameId)),
    stats() {
      const local = presence.stats();
      if (view.replicas().length === 0) return local;
      const counted = network.localGames().filter((game) => view.counts(game.id)).length;
      return { ...local, gamesOnline: counted };
    },
  };

  return {
    presence: sitePresence,
    channels: sharedChannels,
    network,
    sessionEnds: sharedSessionEnds,
    exchange: view,
    close() {
      view.close();
      sharedChannels.close();
      notices.close();
      tells.close();
      sharedSessionEnds.close();
    },
  };
}

/** A socket's presence that tells the exchange whenever its players change. */
function announcingChanges(local: GamePresence, changed: () => void): GamePresence {
  return {
    setPlayers(names) {
      const kept = local.setPlayers(names);
      changed();
      return kept;
    },
    addPlayer(name) {
      const added = local.addPlayer(name);
      if (added) changed();
      return added;
    },
    removePlayer(name) {
      local.removePlayer(name);
      changed();
    },
    disconnect() {
      local.disconnect();
      changed();
    },
  };
}
