// Sending frames on a socket, shared by game and web sockets.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Broadcast, Subscriber } from './channels.js';
import type { Reply } from './protocol.js';

// A client that reads slower than a busy channel talks would buffer without end; past this it is cut.
const MAX_BUFFERED_BYTES = 1024 * 1024;

// Grapevine's close codes: 4000 authentication failed, 4001 heartbeat failure. The app's own
// follow HTTP's numbers where one fits (4401: no longer signed in, 4409: the game already has its
// sockets, 4429: too many messages), so a client can tell "stop" from "try again later".
export const CLOSE_AUTHENTICATION_FAILED = 4000;
export const CLOSE_HEARTBEAT_FAILURE = 4001;
export const CLOSE_SLOW_CONSUMER = 4008;
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_TOO_MANY_SOCKETS = 4409;
export const CLOSE_RATE_LIMITED = 4429;
export const CLOSE_GOING_AWAY = 1001;

export interface Connection extends Subscriber {
  reply(reply: Reply): void;
  /** A frame the server starts (heartbeat, restart, broadcasts), sent as is. */
  push(frame: { event: string; ref?: string; payload?: object }): void;
  close(code: number, reason: string): void;
}

export function createConnection(socket: WebSocket): Connection {
  function send(frame: object): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(CLOSE_SLOW_CONSUMER, 'too slow to read its messages');
      return;
    }
    socket.send(JSON.stringify(frame));
  }
  return {
    reply: send,
    push: send,
    // Every broadcast carries a fresh ref, as Grapevine's do.
    deliver: (broadcast: Broadcast) => send({ event: 'channels/broadcast', ref: randomUUID(), payload: broadcast }),
    close: (code, reason) => socket.close(code, reason),
  };
}
