// A game's socket at /socket, speaking Grapevine 2.3.0's protocol: authenticate with the game's client
// id, secret and support flags; the server sends `heartbeat` right after and every interval, the game
// answers with its players, and a game that leaves too many unanswered is closed with 4001. Frames
// are answered only when they carry a `ref` (authenticate, unknown events and malformed frames always).
// The socket limits (limits.ts) are checked here: the authentication deadline, sockets and players per
// game, channels per socket and the frame rate, each refusal a failure reply or a close with a reason.
import type WebSocket from 'ws';
import type { GameService } from '../games/service.js';
import type { GrapevineTelemetry, SocketEvent } from '../telemetry/events.js';
import type { ChannelHub } from './channels.js';
import { CLOSE_AUTHENTICATION_FAILED, CLOSE_HEARTBEAT_FAILURE, CLOSE_TOO_MANY_SOCKETS, createConnection } from './connection.js';
import { createChannelCommands } from './channel-commands.js';
import type { SocketLimits } from './limits.js';
import { isSupport, type GameNetwork, type GameSession, type OnlineGame, type OnlineGames, type Support } from './network.js';
import { checkChannel, checkPlayerName, failure, parseFrame, success, type Frame, type Reply } from './protocol.js';
import type { GamePresence, Presence } from './presence.js';
import { guardFrameRate } from './frame-rate-guard.js';

/** The Grapevine version this socket speaks, sent in the authenticate reply. */
export const GRAPEVINE_VERSION = '2.3.0';
/** Present in the authenticate reply so a game can check it decodes UTF-8. */
export const UNICODE_CHECK = '✔️';

/** Grapevine's authenticate failures, which are also the bounded `reason` of a failed connect. */
export const AUTH_ERRORS = {
  credentials: 'invalid credentials',
  missingSupports: 'missing supports',
  mustSupportChannels: 'must support channels',
  unknownSupports: 'includes unknown supports',
} as const;
export type AuthError = (typeof AUTH_ERRORS)[keyof typeof AUTH_ERRORS];

export interface GameSocketDeps {
  games: Pick<GameService, 'authenticate' | 'list'>;
  channels: ChannelHub;
  presence: Presence;
  network: GameNetwork;
  telemetry: GrapevineTelemetry;
  heartbeatIntervalMs: number;
  heartbeatMissedLimit: number;
  limits: SocketLimits;
  /** Called once, when the socket authenticates: it no longer counts against MAX_UNAUTHENTICATED_SOCKETS. */
  onAuthenticated?: () => void;
}

interface Session extends GameSession {
  presence: GamePresence;
}

/** What a handler hands back: a reply (sent only if the frame had a ref), or nothing to send. */
type Handler = (frame: Frame, session: Session) => Reply | undefined;

