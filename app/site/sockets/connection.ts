// Sending frames on a socket, shared by game and web sockets.
import WebSocket from 'ws';
import type { Broadcast, Subscriber } from './channels.js';
import type { Reply } from './protocol.js';

// A client that reads slower than a busy channel talks would buffer without end; past this it is cut.
const MAX_BUFFERED_BYTES = 1024 * 1024;

export const CLOSE_UNAUTHENTICATED = 4001;
export const CLOSE_HEARTBEAT_TIMEOUT = 4002;
export const CLOSE_SLOW_CONSUMER = 4008;
export const CLOSE_GOING_AWAY = 1001;

export interface Connection extends Subscriber {
  reply(reply: Reply): void;
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
    deliver: (broadcast: Broadcast) => send({ event: 'channels/broadcast', payload: broadcast }),
    close: (code, reason) => socket.close(code, reason),
  };
}
