// The bus when there is one process: messages go to this process's own subscribers. Also the
// test double for several replicas in one process: buses made from one `createInProcessBusHub()`
// reach each other, as replicas sharing one Valkey would, so the cross-replica logic is tested
// without a server (and again, against a real Valkey, in the integration tests).
import { randomUUID } from 'node:crypto';
import type { Bus, BusHandler, BusMessage, BusObserver } from './bus.js';

export interface InProcessBusHub {
  /** A bus for one replica; `replicaId` defaults to a fresh UUID. */
  connect(replicaId?: string): Bus;
}

export function createInProcessBusHub(): InProcessBusHub {
  const handlers = new Map<string, Set<BusHandler>>();

  return {
    connect(replicaId = randomUUID()) {
      const own = new Set<{ topic: string; handler: BusHandler }>();
      const observers: BusObserver[] = [];
      let closed = false;
      return {
        replicaId,
        kind: 'in-process',
        publish(topic, body) {
          if (closed) return void observers.forEach((observer) => observer.dropped(topic));
          observers.forEach((observer) => observer.published(topic));
          // A JSON round trip, as over Valkey: subscribers never share the publisher's objects.
          const message: BusMessage = { from: replicaId, body: JSON.parse(JSON.stringify(body)) as unknown };
          // Delivered on a later turn, as from a real server, so no code relies on synchronous delivery.
          for (const handler of handlers.get(topic) ?? []) queueMicrotask(() => handler(message));
        },
        subscribe(topic, handler) {
          let set = handlers.get(topic);
          if (set === undefined) handlers.set(topic, (set = new Set()));
          const observed: BusHandler = (message) => {
            observers.forEach((observer) => observer.received(topic));
            handler(message);
          };
          set.add(observed);
          const entry = { topic, handler: observed };
          own.add(entry);
          return () => {
            handlers.get(topic)?.delete(observed);
            own.delete(entry);
          };
        },
        status: () => ({ connected: !closed }),
        onStatusChange: () => undefined,
        observe: (observer) => void observers.push(observer),
        close() {
          closed = true;
          for (const { topic, handler } of own) handlers.get(topic)?.delete(handler);
          own.clear();
          return Promise.resolve();
        },
      };
    },
  };
}

/** The bus of a single process (no BUS_URL): nothing else to reach. */
export function createInProcessBus(): Bus {
  return createInProcessBusHub().connect();
}
