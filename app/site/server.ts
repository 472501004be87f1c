// The site's two listeners: the only place that opens its ports. The site and /metrics get one
// server each, and close() takes them down in the order that loses nothing.
import type { Registry } from 'prom-client';
import { closeServer, limitedServer, listen, serverFor, urlOf, type HttpApp, type ServerLimits } from '../kernel/http/listen.js';
import type { Logger } from '../kernel/logging/logger.js';
import { createMetricsListener } from '../kernel/metrics/exposition.js';
import type { SocketServer } from './sockets/socket-server.js';

export interface ServerOptions {
  /** The Koa app (or anything with Koa's `callback()`). */
  app: HttpApp;
  sockets: SocketServer;
  registry: Registry;
  host: string;
  port: number;
  metricsPort: number;
  log: Logger;
  /** How long open requests get to finish on close before their connections are cut. */
  graceMs?: number;
  /** The site listener's timeouts and connection cap; the metrics listener keeps the defaults. */
  limits?: Partial<ServerLimits>;
}

export interface RunningServers {
  /** e.g. http://127.0.0.1:4100, with the port the OS chose when 0 was asked for. */
  siteUrl: string;
  metricsUrl: string;
  close(): Promise<void>;
}

export async function startServers({
  app,
  sockets,
  registry,
  host,
  port,
  metricsPort,
  log,
  graceMs = 5_000,
  limits = {},
}: ServerOptions): Promise<RunningServers> {
  // The site gets the configured limits; /metrics, whose only client is Prometheus, the defaults.
  const site = serverFor(app, limits);
  site.on('upgrade', (request, socket, head) => sockets.handleUpgrade(request, socket, head));
  const metrics = limitedServer(createMetricsListener(registry, { log }));

  const siteUrl = urlOf(await listen(site, port, host));
  let metricsUrl: string;
  try {
    metricsUrl = `${urlOf(await listen(metrics, metricsPort, host))}/metrics`;
  } catch (error) {
    await closeServer(site, graceMs);
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    siteUrl,
    metricsUrl,
    close() {
      closing ??= (async () => {
        // Sockets first: they are long-lived and would keep the site server open forever.
        await sockets.close();
        await closeServer(site, graceMs);
        // Metrics last, so a final scrape can still see the shutdown.
        await closeServer(metrics, graceMs);
      })();
      return closing;
    },
  };
}
