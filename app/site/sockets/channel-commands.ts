// The channel events both sockets understand: subscribe, unsubscribe, send.
import type { GrapevineTelemetry } from '../telemetry/events.js';
import type { BroadcastOrigin, ChannelHub } from './channels.js';
import type { Connection } from './connection.js';
import { checkChannel, checkMessage, failure, stripMarkup, success, type Frame, type Reply } from './protocol.js';

export interface ChannelCommands {
  /** Joins a channel the name of which was checked; the failure text when the socket is on too many. */
  join(channel: string): string | undefined;
  subscribe(frame: Frame): Reply;
  unsubscribe(frame: Frame): Reply;
  /** `from` is who the broadcast names: the game and its player, or the web chat and its user. */
  send(frame: Frame, from: { game: string; name: string }): Reply;
}

export interface ChannelCommandDeps {
  channels: ChannelHub;
  telemetry: GrapevineTelemetry;
  /** Which socket this is; broadcasts carry it as their origin. */
  source: BroadcastOrigin;
  /** MAX_CHANNELS_PER_SOCKET. */
  maxChannels: number;
}

export function createChannelCommands(
  connection: Connection,
  { channels, telemetry, source, maxChannels }: ChannelCommandDeps,
): ChannelCommands {
  function join(channel: string): string | undefined {
    if (!channels.isSubscribed(channel, connection) && channels.channelsOf(connection).length >= maxChannels) {
      telemetry.emit('grapevine.sockets.refused', { reason: 'channels_per_socket' });
      return `Could not subscribe to "${channel}": a socket may be on at most ${maxChannels} channels; unsubscribe from one first`;
    }
    channels.subscribe(channel, connection);
    return undefined;
  }
  return {
    join,
    subscribe(frame) {
      const problem = checkChannel(frame.payload.channel) ?? join(frame.payload.channel as string);
      return problem === undefined ? success(frame) : failure(frame, problem);
    },
    unsubscribe(frame) {
      const problem = checkChannel(frame.payload.channel);
      if (problem !== undefined) return failure(frame, problem);
      channels.unsubscribe(frame.payload.channel as string, connection);
      return success(frame);
    },
    send(frame, { game, name }) {
      const { channel } = frame.payload;
      // MXP and HTML are stripped before anything is relayed, as Grapevine does; markup alone is no message.
      const message = typeof frame.payload.message === 'string' ? stripMarkup(frame.payload.message) : frame.payload.message;
      const problem = checkChannel(channel) ?? checkMessage(message);
      if (problem !== undefined) return failure(frame, problem);
      if (!channels.isSubscribed(channel as string, connection)) {
        return failure(frame, `not subscribed to ${channel as string}; send channels/subscribe first`);
      }
      channels.broadcast({ channel: channel as string, game, name, message: message as string, origin: source }, connection);
      telemetry.emit('grapevine.channels.message', { channel: channel as string, source });
      return success(frame);
    },
  };
}
