// The web chat's socket at /socket/web, opened by the chat page for a signed-in user: subscribe
// to channels and send messages under the account's username. While open it counts as a web client.
import type WebSocket from 'ws';
import type { Account } from '../accounts/repository.js';
import type { GrapevineTelemetry } from '../telemetry/events.js';
import type { ChannelHub } from './channels.js';
import { createConnection } from './connection.js';
import { createChannelCommands } from './channel-commands.js';
import { failure, parseFrame, type Frame, type Reply } from './protocol.js';
import type { Presence } from './presence.js';

export interface WebSocketDeps {
  channels: ChannelHub;
  presence: Presence;
  telemetry: GrapevineTelemetry;
}

/** How web chat messages are signed in broadcasts, where games put their own name. */
export const WEB_CHAT_GAME = 'Grapevine';

export function acceptWebSocket(socket: WebSocket, account: Account, { channels, presence, telemetry }: WebSocketDeps): void {
  const connection = createConnection(socket);
  presence.webClientOpened();
  telemetry.emit('grapevine.web_clients.open', { accountId: account.id });

  const commands = createChannelCommands(connection, { channels, telemetry, source: 'web' });
  const handlers: Record<string, (frame: Frame) => Reply> = {
    'channels/subscribe': (frame) => commands.subscribe(frame),
    'channels/unsubscribe': (frame) => commands.unsubscribe(frame),
    'channels/send': (frame) => commands.send(frame, { game: WEB_CHAT_GAME, name: account.username }),
  };

  socket.on('message', (data, isBinary) => {
    const parsed = parseFrame(data, isBinary);
    if (!parsed.ok) return connection.reply(failure(parsed, parsed.error));
    const { frame } = parsed;
    const handler = Object.hasOwn(handlers, frame.event) ? handlers[frame.event] : undefined;
    connection.reply(handler === undefined ? failure(frame, `unknown event ${JSON.stringify(frame.event.slice(0, 100))}`) : handler(frame));
  });

  socket.on('close', () => {
    channels.unsubscribeAll(connection);
    presence.webClientClosed();
    telemetry.emit('grapevine.web_clients.close', { accountId: account.id });
  });
}