const TELL_FIELDS = ['from_name', 'message', 'sent_at', 'to_game', 'to_name'];
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function acceptGameSocket(socket: WebSocket, deps: GameSocketDeps): void {
  const { channels, presence, network, telemetry, heartbeatIntervalMs, heartbeatMissedLimit, limits } = deps;
  const connection = createConnection(socket);
  const commands = createChannelCommands(connection, { channels, telemetry, source: 'game', maxChannels: limits.maxChannelsPerSocket });
  const withinRate = guardFrameRate(connection, telemetry, limits);
  let session: Session | undefined;

  // An open socket that never authenticates holds a connection for nothing: it gets a few seconds.
  const authDeadline = setTimeout(() => {
    telemetry.emit('grapevine.sockets.refused', { reason: 'auth_timeout' });
    connection.close(
      CLOSE_AUTHENTICATION_FAILED,
      `authentication timed out: authenticate within ${limits.authTimeoutMs / 1000} s of connecting`,
    );
  }, limits.authTimeoutMs);
  let ticker: NodeJS.Timeout | undefined;
  let unanswered = 0;
  function beat(gameId: number): void {
    // A socket already closing (the game said goodbye) is neither sent a heartbeat nor counted as dropped.
    if (socket.readyState !== socket.OPEN) return;
    if (unanswered >= heartbeatMissedLimit) {
      telemetry.emit('grapevine.sockets.heartbeat_disconnect', { gameId });
      connection.close(CLOSE_HEARTBEAT_FAILURE, `heartbeat failure: ${unanswered} heartbeats unanswered`);
      return;
    }
    unanswered += 1;
    connection.push({ event: 'heartbeat' });
  }

  function refuse(frame: Frame, error: AuthError): void {
    telemetry.emit('grapevine.sockets.connect', { result: 'failure', reason: error });
    connection.reply(failure(frame, error));
    connection.close(CLOSE_AUTHENTICATION_FAILED, error);
  }

  function authenticate(frame: Frame): void {
    const { client_id: clientId, client_secret: clientSecret, supports, channels: wanted = [], user_agent: userAgent } = frame.payload;
    const game = deps.games.authenticate(clientId, clientSecret);
    if (game === undefined) return refuse(frame, AUTH_ERRORS.credentials);
    if (!Array.isArray(supports) || supports.length === 0) return refuse(frame, AUTH_ERRORS.missingSupports);
    if (!supports.includes('channels')) return refuse(frame, AUTH_ERRORS.mustSupportChannels);
    if (!supports.every(isSupport)) return refuse(frame, AUTH_ERRORS.unknownSupports);
    const gamePresence = presence.gameConnected(game.id);
    if (gamePresence === undefined) {
      const error = `too many sockets: a game may have at most ${limits.maxSocketsPerGame} open at once`;
      telemetry.emit('grapevine.sockets.refused', { reason: 'sockets_per_game' });
      connection.reply(failure(frame, error));
      return connection.close(CLOSE_TOO_MANY_SOCKETS, error);
    }

    clearTimeout(authDeadline);
    deps.onAuthenticated?.();
    session = {
      game,
      supports: new Set<Support>(supports),
      userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 200) : undefined,
      connection,
      players: new Set(),
      presence: gamePresence,
    };
    network.join(session);
    telemetry.emit('grapevine.sockets.connect', { result: 'success', gameId: game.id });
    connection.reply(success(frame, { unicode: UNICODE_CHECK, version: GRAPEVINE_VERSION }));

    // Channels in the list are joined one by one; a bad name is a channels/subscribe failure, not a failed auth.
    if (!Array.isArray(wanted)) {
      connection.reply(failure({ event: 'channels/subscribe' }, 'payload.channels must be a list of channel names'));
    } else {
      for (const channel of wanted) {
        const problem =
          checkChannel(channel) === undefined ? commands.join(channel as string) : `Could not subscribe to '${shown(channel)}'`;
        if (problem !== undefined) connection.reply(failure({ event: 'channels/subscribe' }, problem));
      }
    }

    const gameId = game.id;
    beat(gameId);
    ticker = setInterval(() => beat(gameId), heartbeatIntervalMs);
  }

  /** False when the game's player cap left some of the names out. */
  function setPlayers(current: Session, names: string[]): boolean {
    const kept = current.presence.setPlayers(names);
    current.players.clear();
    for (const name of kept) current.players.add(name);
    return kept.length === new Set(names).size;
  }

  function tooManyPlayers(frame: Frame): Reply {
    telemetry.emit('grapevine.sockets.refused', { reason: 'players_per_game' });
    return failure(frame, `too many players: a game may have at most ${limits.maxPlayersPerGame} online`);
  }

  /** Events that need a support flag besides channels answer this when the socket did not declare it. */
  function needs(flag: Support, handler: Handler): Handler {
    return (frame, current) => (current.supports.has(flag) ? handler(frame, current) : failure(frame, `missing support for "${flag}"`));
  }

  function counted(event: SocketEvent, handler: Handler): Handler {
    return (frame, current) => {
      telemetry.emit('grapevine.sockets.event', { event });
      return handler(frame, current);
    };
  }

  /**
   * players/sign-in and players/sign-out: the name is checked, `change` applies it to the socket's
   * players, and the other games are told only when it changed them, so a repeated sign-in or the
   * sign-out of a name not signed in succeeds and announces nothing. `change` answers whether the
   * players changed, or the failure to answer instead.
   */
  function playerEvent(
    event: 'players/sign-in' | 'players/sign-out',
    change: (frame: Frame, current: Session, name: string) => boolean | Reply,
  ): Handler {
    return counted(
      event,
      needs('players', (frame, current) => {
        const { name } = frame.payload;
        const problem = checkPlayerName(name);
        if (problem !== undefined) return failure(frame, problem);
        const changed = change(frame, current, name as string);
        if (typeof changed !== 'boolean') return changed;
        if (changed) network.notify('players', current.game, event, { game: current.game.name, name });
        return success(frame);
      }),
    );
  }

  /**
   * One frame per game, for players/status and games/status: the named one, or every other online game.
   * `online` is built once for the frame by the caller, which reads it again for its "unknown game" check.
   */
  function statusFor(
    frame: Frame,
    current: Session,
    online: OnlineGames,
    payloadOf: (gameName: string) => Record<string, unknown>,
  ): Reply | undefined {
    if (frame.ref === undefined) return failure(frame, 'a ref is required');
    const wanted = frame.payload.game;
    if (wanted !== undefined && typeof wanted !== 'string') return failure(frame, 'payload.game must be a game name');
    if (wanted === undefined) {
      for (const { name } of online.list) {
        if (name !== current.game.name) connection.reply(success(frame, payloadOf(name)));
      }
      return undefined;
    }
    const match = online.named(wanted);
    if (match !== undefined) return success(frame, payloadOf(match.name));
    return undefined;
  }

  // The details come from the lookup by name, not from the game the name came from: two games named
  // alike but for non-ASCII case ("Élan", "élan": the database's NOCASE folds ASCII only) both answer
  // with those of the first one online, as they always have.
  function gameStatus(name: string, game: OnlineGame | undefined): Record<string, unknown> {
    return {
      game: name,
      display_name: name,
      ...(game?.userAgent === undefined ? {} : { user_agent: game.userAgent }),
      supports: game?.supports ?? [],
      channels: game?.channels ?? [],
      players_online_count: game?.players.length ?? 0,
    };
  }

  const handlers: Record<string, Handler> = {
    authenticate: (frame) => failure(frame, 'already authenticated'),
    heartbeat(frame, current) {
      // Any heartbeat answers the server's; a bad player list is refused and leaves the list as it was.
      unanswered = 0;
      const listed = frame.payload.players ?? [];
      const badName = (name: unknown) => name !== '' && checkPlayerName(name) !== undefined;
      if (!Array.isArray(listed) || listed.some(badName)) return failure(frame, 'payload.players must be a list of player names');
      // Grapevine drops empty names; each beat replaces the whole list, up to the game's player cap.
      const complete = setPlayers(
        current,
        (listed as string[]).filter((name) => name !== ''),
      );
      telemetry.emit('grapevine.sockets.heartbeat', { gameId: current.game.id, players: current.players.size });
      return complete ? undefined : tooManyPlayers(frame);
    },
    'channels/subscribe': counted('channels/subscribe', (frame) =>
      checkChannel(frame.payload.channel) === undefined
        ? commands.subscribe(frame)
        : failure(frame, `Could not subscribe to "${shown(frame.payload.channel)}"`),
    ),
    'channels/unsubscribe': counted('channels/unsubscribe', (frame) => commands.unsubscribe(frame)),
    'channels/send': counted('channels/send', (frame, { game }) => {
      const problem = checkPlayerName(frame.payload.name);
      if (problem !== undefined) return failure(frame, problem);
      return commands.send(frame, { game: game.name, name: frame.payload.name as string });
    }),
    'players/sign-in': playerEvent('players/sign-in', (frame, current, name) => {
      if (current.players.has(name)) return false;
      if (!current.presence.addPlayer(name)) return tooManyPlayers(frame);
      current.players.add(name);
      return true;
    }),
    'players/sign-out': playerEvent('players/sign-out', (_frame, current, name) => {
      if (!current.players.delete(name)) return false;
      current.presence.removePlayer(name);
      return true;
    }),
    'players/status': counted(
      'players/status',
      needs('players', (frame, current) => {
        const online = network.onlineGames();
        const reply = statusFor(frame, current, online, (name) => ({ game: name, players: online.named(name)?.players ?? [] }));
        if (reply === undefined && typeof frame.payload.game === 'string' && online.named(frame.payload.game) === undefined) {
          return failure(frame, 'unknown game');
        }
        return reply;
      }),
    ),
    'games/status': counted(
      'games/status',
      needs('games', (frame, current) => {
        const online = network.onlineGames();
        const reply = statusFor(frame, current, online, (name) => gameStatus(name, online.named(name)));
        const wanted = frame.payload.game;
        if (reply !== undefined || typeof wanted !== 'string' || online.named(wanted) !== undefined) return reply;
        // A registered game that is not connected: what the directory knows, without the socket's fields.
        const known = deps.games.list().find((listed) => listed.name.toLowerCase() === wanted.toLowerCase());
        if (known === undefined) return failure(frame, 'unknown game');
        return success(frame, { game: known.name, display_name: known.name });
      }),
    ),
    'tells/send': counted('tells/send', needs('tells', sendTell)),
  };

  function sendTell(frame: Frame, current: Session): Reply {
    const { payload } = frame;
    const keys = Object.keys(payload).sort();
    const valid =
      keys.length === TELL_FIELDS.length &&
      keys.every((key, index) => key === TELL_FIELDS[index]) &&
      Object.values(payload).every((value) => typeof value === 'string' && value !== '') &&
      UTC_TIMESTAMP.test(payload.sent_at as string) &&
      !Number.isNaN(Date.parse(payload.sent_at as string));
    if (!valid) return failure(frame, 'invalid payload');
    const tell = payload as Record<(typeof TELL_FIELDS)[number], string>;
    const online = network.onlineGames();
    const receiver = online.named(tell.to_game);
    if (receiver === undefined) return failure(frame, 'game offline');
    if (!receiver.supports.includes('tells')) return failure(frame, 'not supported');
    const plays = (gameName: string, player: string) =>
      (online.named(gameName)?.players ?? []).some((name) => name.toLowerCase() === player.toLowerCase());
    if (!plays(current.game.name, tell.from_name)) return failure(frame, 'sending player offline');
    if (!plays(tell.to_game, tell.to_name)) return failure(frame, 'receiving player offline');
    const delivered = {
      from_game: current.game.name,
      from_name: tell.from_name,
      to_name: tell.to_name,
      sent_at: tell.sent_at,
      message: tell.message,
    };
    network.tell(receiver.name, delivered);
    return success(frame);
  }

  socket.on('message', (data, isBinary) => {
    // Frames already on their way when the app closed the socket are not acted on, nor counted again.
    if (socket.readyState !== socket.OPEN) return;
    const parsed = parseFrame(data, isBinary);
    // The answer to a heartbeat the server sent is not the game's traffic but the server's own question:
    // refusing it for rate would drop a busy game for "missing" heartbeats. Only answers to outstanding
    // beats pass free; unsolicited heartbeat frames count like any other.
    const answersBeat = parsed.ok && parsed.frame.event === 'heartbeat' && unanswered > 0;
    if (!answersBeat && !withinRate(parsed.ok ? parsed.frame : parsed)) return;
    if (!parsed.ok) return connection.reply(failure(parsed, parsed.error));
    const { frame } = parsed;
    if (session === undefined) {
      if (frame.event === 'authenticate') return authenticate(frame);
      // Grapevine answers anything else before authentication this way and keeps the socket open.
      return connection.reply(failure(frame, 'unauthenticated'));
    }
    const handler = Object.hasOwn(handlers, frame.event) ? handlers[frame.event] : undefined;
    if (handler === undefined) {
      telemetry.emit('grapevine.sockets.unknown_event', { event: frame.event.slice(0, 100) });
      return connection.reply(failure(frame, 'unknown'));
    }
    const reply = handler(frame, session);
    // Only frames with a ref are answered; authenticate (above) is answered always.
    if (reply !== undefined && (frame.ref !== undefined || frame.event === 'authenticate')) connection.reply(reply);
  });

  socket.on('close', () => {
    clearTimeout(authDeadline);
    clearInterval(ticker);
    channels.unsubscribeAll(connection);
    if (session !== undefined) {
      network.leave(session);
      session.presence.disconnect();
    }
  });
}

/** A channel name as the failure quotes it: text as sent, anything else as JSON, cut short. */
function shown(value: unknown): string {
  if (value === undefined) return '';
  return (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 100);
}
