// The bus between replicas over Valkey (or Redis) pub/sub. Two connections, because a connection
// that subscribes can do nothing else: one publishes, one listens. Both reconnect on their own,
// forever, with a backoff capped at one second; the listening one re-subscribes as it reconnects.
//
// The publishing connection has no offline queue: while the server is away, publish() drops the
// message (and says so in the log once per outage) rather than sending it when the server is back.
import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import type { Logger } from '../logging/logger.js';
import type { Bus, BusHandler, BusMessage, BusObserver, BusStatus } from './bus.js';

export interface ValkeyBusOptions {
  /** redis://host:port (the scheme Valkey and Redis share), from BUS_URL. */
  url: string;
  log: Logger;
  /** Channel names are `${prefix}:${topic}`, so several sites can share one server. */
  prefix?: string;
  replicaId?: string;
}

// Reconnect quickly, then once a second: a restarted Valkey is usually back within seconds, and a
// replica that is off the bus shows stale presence for as long as it stays off.
const reconnectDelayMs = (retries: number) => Math.min(50 * 2 ** retries, 1000);

export function createValkeyBus({ url, log, prefix = 'grapevine', replicaId = randomUUID() }: ValkeyBusOptions): Bus {
  const options = { url, socket: { connectTimeout: 2000, reconnectStrategy: reconnectDelayMs } };
  const publisher = createClient({ ...options, disableOfflineQueue: true });
  const subscriber = createClient(options);
  const handlers = new Map<string, Set<BusHandler>>();
  const statusListeners: ((status: BusStatus) => void)[] = [];
  const observers: BusObserver[] = [];
  let lastError: string | undefined;
  let wasConnected = false;
  let droppedSinceConnected = 0;
  let closing = false;

  const status = (): BusStatus =>
    publisher.isReady && subscriber.isReady
      ? { connected: true }
      : { connected: false, problem: `The bus (${redact(url)}) is not reachable${lastError === undefined ? '' : `: ${lastError}`}.` };

  const noticeStatus = () => {
    const now = status();
    if (now.connected === wasConnected) return;
    wasConnected = now.connected;
    if (now.connected) {
      log.info('bus connected', { bus: redact(url), replicaId });
      droppedSinceConnected = 0;
    } else if (!closing) {
      log.warn('bus disconnected; reconnecting', { bus: redact(url), error: lastError });
    }
    for (const listener of statusListeners) listener(now);
  };

  for (const client of [publisher, subscriber]) {
    // Without an 'error' listener the client's errors would crash the process; every one is
    // followed by a reconnect, so remembering it for status() is enough.
    client.on('error', (error: unknown) => {
      lastError = error instanceof Error ? error.message : String(error);
      noticeStatus();
    });
    client.on('ready', noticeStatus);
    client.on('end', noticeStatus);
    client.on('reconnecting', noticeStatus);
  }
  // Connecting happens in the background: the replica starts, says "not ready" until the bus
  // answers, and keeps trying (the reconnect strategy also covers the first connection).
  for (const client of [publisher, subscriber]) {
    client.connect().catch((error: unknown) => {
      lastError = error instanceof Error ? error.message : String(error);
      noticeStatus();
    });
  }

  const channel = (topic: string) => `${prefix}:${topic}`;

  const listen = (topic: string) => (raw: string) => {
    let message: BusMessage;
    try {
      message = JSON.parse(raw) as BusMessage;
    } catch {
      log.warn('bus message is not JSON; ignored', { topic });
      return;
    }
    observers.forEach((observer) => observer.received(topic));
    for (const handler of handlers.get(topic) ?? []) handler(message);
  };

  return {
    replicaId,
    kind: 'valkey',
    publish(topic, body) {
      if (!publisher.isReady) {
        observers.forEach((observer) => observer.dropped(topic));
        if (droppedSinceConnected++ === 0) log.warn('bus is down: messages are dropped until it is back', { topic });
        return;
      }
      observers.forEach((observer) => observer.published(topic));
      const message: BusMessage = { from: replicaId, body };
      publisher.publish(channel(topic), JSON.stringify(message)).catch((error: unknown) => {
        log.warn('bus publish failed', { topic, error });
      });
    },
    subscribe(topic, handler) {
      let set = handlers.get(topic);
      if (set === undefined) {
        handlers.set(topic, (set = new Set()));
        // Queued until the connection is up; re-sent by the client after every reconnect.
        subscriber.subscribe(channel(topic), listen(topic)).catch((error: unknown) => {
          log.warn('bus subscribe failed', { topic, error });
        });
      }
      set.add(handler);
      return () => void set.delete(handler);
    },
    status,
    onStatusChange: (listener) => void statusListeners.push(listener),
    observe: (observer) => void observers.push(observer),
    async close() {
      closing = true;
      await Promise.allSettled([publisher.close(), subscriber.close()]);
    },
  };
}

/** The URL without a password, for logs and health answers. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unparseable URL';
  }
}
