// The servers the overhead benchmark compares, the app's ones started by the app's own wiring
// (startSiteProcess, as app/site/main.ts starts it), with another list of instrumenters:
//   bare        the app without instrumentation: no instrumenters, so no HTTP metrics middleware,
//               no default metrics, no metrics handlers on the telemetry (the domain's log handlers
//               stay, and none of the benchmarked routes emits an event) and an empty registry
//   ours        the app exactly as app/site/main.ts builds and starts it: private registry with default
//               metrics, telemetry failure hooks, domain instrumenters, our HTTP metrics, the game
//               sockets and the /metrics listener
//   ours-unscraped  the same server, which the benchmark does not scrape (see SCRAPED)
//   ours-no-gc  `ours` as METRICS_GC_DURATION=false runs it: no GC observer, no nodejs_gc_duration_seconds
//   common      `ours` with our HTTP middleware swapped for the common hand-written one
//   otel-metrics   `bare` under the OpenTelemetry Node SDK (./opentelemetry.ts): HTTP and Koa
//                  instrumentations, a PrometheusExporter, traces off
//   otel-tracing   the same with tracing on, the SDK's defaults, spans dropped by a no-op exporter
//   koa-bare    Koa + @koa/router with one JSON route, nothing else
//   koa-common  koa-bare with the common hand-written middleware
import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { Router } from '@koa/router';
import Koa from 'koa';
import { Registry } from 'prom-client';
import { closeServer, listen, serverFor, type HttpApp } from '../../../app/kernel/http/listen.js';
import type { Logger } from '../../../app/kernel/logging/logger.js';
import { createMetricsListener } from '../../../app/kernel/metrics/exposition.js';
import {
  domainMetrics,
  handlerFailureMetrics,
  runtimeMetrics,
  SITE_INSTRUMENTERS,
  siteInstrumenters,
  type SiteInstrumenter,
} from '../../../app/site/metrics/instrumentation.js';
import { startSiteProcess } from '../../../app/site/process.js';
import type { Services } from '../../../app/site/services.js';
import { commonPromMiddleware } from './common-middleware.js';

export const VARIANTS = [
  'bare',
  'ours',
  'ours-unscraped',
  'ours-no-gc',
  'common',
  'otel-metrics',
  'otel-tracing',
  'koa-bare',
  'koa-common',
] as const;
export type Variant = (typeof VARIANTS)[number];

/**
 * Which servers the benchmark scrapes once a second while loading them, as Prometheus does here: all
 * that have /metrics but ours-unscraped, which shows what the scrape itself costs. A server's first
 * request from a new kind of client (the first scrape, or a curl on the site's port) deoptimises
 * node:http's hot request path once (--trace-deopt: 64 on the metrics port, 27 on the site's, none
 * at later scrapes); the scraped warm-up absorbs that (BENCHMARKS.md, 2026-12-03, fifth session).
 */
export const SCRAPED: Record<Variant, boolean> = {
  bare: false,
  ours: true,
  'ours-unscraped': false,
  'ours-no-gc': true,
  common: true,
  'otel-metrics': true,
  'otel-tracing': true,
  'koa-bare': false,
  'koa-common': true,
};

/** The variants GET /api/games is measured with: the koa-* ones serve only the trivial route, and the scrape's price is measured there. */
export const APP_VARIANTS: readonly Variant[] = ['bare', 'ours', 'ours-no-gc', 'common', 'otel-metrics', 'otel-tracing'];

/** How a variant's process is started: node flags, modules preloaded after tsx, environment. */
export interface Launch {
  nodeArgs: string[];
  imports: string[];
  env: NodeJS.ProcessEnv;
}

/** The OpenTelemetry variants run under the SDK's ESM loader hook with its bootstrap preloaded, as its guide says. */
export async function launchOf(variant: Variant): Promise<Launch> {
  if (variant !== 'otel-metrics' && variant !== 'otel-tracing') return { nodeArgs: [], imports: [], env: process.env };
  return {
    nodeArgs: ['--experimental-loader=@opentelemetry/instrumentation/hook.mjs', '--no-warnings=ExperimentalWarning'],
    imports: ['scripts/bench/overhead/opentelemetry.ts'],
    env: {
      ...process.env,
      GRAPEVINE_BENCH_OTEL: variant === 'otel-metrics' ? 'metrics' : 'tracing',
      GRAPEVINE_BENCH_OTEL_PORT: String(await freePort()),
      // The SDK's documented switches: no trace exporter for metrics only; no OTLP log exporter
      // (there is no collector here, and neither variant emits log records).
      ...(variant === 'otel-metrics' ? { OTEL_TRACES_EXPORTER: 'none' } : {}),
      OTEL_LOGS_EXPORTER: 'none',
    },
  };
}

