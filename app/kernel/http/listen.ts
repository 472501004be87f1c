// Listening and closing, for every service: a port that is taken is an error naming it, and a
// close lets open requests finish before it cuts what is left.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Koa app, or anything with Koa's `callback()`. */
export interface HttpApp {
  callback(): RequestListener;
}

/**
 * What one listener allows a client: a slow-header or 1-byte-a-second client is cut off, an idle
 * keep-alive connection is closed, and connections past the cap are refused.
 */
export interface ServerLimits {
  /** All the request's headers must arrive within this (node:http answers 408 and closes). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (node:http answers 408 and closes). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Open connections at once; more are closed as they arrive. WebSockets count while open. */
  maxConnections: number;
}

/** Generous enough for Prometheus's scrapes, the traffic generator and the browser tests. */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
};

/**
 * node:http serving a Koa app. Koa's handler returns a promise that it settles itself (an error
 * becomes a response), so node:http ignoring it is right; this is the one place that says so.
 */
export function serverFor(app: HttpApp, limits: Partial<ServerLimits> = {}): Server {
  return limitedServer(app.callback(), limits);
}

/** A node:http server with these limits; unset fields get DEFAULT_SERVER_LIMITS. */
export function limitedServer(listener: RequestListener, limits: Partial<ServerLimits> = {}): Server {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, maxConnections } = { ...DEFAULT_SERVER_LIMITS, ...limits };
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      // node:http checks the two request timeouts on this interval; a short timeout needs a short check.
      connectionsCheckingInterval: Math.max(10, Math.min(30_000, headersTimeoutMs / 4)),
    },
    listener,
  );
  server.maxConnections = maxConnections;
  return server;
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
