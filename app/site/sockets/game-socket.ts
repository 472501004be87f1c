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
import type { GamePresence, Presence } from './presence.js';

export interface GameSocketDeps {
  games: Pick<GameService, 'authenticate'>;
  channels: ChannelHub;
  presence: Presence;
  telemetry: GrapevineTelemetry;
  heartbeatTimeoutMs: number;
}

/** An authenticated game socket: which game it is, and its presence (players) in the directory. */
interface Authenticated {
  game: Game;
  players: GamePresence;
}

type Handler = (frame: Frame, session: Authenticated) => Reply;

export function acceptGameSocket(socket: WebSocket, deps: GameSocketDeps): void {
  const { channels, presence, telemetry, heartbeatTimeoutMs } = deps;
  const connection = createConnection(socket);
  const commands = createChannelCommands(connection, { channels, telemetry, source: 'game' });
  let session: Authenticated | undefined;

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
    session = { game: found, players: presence.gameConnected(found.id) };
    for (const channel of wanted as string[]) channels.subscribe(channel, connection);
    expectHeartbeat(found.id);
    telemetry.emit('grapevine.sockets.connect', { result: 'success', gameId: found.id });
    connection.reply(success(frame));
  }

  const handlers: Record<string, Handler> = {
    authenticate: (frame) => failure(frame, 'already authenticated'),
    heartbeat(frame, { game, players }) {
      const listed = frame.payload.players ?? [];
      if (!Array.isArray(listed) || listed.some((name) => checkPlayerName(name) !== undefined)) {
        return failure(frame, 'payload.players must be a list of player names');
      }
      players.setPlayers(listed as string[]);
      expectHeartbeat(game.id);
      telemetry.emit('grapevine.sockets.heartbeat', { gameId: game.id, players: listed.length });
      return success(frame);
    },
    'channels/subscribe': (frame) => commands.subscribe(frame),
    'channels/unsubscribe': (frame) => commands.unsubscribe(frame),
    'channels/send'(frame, { game }) {
      const problem = checkPlayerName(frame.payload.name);
      if (problem !== undefined) return failure(frame, problem);
      return commands.send(frame, { game: game.name, name: frame.payload.name as string });
    },
    'players/sign-in'(frame, { players }) {
      const problem = checkPlayerName(frame.payload.name);
      if (problem !== undefined) return failure(frame, problem);
      players.addPlayer(frame.payload.name as string);
      return success(frame);
    },
    'players/sign-out'(frame, { players }) {
      const problem = checkPlayerName(frame.payload.name);
      if (problem !== undefined) return failure(frame, problem);
      players.removePlayer(frame.payload.name as string);
      return success(frame);
    },
  };

  socket.on('message', (data, isBinary) => {
    const parsed = parseFrame(data, isBinary);
    if (!parsed.ok) {
      connection.reply(failure(parsed, parsed.error));
      if (session === undefined) connection.close(CLOSE_UNAUTHENTICATED, 'authenticate first');
      return;
    }
    const { frame } = parsed;
    if (session === undefined) {
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
    connection.reply(handler(frame, session));
  });

  socket.on('close', () => {
    clearTimeout(timer);
    channels.unsubscribeAll(connection);
    session?.players.disconnect();
  });
}
