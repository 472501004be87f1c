// The web chat's socket at /socket/web, opened by the chat page for a signed-in user: subscribe
// to channels and send messages under the account's username. While open it counts as a web client.
// It lives no longer than the session that opened it: closed (4401) when the session expires here,
// and by the socket server when the session is ended (SessionEnds).
import type WebSocket from 'ws';
import type { Clock } from '../../kernel/clock.js';
import type { SessionEndReason } from '../accounts/session-ends.js';
import type { LiveSession } from '../accounts/service.js';
import type { GrapevineTelemetry } from '../telemetry/events.js';
import type { ChannelHub } from './channels.js';
import { CLOSE_SESSION_ENDED, createConnection } from './connection.js';
import { createChannelCommands } from './channel-commands.js';
import { guardFrameRate } from './frame-rate-guard.js';
import type { SocketLimits } from './limits.js';
import { failure, parseFrame, type Frame, type Reply } from './protocol.js';
import type { Presence } from './presence.js';

export interface WebSocketDeps {
  channels: ChannelHub;
  presence: Presence;
  telemetry: GrapevineTelemetry;
  limits: SocketLimits;
  clock: Clock;
}

/** How web chat messages are signed in broadcasts, where games put their own name; no game may take it (games/rules.ts). */
export const WEB_CHAT_GAME = 'Grapevine';

/** The close reason (with CLOSE_SESSION_ENDED) for each way a session ends; the chat page shows it. */
export const SESSION_END_CLOSE_REASONS: Readonly<Record<SessionEndReason, string>> = {
  signed_out: 'signed out',
  signed_out_everywhere: 'signed out everywhere',
  replaced: 'signed out: a newer sign-in replaced this session',
  expired: 'signed out: the session expired',
};

// setTimeout holds at most 2^31 - 1 ms (24.8 days), less than a session's 30; a long wait is re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

export function acceptWebSocket(socket: WebSocket, session: LiveSession, deps: WebSocketDeps): void {
  const { channels, presence, telemetry, limits, clock } = deps;
  const { account } = session;
  const connection = createConnection(socket);
  presence.webClientOpened();
  telemetry.emit('grapevine.web_clients.open', { accountId: account.id });

  let expiry: NodeJS.Timeout | undefined;
  (function closeAtExpiry() {
    const left = session.expiresAt.getTime() - clock.now().getTime();
    if (left <= 0) return connection.close(CLOSE_SESSION_ENDED, SESSION_END_CLOSE_REASONS.expired);
    expiry = setTimeout(closeAtExpiry, Math.min(left, MAX_TIMER_MS));
  })();

  const commands = createChannelCommands(connection, { channels, telemetry, source: 'web', maxChannels: limits.maxChannelsPerSocket });
  const withinRate = guardFrameRate(connection, telemetry, limits);
  const handlers: Record<string, (frame: Frame) => Reply> = {
    'channels/subscribe': (frame) => commands.subscribe(frame),
    'channels/unsubscribe': (frame) => commands.unsubscribe(frame),
    'channels/send': (frame) => commands.send(frame, { game: WEB_CHAT_GAME, name: account.username }),
  };

  socket.on('message', (data, isBinary) => {
    if (socket.readyState !== socket.OPEN) return;
    const parsed = parseFrame(data, isBinary);
    if (!withinRate(parsed.ok ? parsed.frame : parsed)) return;
    if (!parsed.ok) return connection.reply(failure(parsed, parsed.error));
    const { frame } = parsed;
    const handler = Object.hasOwn(handlers, frame.event) ? handlers[frame.event] : undefined;
    connection.reply(handler === undefined ? failure(frame, `unknown event ${JSON.stringify(frame.event.slice(0, 100))}`) : handler(frame));
  });

  socket.on('close', () => {
    clearTimeout(expiry);
    channels.unsubscribeAll(connection);
    presence.webClientClosed();
    telemetry.emit('grapevine.web_clients.close', { accountId: account.id });
  });
}
