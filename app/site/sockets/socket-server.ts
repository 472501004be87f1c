// Routes WebSocket upgrades on the site's HTTP server: /socket for games, /socket/web for the
// signed-in web chat. Refusals are plain HTTP responses, so clients see a status, not a reset.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import type { Account } from '../accounts/repository.js';
import { isSameOrigin } from '../http/same-origin.js';
import type { Logger } from '../../kernel/logging/logger.js';
import type { GrapevineTelemetry } from '../telemetry/events.js';
import type { ChannelHub } from './channels.js';
import { CLOSE_GOING_AWAY } from './connection.js';
import { acceptGameSocket, type GameSocketDeps } from './game-socket.js';
import { createGameNetwork } from './network.js';
import type { Presence } from './presence.js';
import { acceptWebSocket } from './web-socket.js';

export const GAME_SOCKET_PATH = '/socket';
export const WEB_SOCKET_PATH = '/socket/web';
// Frames are small JSON objects; anything near this is a mistake or an attack (ws closes with 1009).
const MAX_FRAME_BYTES = 64 * 1024;

export interface SocketServerDeps {
  games: GameSocketDeps['games'];
  channels: ChannelHub;
  presence: Presence;
  telemetry: GrapevineTelemetry;
  log: Logger;
  heartbeatIntervalMs: number;
  heartbeatMissedLimit: number;
  /** The signed-in account for an upgrade request's Cookie header. */
  accountForCookie(cookieHeader: string | undefined): Account | undefined;
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
    socket.on('error', (error) => log.warn('socket error', { error: error.message }));
  }

  return {
    handleUpgrade(request, socket, head) {
      const path = (request.url ?? '/').split('?', 1)[0];
      if (path === GAME_SOCKET_PATH) {
        wss.handleUpgrade(request, socket, head, (ws) => {
          track(ws);
          acceptGameSocket(ws, { ...deps, network });
        });
        return;
      }
      if (path === WEB_SOCKET_PATH) {
        if (!isSameOrigin(request.headers.origin, request.headers.host)) return refuse(socket, 403);
        const account = deps.accountForCookie(request.headers.cookie);
        if (account === undefined) return refuse(socket, 401);
        wss.handleUpgrade(request, socket, head, (ws) => {
          track(ws);
          acceptWebSocket(ws, account, deps);
        });
        return;
      }
      refuse(socket, 404);
    },

    async close(timeoutMs = 2_000) {
      clearInterval(pinger);
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

function refuse(socket: Duplex, status: number): void {
  const text = STATUS_CODES[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
  );
}
