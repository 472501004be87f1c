// Routes WebSocket upgrades on the site's HTTP server: /socket for games, /socket/web for the
// signed-in web chat. Refusals are plain HTTP responses, so clients see a status, not a reset.
// It also closes the web chat sockets of sessions that end (SessionEnds), whatever ended them.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import type { Clock } from '../../kernel/clock.js';
import type { LiveSession } from '../accounts/service.js';
import type { SessionEnds } from '../accounts/session-ends.js';
import { isSameOrigin } from '../http/same-origin.js';
import type { Logger } from '../../kernel/logging/logger.js';
import type { GrapevineTelemetry } from '../telemetry/events.js';
import type { ChannelHub } from './channels.js';
import { CLOSE_GOING_AWAY, CLOSE_SESSION_ENDED } from './connection.js';
import { acceptGameSocket, type GameSocketDeps } from './game-socket.js';
import type { SocketLimits } from './limits.js';
import { createGameNetwork } from './network.js';
import type { Presence } from './presence.js';
import { acceptWebSocket, SESSION_END_CLOSE_REASONS } from './web-socket.js';

export const GAME_SOCKET_PATH = '/socket';
export const WEB_SOCKET_PATH = '/socket/web';
// Frames are small JSON objects; anything near this is a mistake or an attack (ws closes with 1009).
const MAX_FRAME_BYTES = 64 * 1024;
/** What a game socket upgrade refused at MAX_UNAUTHENTICATED_SOCKETS is told to wait, in seconds. */
export const UNAUTHENTICATED_RETRY_AFTER_SECONDS = 5;

export interface SocketServerDeps {
  games: GameSocketDeps['games'];
  channels: ChannelHub;
  presence: Presence;
  telemetry: GrapevineTelemetry;
  log: Logger;
  heartbeatIntervalMs: number;
  heartbeatMissedLimit: number;
  limits: SocketLimits;
  clock: Clock;
  /** The live session for an upgrade request's Cookie header. */
  sessionForCookie(cookieHeader: string | undefined): LiveSession | undefined;
  /** Every session that ends; the web chat sockets it opened are closed. */
  sessionEnds: SessionEnds;
  /** Sockets that do not answer a ping within this long are cut (dead peers, dropped Wi-Fi). */
  pingIntervalMs?: number;
}

export interface SocketServer {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sends every game `restart` with the expected downtime, then closes every socket (1001, going away) and waits for them to go. */
  close(timeoutMs?: number): Promise<void>;
}

/** The `downtime` hint in `restart`: seconds a game should wait before reconnecting (a restart of the stack's app container). */
export const RESTART_DOWNTIME_SECONDS = 15;

export function createSocketServer(deps: SocketServerDeps): SocketServer {
  const { log, pingIntervalMs = 30_000 } = deps;
  const network = createGameNetwork();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const alive = new WeakMap<WebSocket, boolean>();
  // Game sockets that have not authenticated yet: each holds a connection while proving nothing.
  const unauthenticated = new Set<WebSocket>();
  // Web chat sockets by the session that opened them.
  const webSockets = new Map<string, Set<WebSocket>>();
  const stopListening = deps.sessionEnds.subscribe(({ sessionIds, reason }) => {
    for (const sessionId of sessionIds) {
      for (const client of webSockets.get(sessionId) ?? []) client.close(CLOSE_SESSION_ENDED, SESSION_END_CLOSE_REASONS[reason]);
    }
  });

  const pinger = setInterval(() => {
    for (const client of wss.clients) {
      if (alive.get(client) === false) {
        client.terminate();
        continue;
      }
      alive.set(client, false);
      client.ping();
    }
  }, pingIntervalMs);
  pinger.unref();

  function track(socket: WebSocket): void {
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    // An error (bad frame, oversized payload) ends in 'close'; without a listener ws would throw.
    socket.on('error', (error) => {
      if ((error as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        deps.telemetry.emit('grapevine.sockets.refused', { reason: 'frame_size' });
      }
      log.warn('socket error', { error: error.message });
    });
  }

  return {
    handleUpgrade(request, socket, head) {
      const path = (request.url ?? '/').split('?', 1)[0];
      if (path === GAME_SOCKET_PATH) {
        if (unauthenticated.size >= deps.limits.maxUnauthenticatedSockets) {
          deps.telemetry.emit('grapevine.sockets.refused', { reason: 'unauthenticated_sockets' });
          return refuse(socket, 503, { 'Retry-After': String(UNAUTHENTICATED_RETRY_AFTER_SECONDS) });
        }
        wss.handleUpgrade(request, socket, head, (ws) => {
          track(ws);
          unauthenticated.add(ws);
          ws.once('close', () => unauthenticated.delete(ws));
          acceptGameSocket(ws, { ...deps, network, onAuthenticated: () => unauthenticated.delete(ws) });
        });
        return;
      }
      if (path === WEB_SOCKET_PATH) {
        if (!isSameOrigin(request.headers.origin, request.headers.host)) return refuse(socket, 403);
        const session = deps.sessionForCookie(request.headers.cookie);
        if (session === undefined) return refuse(socket, 401);
        if ((webSockets.get(session.sessionId)?.size ?? 0) >= deps.limits.maxWebSocketsPerSession) {
          deps.telemetry.emit('grapevine.sockets.refused', { reason: 'web_sockets_per_session' });
          return refuse(socket, 429);
        }
        wss.handleUpgrade(request, socket, head, (ws) => {
          track(ws);
          let open = webSockets.get(session.sessionId);
          if (open === undefined) webSockets.set(session.sessionId, (open = new Set()));
          open.add(ws);
          ws.once('close', () => {
            open.delete(ws);
            if (open.size === 0 && webSockets.get(session.sessionId) === open) webSockets.delete(session.sessionId);
          });
          acceptWebSocket(ws, session, deps);
        });
        return;
      }
      refuse(socket, 404);
    },

    async close(timeoutMs = 2_000) {
      clearInterval(pinger);
      stopListening();
      // Grapevine tells every game before a deploy, so they switch their channels to local and come back.
      for (const session of network.sessions()) {
        session.connection.push({ event: 'restart', ref: randomUUID(), payload: { downtime: RESTART_DOWNTIME_SECONDS } });
      }
      const closing = [...wss.clients].map(
        (client) =>
          new Promise<void>((resolve) => {
            if (client.readyState === WebSocket.CLOSED) return resolve();
            client.once('close', () => resolve());
            client.close(CLOSE_GOING_AWAY, 'server shutting down');
          }),
      );
      const force = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, timeoutMs);
      await Promise.all(closing);
      clearTimeout(force);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function refuse(socket: Duplex, status: number, headers: Record<string, string> = {}): void {
  const text = STATUS_CODES[status] ?? 'Error';
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n${extra.join('')}Content-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
  );
}
