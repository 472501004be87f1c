// Chat channels: who is subscribed to what, and delivering a message to everyone else on it.

export interface Broadcast {
  channel: string;
  /** The sending game's name, or "Grapevine" for the web chat. */
  game: string;
  /** The player or user who wrote it. */
  name: string;
  message: string;
}

export interface Subscriber {
  deliver(broadcast: Broadcast): void;
}

export interface ChannelHub {
  subscribe(channel: string, subscriber: Subscriber): void;
  unsubscribe(channel: string, subscriber: Subscriber): void;
  unsubscribeAll(subscriber: Subscriber): void;
  isSubscribed(channel: string, subscriber: Subscriber): boolean;
  /** The channels a subscriber is on, for games/status. */
  channelsOf(subscriber: Subscriber): string[];
  /** Delivers to every subscriber of the channel but the sender. */
  broadcast(broadcast: Broadcast, sender: Subscriber): void;
}

export function createChannelHub(): ChannelHub {
  const subscribers = new Map<string, Set<Subscriber>>();

  return {
    subscribe(channel, subscriber) {
      let set = subscribers.get(channel);
      if (set === undefined) subscribers.set(channel, (set = new Set()));
      set.add(subscriber);
    },
    unsubscribe(channel, subscriber) {
      const set = subscribers.get(channel);
      if (set === undefined) return;
      set.delete(subscriber);
      // Empty channels are dropped so the map holds only channels someone is on.
      if (set.size === 0) subscribers.delete(channel);
    },
    unsubscribeAll(subscriber) {
      for (const channel of [...subscribers.keys()]) this.unsubscribe(channel, subscriber);
    },
    isSubscribed: (channel, subscriber) => subscribers.get(channel)?.has(subscriber) ?? false,
    channelsOf: (subscriber) => [...subscribers].filter(([, set]) => set.has(subscriber)).map(([channel]) => channel),
    broadcast(broadcast, sender) {
      for (const subscriber of subscribers.get(broadcast.channel) ?? []) {
        if (subscriber !== sender) subscriber.deliver(broadcast);
      }
    },
  };
}
