// The servers the overhead benchmark compares, each built from the app's own factories:
//   bare        the app without instrumentation: createServices + createApp({ httpMetrics: false }),
//               no default metrics, no telemetry handlers (emit() returns at once with no subscribers)
//   ours        the app exactly as app/site/main.ts builds and starts it: private registry with default
//               metrics, telemetry failure hooks, domain instrumenters, our HTTP metrics, the game
//               sockets and the /metrics listener (startServers)
//   ours-unscraped  the same server, which the benchmark does not scrape (see SCRAPED)
//   common      `ours` with our HTTP middleware swapped for the common hand-written one
//   koa-bare    Koa + @koa/router with one JSON route, nothing else
//   koa-common  koa-bare with the common hand-written middleware
import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
import path from 'node:path';
import { Router } from '@koa/router';
import Koa from 'koa';
import { Registry } from 'prom-client';
import { createApp } from '../../../app/site/app.js';
import { systemClock } from '../../../app/kernel/clock.js';
import { appMigrations } from '../../../app/site/db/migrations/index.js';
import { openDatabase, type Database } from '../../../app/kernel/db/open.js';
import { closeServer, listen } from '../../../app/kernel/http/listen.js';
import type { Logger } from '../../../app/kernel/logging/logger.js';
import { createMetricsListener } from '../../../app/kernel/metrics/exposition.js';
import { createMetricsRegistry } from '../../../app/kernel/metrics/registry.js';
import { telemetryFailureMetrics } from '../../../app/site/metrics/telemetry-failures.js';
import { startServers } from '../../../app/site/server.js';
import { createServices, type Services } from '../../../app/site/services.js';
import { createSite } from '../../../app/site/site.js';
import type { GrapevineEvents } from '../../../app/site/telemetry/events.js';
import { createTelemetry } from '../../../app/site/telemetry/telemetry.js';
import { commonPromMiddleware } from './common-middleware.js';

export const VARIANTS = ['bare', 'ours', 'ours-unscraped', 'common', 'koa-bare', 'koa-common'] as const;
export type Variant = (typeof VARIANTS)[number];

/**
 * Which servers the benchmark scrapes once a second while loading them, as Prometheus does here: all
 * that have /metrics but ours-unscraped, which shows what the scrape itself costs. That is mostly
 * not rendering (about a millisecond a second) but a second kind of request in a run of identical
 * ones: V8 deoptimises the hot request path and optimises it again every second. One 404 a second
 * costs a trivial route about as much; an app with varied traffic pays it once, not every second.
 */
export const SCRAPED: Record<Variant, boolean> = {
  bare: false,
  ours: true,
  'ours-unscraped': false,
  common: true,
  'koa-bare': false,
  'koa-common': true,
};

/** Variants that are the Grapevine app (and so serve GET /api/games); the koa-* ones serve only the trivial route. */
export const APP_VARIANTS: readonly Variant[] = ['bare', 'ours', 'common'];

export interface Listening {
  siteUrl: string;
  /** Absent for the variants without metrics. */
  metricsUrl?: string;
}

export interface StartedVariant {
  listening: Listening;
  /** The registry /metrics renders (absent for the variants without metrics). */
  registry?: Registry;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/** Games in the directory GET /api/games lists; a third of them online. */
export const SEEDED_GAMES = 24;

export function isVariant(name: string): name is Variant {
  return (VARIANTS as readonly string[]).includes(name);
}

export async function startVariant(variant: Variant, dataDir: string, log: Logger): Promise<StartedVariant> {
  switch (variant) {
    case 'koa-bare':
    case 'koa-common': {
      const registry = new Registry();
      const app = new Koa();
      const router = new Router();
      router.get('/health/live', (ctx) => {
        ctx.body = { status: 'ok' };
      });
      if (variant === 'koa-common') app.use(commonPromMiddleware(registry));
      app.use(router.routes());
      app.use(router.allowedMethods());
      return variant === 'koa-common' ? serve(app.callback(), { registry, listener: createMetricsListener(registry) }) : serve(app.callback());
    }
    case 'bare': {
      const db = openBenchDatabase(dataDir);
      const telemetry = createTelemetry<GrapevineEvents>({ log });
      const services = createServices({ db, telemetry, clock: systemClock, sessionSecret: randomBytes(32).toString('hex') });
      await seedGames(services);
      const app = createApp({ db, registry: createMetricsRegistry({ defaultMetrics: false }), services, log, httpMetrics: false });
      return serve(app.callback(), undefined, () => db.close());
    }
    case 'ours':
    case 'ours-unscraped':
    case 'common': {
      // As app/site/main.ts wires it.
      const db = openBenchDatabase(dataDir);
      const registry = createMetricsRegistry();
      const telemetry = createTelemetry<GrapevineEvents>({ log, hooks: telemetryFailureMetrics(registry) });
      const config = { sessionSecret: randomBytes(32).toString('hex'), heartbeatTimeoutSeconds: 60 };
      const site = createSite({ config, db, registry, telemetry, log, httpMetrics: variant !== 'common' });
      // Outermost, where our own middleware sits in createApp.
      if (variant === 'common') site.app.middleware.unshift(commonPromMiddleware(registry));
      await seedGames(site.services);
      // Site, game sockets and the /metrics listener, as app/site/main.ts starts them.
      const servers = await startServers({ ...site, registry, host: HOST, port: 0, metricsPort: 0, log });
      return {
        listening: { siteUrl: servers.siteUrl, metricsUrl: servers.metricsUrl },
        registry,
        async close() {
          await servers.close();
          telemetry.close();
          db.close();
        },
      };
    }
  }
}

function openBenchDatabase(dataDir: string): Database {
  return openDatabase({ file: path.join(dataDir, 'grapevine.sqlite'), migrations: appMigrations });
}

async function seedGames({ accounts, games, presence }: Services): Promise<void> {
  const owner = await accounts.register({ username: 'benchowner', email: 'bench@example.test', password: 'correct horse battery staple' });
  if (!owner.ok) throw new Error(`seeding the benchmark's account failed: ${owner.message}`);
  for (let i = 1; i <= SEEDED_GAMES; i++) {
    const created = games.create(owner.value, { name: `Bench Game ${i}` });
    if (!created.ok) throw new Error(`seeding game ${i} failed: ${created.message}`);
    if (i % 3 === 0) presence.gameConnected(created.value.game.id);
  }
}

async function serve(
  site: RequestListener,
  metrics?: { registry: Registry; listener: RequestListener },
  release: () => void = () => undefined,
): Promise<StartedVariant> {
  const servers = [createServer(site)];
  const siteUrl = `http://${HOST}:${(await listen(servers[0]!, 0, HOST)).port}`;
  let metricsUrl: string | undefined;
  if (metrics !== undefined) {
    servers.push(createServer(metrics.listener));
    metricsUrl = `http://${HOST}:${(await listen(servers[1]!, 0, HOST)).port}/metrics`;
  }
  return {
    listening: metricsUrl === undefined ? { siteUrl } : { siteUrl, metricsUrl },
    ...(metrics === undefined ? {} : { registry: metrics.registry }),
    async close() {
      for (const server of servers) await closeServer(server, 1_000);
      release();
    },
  };
}