/** A port free on loopback now (the exporter binds it a moment later; nothing else here binds ports at random). */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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
      return variant === 'koa-common' ? serve(app, { registry, listener: createMetricsListener(registry) }) : serve(app);
    }
    case 'bare':
    case 'ours':
    case 'ours-unscraped':
    case 'ours-no-gc':
    case 'common':
    case 'otel-metrics':
    case 'otel-tracing': {
      const site = await startSiteProcess({
        config: {
          host: HOST,
          port: 0,
          metricsPort: 0,
          databaseFile: path.join(dataDir, 'grapevine.sqlite'),
          sessionSecret: randomBytes(32).toString('hex'),
          heartbeatIntervalSeconds: 15,
          heartbeatMissedLimit: 3,
        },
        log,
        instrumenters: INSTRUMENTERS[variant],
      });
      await seedGames(site.services);
      // The uninstrumented app's /metrics listener serves an empty registry nobody scrapes: it is left
      // out of what the benchmark is told. The OpenTelemetry variants' metrics are the exporter's.
      const otelPort = process.env.GRAPEVINE_BENCH_OTEL_PORT;
      const metrics =
        variant === 'bare'
          ? {}
          : OTEL_VARIANTS.has(variant)
            ? { metricsUrl: `http://${HOST}:${otelPort}/metrics` }
            : { metricsUrl: site.metricsUrl };
      return {
        listening: { siteUrl: site.siteUrl, ...metrics },
        ...(variant === 'bare' || OTEL_VARIANTS.has(variant) ? {} : { registry: site.registry }),
        close: () => site.close(),
      };
    }
  }
}

/** The common middleware where ours sits, outermost and registered last, as an instrumenter. */
const commonHttpMetrics: SiteInstrumenter = ({ registry }) => commonPromMiddleware(registry);

const OTEL_VARIANTS: ReadonlySet<Variant> = new Set(['otel-metrics', 'otel-tracing']);

const INSTRUMENTERS: Record<Exclude<Variant, 'koa-bare' | 'koa-common'>, readonly SiteInstrumenter[]> = {
  bare: [],
  // The app's own instrumentation is off: OpenTelemetry (preloaded) is all there is.
  'otel-metrics': [],
  'otel-tracing': [],
  ours: SITE_INSTRUMENTERS,
  'ours-unscraped': SITE_INSTRUMENTERS,
  'ours-no-gc': siteInstrumenters({ gcDurationMetric: false }),
  common: [runtimeMetrics, handlerFailureMetrics, domainMetrics, commonHttpMetrics],
};

async function seedGames({ accounts, games, presence }: Services): Promise<void> {
  const owner = await accounts.register({ username: 'benchowner', email: 'bench@example.test', password: 'correct horse battery staple' });
  if (!owner.ok) throw new Error(`seeding the benchmark's account failed: ${owner.message}`);
  for (let i = 1; i <= SEEDED_GAMES; i++) {
    const created = games.create(owner.value, { name: `Bench Game ${i}` });
    if (!created.ok) throw new Error(`seeding game ${i} failed: ${created.message}`);
    if (i % 3 === 0) presence.gameConnected(created.value.game.id);
  }
}

async function serve(site: HttpApp, metrics?: { registry: Registry; listener: RequestListener }): Promise<StartedVariant> {
  const servers = [serverFor(site)];
  const siteUrl = `http://${HOST}:${(await listen(servers[0], 0, HOST)).port}`;
  let metricsUrl: string | undefined;
  if (metrics !== undefined) {
    servers.push(createServer(metrics.listener));
    metricsUrl = `http://${HOST}:${(await listen(servers[1], 0, HOST)).port}/metrics`;
  }
  return {
    listening: metricsUrl === undefined ? { siteUrl } : { siteUrl, metricsUrl },
    ...(metrics === undefined ? {} : { registry: metrics.registry }),
    async close() {
      for (const server of servers) await closeServer(server, 1_000);
    },
  };
}
