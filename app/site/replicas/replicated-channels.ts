// The chat channels across replicas: a line sent on one replica is delivered there at once, as
// before, and published; every other replica delivers it to its own subscribers of the channel.
// Subscriptions stay local (each replica knows only its own sockets): only the lines cross.
import type { Bus } from '../../kernel/bus/bus.js';
import type { Broadcast, ChannelHub, Subscriber } from '../sockets/channels.js';
import { createRelay } from './relay.js';
import { BUS_TOPICS } from './topics.js';

/** The sender of a line from another replica: nobody here, so every local subscriber gets it. */
const ELSEWHERE: Subscriber = { deliver: () => undefined };

export function replicateChannels(local: ChannelHub, bus: Bus, onSubscriptionsChanged: () => void): ChannelHub & { close(): void } {
  const relay = createRelay<Broadcast>(bus, BUS_TOPICS.channels, (broadcast) => local.broadcast(broadcast, ELSEWHERE));
  return {
    ...local,
    subscribe(channel, subscriber) {
      local.subscribe(channel, subscriber);
      onSubscriptionsChanged();
    },
    unsubscribe(channel, subscriber) {
      local.unsubscribe(channel, subscriber);
      onSubscriptionsChanged();
    },
    unsubscribeAll(subscriber) {
      local.unsubscribeAll(subscriber);
      onSubscriptionsChanged();
    },
    broadcast(broadcast, sender) {
      local.broadcast(broadcast, sender);
      relay.publish(broadcast);
    },
    close: () => relay.close(),
  };
}
