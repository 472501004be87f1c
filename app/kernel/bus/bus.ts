// A publish/subscribe bus between the replicas of one service. The site uses it so that app
// replicas behind one address behave as one site: presence and broadcasts made on one replica
// reach the others. With one process there is nothing to cross, and the in-process bus stands in.
//
// Delivery is at most once and unordered across topics: a message published while the bus is down
// is dropped, not queued (a chat line delivered a minute late is worse than one lost), and whatever
// must survive an outage (who is online) is republished as a whole snapshot when the bus is back.

/** A message as every subscriber sees it: who published it, and what. */
export interface BusMessage {
  /** The publishing replica's id; a replica sees its own messages too and usually skips them. */
  from: string;
  body: unknown;
}

export type BusHandler = (message: BusMessage) => void;

export interface BusStatus {
  /** Whether messages published now reach the other replicas. */
  connected: boolean;
  /** Why not, in words for /health/ready and the log; undefined when connected. */
  problem?: string;
}

/** Told of every message, for metrics: published, received, or dropped because the bus was down. */
export interface BusObserver {
  published(topic: string): void;
  received(topic: string): void;
  dropped(topic: string): void;
}

export interface Bus {
  /** This replica's id, unique per process start. */
  readonly replicaId: string;
  /** Which engine carries the messages: "in-process" or "valkey". */
  readonly kind: string;
  /** Sends `body` (JSON-serialisable) to every subscriber of `topic` on every replica, this one included. */
  publish(topic: string, body: unknown): void;
  /** Calls `handler` for every message on `topic`; returns the function that stops it. */
  subscribe(topic: string, handler: BusHandler): () => void;
  status(): BusStatus;
  /** Calls `listener` whenever the bus connects or disconnects (after a reconnect: republish snapshots). */
  onStatusChange(listener: (status: BusStatus) => void): void;
  observe(observer: BusObserver): void;
  close(): Promise<void>;
}
