// One kind of event, made on any replica, acted on by every replica: a chat broadcast, a game
// notice (players/sign-in, games/connect), a tell, "these sessions ended". The replica where it
// happens acts on it at once, locally, and publishes it; the others act on it as it arrives.
// A replica never acts twice on its own event (its own messages come back from the bus).
import type { Bus } from '../../kernel/bus/bus.js';

export interface Relay<T> {
  /** Publishes `event` to the other replicas (the caller has already acted on it here). */
  publish(event: T): void;
  close(): void;
}

export function createRelay<T>(bus: Bus, topic: string, actOnRemote: (event: T) => void): Relay<T> {
  const unsubscribe = bus.subscribe(topic, ({ from, body }) => {
    if (from !== bus.replicaId) actOnRemote(body as T);
  });
  return {
    publish: (event) => bus.publish(topic, event),
    close: unsubscribe,
  };
}
