// Chat channels: who is subscribed to what, and delivering a message to everyone else on it. Behind
// this interface so a hub that spans replicas (issue 13, Valkey pub/sub) can replace the local one.

/** Who sent a broadcast: a game's socket, or a signed-in user of the site's web chat. */
export type BroadcastOrigin = 'game' | 'web';

export interface Broadcast {
  channel: string;
  /** The sending game's name, or "Grapevine" for the web chat (a name no game may register). */
  game: string;
  /** The player or user who wrote it. */
  name: string;
  message: string;
  /** Set by the server from the socket the message came in on, never by the sender: a game cannot pass as a web user. */
  origin: BroadcastOrigin;
}

export interface Subscriber {
  deliver(broadcast: Broadcast): void;
}

export interface ChannelHub {
  subscribe(channel: string, subscriber: Subscriber): void;
  unsubscribe(channel: string, subscriber: Subscriber): void;
  unsubscribeAll(subscriber: Subscriber): void;
  isSubscribed(channel: string, subscriber: Subscriber): boolean;
  /** The channels a subscriber is on, for games/status and the per-socket channel limit. */
  channelsOf(subscriber: Subscriber): string[];
  /** Delivers to every subscriber of the channel but the sender. */
  broadcast(broadcast: Broadcast, sender: Subscriber): void;
}

export function createChannelHub(): ChannelHub {
  const subscribers = new Map<string, Set<Subscriber>>();
  // The same relation the other way round, so a socket's channels are a lookup, not a scan of every channel.
  const joined = new Map<Subscriber, Set<string>>();

  return {
    subscribe(channel, subscriber) {
      let set = subscribers.get(channel);
      if (set === undefined) subscribers.set(channel, (set = new Set()));
      set.add(subscriber);
      let channels = joined.get(subscriber);
      if (channels === undefined) joined.set(subscriber, (channels = new Set()));
      channels.add(channel);
    },
    unsubscribe(channel, subscriber) {
      const channels = joined.get(subscriber);
      channels?.delete(channel);
      if (channels?.size === 0) joined.delete(subscriber);
      const set = subscribers.get(channel);
      if (set === undefined) return;
      set.delete(subscriber);
      // Empty channels are dropped so the map holds only channels someone is on.
      if (set.size === 0) subscribers.delete(channel);
    },
    unsubscribeAll(subscriber) {
      for (const channel of [...(joined.get(subscriber) ?? [])]) this.unsubscribe(channel, subscriber);
    },
    isSubscribed: (channel, subscriber) => joined.get(subscriber)?.has(channel) ?? false,
    channelsOf: (subscriber) => [...(joined.get(subscriber) ?? [])],
    broadcast(broadcast, sender) {
      for (const subscriber of subscribers.get(broadcast.channel) ?? []) {
        if (subscriber !== sender) subscriber.deliver(broadcast);
      }
    },
  };
}
