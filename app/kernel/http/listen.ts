// Listening and closing, for every service: a port that is taken is an error naming it, and a
// close lets open requests finish before it cuts what is left.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Koa app, or anything with Koa's `callback()`. */
export interface HttpApp {
  callback(): RequestListener;
}

/**
 * node:http serving a Koa app. Koa's handler returns a promise that it settles itself (an error
 * becomes a response), so node:http ignoring it is right; this is the one place that says so.
 */
export function serverFor(app: HttpApp): Server {
  return createServer(app.callback());
}

export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(new Error(`cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Stops accepting, lets open requests finish, closes idle keep-alive connections, cuts the rest after `graceMs`. */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

/** e.g. http://127.0.0.1:4100, or http://[::1]:4100. */
export function urlOf({ address, port, family }: AddressInfo): string {
  return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
}
