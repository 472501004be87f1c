// A game's socket at /socket: authenticate with the game's client id and secret, then heartbeat,
// chat on channels and report players signing in and out. Everything is answered with a reply;
// a game that stops sending heartbeats is disconnected.
import type WebSocket from 'ws';
import type { Game } from '../games/repository.js';
import type { GameService } from '../games/service.js';
import type { GrapevineTelemetry } from '../telemetry/events.js';
import type { ChannelHub } from './channels.js';
import { CLOSE_HEARTBEAT_TIMEOUT, CLOSE_UNAUTHENTICATED, createConnection } from './connection.js';
import { createChannelCommands } from './channel-commands.js';
import { checkChannel, checkPlayerName, failure, parseFrame, success, type Frame, type Reply } from './protocol.js';
import type { Presence } from './presence.js';

export interface GameSocketDeps {
  games: Pick<GameService, 'authenticate'>;
  channels: ChannelHub;
  presence: Presence;
  telemetry: GrapevineTelemetry;
  heartbeatTimeoutMs: number;
}

type Handler = (frame: Frame, game: Game) => Reply;

export function acceptGameSocket(socket: WebSocket, deps: GameSocketDeps): void {
  const { channels, presence, telemetry, heartbeatTimeoutMs } = deps;
  const connection = createConnection(socket);
  const commands = createChannelCommands(connection, { channels, telemetry, source: 'game' });
  const players = new Set<string>();
  let game: Game | undefined;

  // Until it authenticates the same timeout applies, so an idle unauthenticated socket does not linger.
  let timer = setTimeout(() => connection.close(CLOSE_UNAUTHENTICATED, 'authenticate first'), heartbeatTimeoutMs);
  function expectHeartbeat(gameId: number): void {
    clearTimeout(timer);
    timer = setTimeout(() => {
      telemetry.emit('grapevine.sockets.heartbeat_disconnect', { gameId });
      connection.close(CLOSE_HEARTBEAT_TIMEOUT, `no heartbeat for ${heartbeatTimeoutMs / 1000} s`);
    }, heartbeatTimeoutMs);
  }

  function authenticate(frame: Frame): void {
    const { client_id: clientId, client_secret: clientSecret, channels: wanted = [] } = frame.payload;
    const badChannels = !Array.isArray(wanted) || wanted.some((channel) => checkChannel(channel) !== undefined);
    const found = badChannels ? undefined : deps.games.authenticate(clientId, clientSecret);
    if (found === undefined) {
      const error = badChannels ? 'payload.channels must be a list of channel names' : 'invalid client credentials';
      telemetry.emit('grapevine.sockets.connect', { result: 'failure', reason: error });
      connection.reply(failure(frame, error));
      connection.close(CLOSE_UNAUTHENTICATED, error);
      return;
    }
    game = found;
    presence.gameConnected(found.id);
    for (const channel of wanted as string[]) channels.subscribe(channel, connection);
    expectHeartbeat(found.id);
    telemetry.emit('grapevine.sockets.connect', { result: 'success', gameId: found.id });
    connection.reply(success(frame));
  }

  const handlers: Record<string, Handler> = {
    authenticate: (frame) => failure(frame, 'already authenticated'),
    heartbeat(frame, current) {
      const listed = frame.payload.players ?? [];
      if (!Array.isArray(listed) || listed.some((name) => checkPlayerName(name) !== undefined)) {
        return failure(frame, 'payload.players must be a list of player names');
      }
      players.clear();
      for (const name of listed as string[]) players.add(name);
      expectHeartbeat(current.id);
      telemetry.emit('grapevine.sockets.heartbeat', { gameId: current.id, players: players.size });
      return success(frame);
    },
    'channels/subscribe': (frame) => commands.subscribe(frame),
    'channels/unsubscribe': (frame) => commands.unsubscribe(frame),
    'channels/send'(frame, current) {
      const problem = checkPlayerName(frame.payload.name);
      if (problem !== undefined) return failure(frame, problem);
      return commands.send(frame, { game: current.name, name: frame.payload.name as string });
    },
    'players/sign-in'(frame) {
      const problem = checkPlayerName(frame.payload.name);
      if (problem !== undefined) return failure(frame, problem);
      players.add(frame.payload.name as string);
      return success(frame);
    },
    'players/sign-out'(frame) {
      const problem = checkPlayerName(frame.payload.name);
      if (problem !== undefined) return failure(frame, problem);
      players.delete(frame.payload.name as string);
      return success(frame);
    },
  };

  socket.on('message', (data, isBinary) => {
    const parsed = parseFrame(data, isBinary);
    if (!parsed.ok) {
      connection.reply(failure(parsed, parsed.error));
      if (game === undefined) connection.close(CLOSE_UNAUTHENTICATED, 'authenticate first');
      return;
    }
    const { frame } = parsed;
    if (game === undefined) {
      if (frame.event === 'authenticate') return authenticate(frame);
      connection.reply(failure(frame, 'authenticate first'));
      connection.close(CLOSE_UNAUTHENTICATED, 'authenticate first');
      return;
    }
    const handler = Object.hasOwn(handlers, frame.event) ? handlers[frame.event] : undefined;
    if (handler === undefined) {
      telemetry.emit('grapevine.sockets.unknown_event', { event: frame.event.slice(0, 100) });
      connection.reply(failure(frame, `unknown event ${JSON.stringify(frame.event.slice(0, 100))}`));
      return;
    }
    connection.reply(handler(frame, game));
  });

  socket.on('close', () => {
    clearTimeout(timer);
    channels.unsubscribeAll(connection);
    if (game !== undefined) presence.gameDisconnected(game.id);
  });
}
