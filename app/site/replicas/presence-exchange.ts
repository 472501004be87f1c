// Who is online on the other replicas. Each replica publishes a snapshot of its own game sockets on
// the bus: whenever it changes (batched), every few seconds, and when another replica says hello;
// and keeps the latest snapshot from every other replica for a few intervals. A replica that stops
// publishing (killed, or cut off from the bus) drops out of everyone's view when its snapshot expires,
// so nothing here needs a "goodbye" to be correct (one is sent on a clean shutdown, to be quick).
//
// Snapshots rather than join/leave deltas: a delta lost while the bus was down would leave a ghost
// game online forever; a snapshot is the whole truth each time, and its size is bounded by the
// socket limits (MAX_SOCKETS_PER_GAME, MAX_PLAYERS_PER_GAME, MAX_CHANNELS_PER_SOCKET).
import type { Bus, BusMessage } from '../../kernel/bus/bus.js';
import type { Clock } from '../../kernel/clock.js';
import type { OnlineGame } from '../sockets/network.js';

/** One game as one replica sees it: the union over that replica's sockets of the game. */
export type GameSummary = OnlineGame;

export interface ReplicaSnapshot {
  games: GameSummary[];
}

export interface PresenceExchange {
  /** The games online on other replicas, one summary per replica that has the game. */
  remoteGames(): GameSummary[];
  /**
   * Whether this replica is the one that counts the game in gauges: the lowest replica id among
   * those that have it. Summed over replicas, every online game is then counted exactly once.
   */
  counts(gameId: number): boolean;
  /** Call after any local change; snapshots are batched, at most one per `batchMs`. */
  localChanged(): void;
  /** The other replicas currently in view. */
  replicas(): string[];
  close(): void;
}

export interface PresenceExchangeOptions {
  bus: Bus;
  clock: Clock;
  localSnapshot: () => ReplicaSnapshot;
  /** Called when the remote view changed (a snapshot arrived or expired), e.g. to announce games/connect. */
  onRemoteChange?: () => void;
  intervalMs?: number;
  batchMs?: number;
}

export const PRESENCE_TOPIC = 'presence';
/** A snapshot lives for this many intervals: two may be lost before a live replica drops out of view. */
const LIFETIME_INTERVALS = 3;

type PresenceMessage = { type: 'snapshot'; snapshot: ReplicaSnapshot } | { type: 'hello' } | { type: 'bye' };

export function createPresenceExchange({
  bus,
  clock,
  localSnapshot,
  onRemoteChange = () => undefined,
  intervalMs = 2000,
  batchMs = 20,
}: PresenceExchangeOptions): PresenceExchange {
  const remote = new Map<string, { snapshot: ReplicaSnapshot; receivedAt: number }>();
  let batch: NodeJS.Timeout | undefined;
  let closed = false;

  let lastPublished = '';
  let askedFor = false;
  /** Publishes the snapshot; a change that changed nothing (a heartbeat with the same players) sends nothing. */
  const publishSnapshot = (always: boolean) => {
    batch = undefined;
    if (closed) return;
    const snapshot = localSnapshot();
    const text = JSON.stringify(snapshot);
    if (!always && !askedFor && text === lastPublished) return;
    askedFor = false;
    lastPublished = text;
    bus.publish(PRESENCE_TOPIC, { type: 'snapshot', snapshot } satisfies PresenceMessage);
  };
  const soon = () => {
    if (batch === undefined && !closed) batch = setTimeout(() => publishSnapshot(false), batchMs);
  };

  /** Forgets snapshots past their lifetime; says whether any went. */
  const expire = (): boolean => {
    const oldest = clock.now().getTime() - intervalMs * LIFETIME_INTERVALS;
    let changed = false;
    for (const [replica, { receivedAt }] of remote) {
      if (receivedAt < oldest) changed = remote.delete(replica) || changed;
    }
    return changed;
  };

  const unsubscribe = bus.subscribe(PRESENCE_TOPIC, ({ from, body }: BusMessage) => {
    if (from === bus.replicaId || closed) return;
    const message = body as PresenceMessage;
    if (message.type === 'hello') {
      askedFor = true;
      soon();
    } else if (message.type === 'bye') {
      if (remote.delete(from)) onRemoteChange();
    } else if (message.type === 'snapshot' && Array.isArray(message.snapshot?.games)) {
      remote.set(from, { snapshot: message.snapshot, receivedAt: clock.now().getTime() });
      onRemoteChange();
    }
  });

  const ticker = setInterval(() => {
    publishSnapshot(true);
    if (expire()) onRemoteChange();
  }, intervalMs);
  ticker.unref();

  // A replica that joins, or comes back to the bus, asks the others for their snapshots at once
  // rather than waiting out an interval with an empty view, and sends its own.
  const greet = () => {
    bus.publish(PRESENCE_TOPIC, { type: 'hello' } satisfies PresenceMessage);
    askedFor = true;
    soon();
  };
  bus.onStatusChange((status) => {
    if (status.connected) greet();
  });
  greet();

  const live = () => {
    expire();
    return [...remote.entries()];
  };

  return {
    remoteGames: () => live().flatMap(([, { snapshot }]) => snapshot.games),
    counts(gameId) {
      return live().every(([replica, { snapshot }]) => replica > bus.replicaId || !snapshot.games.some((game) => game.id === gameId));
    },
    localChanged: soon,
    replicas: () => live().map(([replica]) => replica),
    close() {
      if (closed) return;
      bus.publish(PRESENCE_TOPIC, { type: 'bye' } satisfies PresenceMessage);
      closed = true;
      clearInterval(ticker);
      clearTimeout(batch);
      unsubscribe();
    },
  };
}
