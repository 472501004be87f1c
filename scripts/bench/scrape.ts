// Benchmark 2, scrape cost: how long /metrics takes to render and how big it is, at the app's
// normal series count (after a short run of the traffic generator) and with 10,000 extra series,
// side by side with prom-client's floor (a registry holding only the default metrics); and
// whether 20,000 requests to random paths grow the series count, next to the common
// hand-written middleware given the same paths.
import { Agent, request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Counter } from 'prom-client';
import { createLogger } from '../../app/kernel/logging/logger.js';
import { OPENMETRICS_CONTENT_TYPE, renderOpenMetrics } from '../../app/kernel/metrics/openmetrics.js';
import { renderPrometheusText } from '../../app/kernel/metrics/text-format.js';
import { referenceOpenMetrics } from './reference-openmetrics.js';
import { createMetricsRegistry } from '../../app/kernel/metrics/registry.js';
import { runTraffic } from '../workshop/traffic/index.js';
import { startVariant, type StartedVariant } from './overhead/variants.js';
import { fixed, table, type BenchReport, type Goal } from './report.js';
import { median, quantile } from './stats.js';

export interface ScrapeOptions {
  /** Alternating rounds of timed renders per registry. */
  rounds: number;
  rendersPerRound: number;
  /** Seconds of generated traffic that give the registry its normal series. */
  trafficSeconds: number;
  randomRequests: number;
  progress: (line: string) => void;
}

export const scrapeDefaults = { rounds: 7, rendersPerRound: 40, trafficSeconds: 10, randomRequests: 20_000 } as const;
export const EXTRA_SERIES = 10_000;

export function expectedScrapeSeconds(options: Pick<ScrapeOptions, 'trafficSeconds' | 'randomRequests'>): number {
  return 15 + options.trafficSeconds + options.randomRequests / 1_000;
}

interface Timed {
  medianMs: number;
  p95Ms: number;
  bytes: number;
  series: number;
}

type Render = () => Promise<string>;

export async function runScrapeBench(options: ScrapeOptions): Promise<BenchReport> {
  const dataRoot = await mkdtemp(path.join(os.tmpdir(), 'grapevine-bench-scrape-'));
  const log = createLogger(() => undefined);
  const started: StartedVariant[] = [];
  try {
    const ours = await startVariant('ours', path.join(dataRoot, 'ours'), log);
    started.push(ours);
    const registry = ours.registry!;
    options.progress(`scrape: ${options.trafficSeconds}s of generated traffic to give the registry its normal series`);
    const traffic = await runTraffic({ baseUrl: ours.listening.siteUrl, durationMs: options.trafficSeconds * 1000, rate: 40, users: 12 });

    const floor = createMetricsRegistry();
    const renders: Record<string, Render> = {
      'prom-client floor (default metrics only), text': () => floor.metrics(),
      'app, text format': () => renderPrometheusText(registry),
      "app, text format by prom-client's registry.metrics() (the renderer before)": () => registry.metrics(),
      'app, OpenMetrics (what Prometheus asks for)': () => renderOpenMetrics(registry),
      'app, OpenMetrics without the label cache (the renderer before)': () => referenceOpenMetrics(registry),
    };
    options.progress('scrape: timing in-process renders at the normal series count');
    const normal = await timeRenders(renders, options);

    const extra = new Counter({
      name: 'bench_extra_series_total',
      help: 'Series added by the benchmark only.',
      labelNames: ['series'],
      registers: [registry],
    });
    for (let i = 0; i < EXTRA_SERIES; i++) extra.labels(String(i)).inc(0);
    options.progress(`scrape: timing in-process renders with ${EXTRA_SERIES} extra series`);
    const withExtra = await timeRenders(
      {
        'app + 10,000 series, text format': renders['app, text format'],
        "app + 10,000 series, text format by prom-client's registry.metrics()":
          renders["app, text format by prom-client's registry.metrics() (the renderer before)"],
        'app + 10,000 series, OpenMetrics': renders['app, OpenMetrics (what Prometheus asks for)'],
        'app + 10,000 series, OpenMetrics without the label cache':
          renders['app, OpenMetrics without the label cache (the renderer before)'],
      },
      options,
    );
    options.progress('scrape: timing /metrics over HTTP with the extra series');
    const httpExtra = await timeHttp(ours.listening.metricsUrl!, options);
    registry.removeSingleMetric('bench_extra_series_total');
    options.progress('scrape: timing /metrics over HTTP at the normal series count');
    const httpNormal = await timeHttp(ours.listening.metricsUrl!, options);

    options.progress(`scrape: ${options.randomRequests} requests to random paths, ours and the common middleware side by side`);
    const common = await startVariant('common', path.join(dataRoot, 'common'), log);
    started.push(common);
    const cardinality = await randomPaths([ours, common], options.randomRequests);

    const perExtraSeriesUs =
      ((withExtra['app + 10,000 series, text format'].medianMs - normal['app, text format'].medianMs) * 1000) / EXTRA_SERIES;
    const appText = normal['app, text format'];
    const cachedText = withExtra['app + 10,000 series, text format'];
    const promClientText = withExtra["app + 10,000 series, text format by prom-client's registry.metrics()"];
    const appOpenMetrics = normal['app, OpenMetrics (what Prometheus asks for)'];
    const cachedOpenMetrics = withExtra['app + 10,000 series, OpenMetrics'];
    const uncachedOpenMetrics = withExtra['app + 10,000 series, OpenMetrics without the label cache'];
    const goals: Goal[] = [
      {
        name: '/metrics renders in under 2 ms at the normal series count (text format, in-process)',
        reached: appText.medianMs < 2,
        detail: `median ${fixed(appText.medianMs, 3)} ms, p95 ${fixed(appText.p95Ms, 3)} ms, ${appText.series} series`,
      },
      {
        name: '/metrics renders in under 2 ms at the normal series count (OpenMetrics, in-process)',
        reached: appOpenMetrics.medianMs < 2,
        detail: `median ${fixed(appOpenMetrics.medianMs, 3)} ms`,
      },
      {
        name: `/metrics with ${EXTRA_SERIES} extra series renders faster than prom-client's renderer (text format, in-process)`,
        reached: cachedText.medianMs < promClientText.medianMs,
        detail: `${fixed(cachedText.medianMs, 2)} ms vs ${fixed(promClientText.medianMs, 2)} ms median, ${fixed(promClientText.medianMs / cachedText.medianMs, 2)}x faster`,
      },
      {
        name: `/metrics with ${EXTRA_SERIES} extra series renders faster than without the label cache (OpenMetrics, in-process)`,
        reached: cachedOpenMetrics.medianMs < uncachedOpenMetrics.medianMs,
        detail: `${fixed(cachedOpenMetrics.medianMs, 2)} ms vs ${fixed(uncachedOpenMetrics.medianMs, 2)} ms median, ${fixed(uncachedOpenMetrics.medianMs / cachedOpenMetrics.medianMs, 2)}x faster`,
      },
      {
        name: `series count flat after ${options.randomRequests} requests to random paths`,
        reached: cardinality[0].ownAfter === cardinality[0].ownBefore,
        detail: `${cardinality[0].ownBefore} -> ${cardinality[0].ownAfter} of the app's own series (all: ${cardinality[0].before} -> ${cardinality[0].after})`,
      },
    ];

    const renderRows = Object.entries({ ...normal, ...withExtra }).map(([name, t]) => [
      name,
      String(t.series),
      `${fixed(t.bytes / 1024, 1)} KiB`,
      fixed(t.medianMs, 3),
      fixed(t.p95Ms, 3),
    ]);
    const httpRows = [
      ...Object.entries(httpNormal).map(([name, t]) => [
        `normal, ${name}`,
        String(t.series),
        `${fixed(t.bytes / 1024, 1)} KiB`,
        fixed(t.medianMs, 3),
        fixed(t.p95Ms, 3),
      ]),
      ...Object.entries(httpExtra).map(([name, t]) => [
        `+10,000 series, ${name}`,
        String(t.series),
        `${fixed(t.bytes / 1024, 1)} KiB`,
        fixed(t.medianMs, 3),
        fixed(t.p95Ms, 3),
      ]),
    ];
    return {
      title: 'Scrape cost',
      command: 'npm run bench -- scrape',
      markdown: [
        `Normal series: the instrumented app after ${options.trafficSeconds} s of \`runTraffic\` (40 operations/s, 12 people: ` +
          `${traffic.requests.total} HTTP requests, ${traffic.frames.total} socket frames). ` +
          `${options.rounds} alternating rounds of ${options.rendersPerRound} renders per registry, after warm-up; ` +
          'median and 95th percentile of single renders.',
        '',
        'In-process: the two renderers `/metrics` uses (`app/kernel/metrics/text-format.ts`, and OpenMetrics when Prometheus asks for it), ' +
          "each series' label text rendered once and cached, beside prom-client's own `registry.metrics()`, whose text format ours " +
          'reproduces byte for byte (test/unit/kernel/metrics/render.test.ts):',
        '',
        table(['registry', 'series', 'size', 'median ms', 'p95 ms'], renderRows),
        '',
        `Each extra series costs about ${fixed(perExtraSeriesUs, 2)} µs of text rendering. ` +
          `Ratio app / prom-client floor (text): ${fixed(appText.medianMs / normal['prom-client floor (default metrics only), text'].medianMs, 2)}x ` +
          `for ${appText.series} vs ${normal['prom-client floor (default metrics only), text'].series} series.`,
        '',
        'Over HTTP (GET /metrics on the metrics port, keep-alive, from the same process; time to the last byte):',
        '',
        table(['scrape', 'series', 'size', 'median ms', 'p95 ms'], httpRows),
        '',
        `Cardinality: ${options.randomRequests} GET requests to random paths (\`/${'<random>'}\`, \`/games/<random>\`, \`/api/<random>\`, random query strings), same paths to both. ` +
          "The goal reads the app's own series: the runtime's (nodejs_*, process_*) gain a label set the first time V8 runs a kind of GC under load, which no path causes:",
        '',
        table(
          ['server', "app's own series before", "app's own series after", 'all series before', 'all series after', 'http_* series after'],
          cardinality.map((c) => [c.name, String(c.ownBefore), String(c.ownAfter), String(c.before), String(c.after), String(c.httpAfter)]),
        ),
      ].join('\n'),
      goals,
    };
  } finally {
    for (const server of started) await server.close();
    await rm(dataRoot, { recursive: true, force: true });
  }
}

async function timeRenders(renders: Record<string, Render>, { rounds, rendersPerRound }: ScrapeOptions): Promise<Record<string, Timed>> {
  const samples = new Map<string, number[]>();
  const sizes = new Map<string, string>();
  for (const [name, render] of Object.entries(renders)) {
    for (let i = 0; i < 20; i++) sizes.set(name, await render());
  }
  const names = Object.keys(renders);
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const render = renders[name];
      for (let i = 0; i < rendersPerRound; i++) {
        const start = performance.now();
        await render();
        samples.set(name, [...(samples.get(name) ?? []), performance.now() - start]);
      }
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const text = sizes.get(name)!;
      const values = samples.get(name)!;
      return [name, { medianMs: median(values), p95Ms: quantile(values, 0.95), bytes: Buffer.byteLength(text), series: countSeries(text) }];
    }),
  );
}

async function timeHttp(metricsUrl: string, { rounds, rendersPerRound }: ScrapeOptions): Promise<Record<string, Timed>> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const formats: Record<string, string> = { 'text format': 'text/plain', OpenMetrics: OPENMETRICS_CONTENT_TYPE };
  const samples = new Map<string, number[]>();
  const bodies = new Map<string, string>();
  try {
    for (const [name, accept] of Object.entries(formats))
      for (let i = 0; i < 10; i++) bodies.set(name, await get(agent, metricsUrl, accept));
    for (let round = 0; round < rounds; round++) {
      for (const [name, accept] of Object.entries(formats)) {
        for (let i = 0; i < Math.ceil(rendersPerRound / 2); i++) {
          const start = performance.now();
          await get(agent, metricsUrl, accept);
          samples.set(name, [...(samples.get(name) ?? []), performance.now() - start]);
        }
      }
    }
  } finally {
    agent.destroy();
  }
  return Object.fromEntries(
    Object.keys(formats).map((name) => {
      const values = samples.get(name)!;
      const body = bodies.get(name)!;
      return [name, { medianMs: median(values), p95Ms: quantile(values, 0.95), bytes: Buffer.byteLength(body), series: countSeries(body) }];
    }),
  );
}

function get(agent: Agent, url: string, accept: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { accept } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        response.statusCode === 200
          ? resolve(Buffer.concat(chunks).toString('utf8'))
          : reject(new Error(`GET ${url}: ${response.statusCode}`)),
      );
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sample lines: everything but comments (# HELP, # TYPE, # EOF) and blank lines. */
export function countSeries(exposition: string): number {
  let count = 0;
  for (const line of exposition.split('\n')) if (line !== '' && !line.startsWith('#')) count++;
  return count;
}

const RUNTIME_FAMILY = /^(nodejs|process)_/;

/** Sample lines of the app's own families (everything but prom-client's runtime metrics). */
export function countOwnSeries(exposition: string): number {
  let count = 0;
  for (const line of exposition.split('\n')) if (line !== '' && !line.startsWith('#') && !RUNTIME_FAMILY.test(line)) count++;
  return count;
}

function countHttpSeries(exposition: string): number {
  return exposition.split('\n').filter((line) => line.startsWith('http_request')).length;
}

interface Cardinality {
  name: string;
  before: number;
  after: number;
  ownBefore: number;
  ownAfter: number;
  httpAfter: number;
}

async function randomPaths(servers: StartedVariant[], requests: number): Promise<Cardinality[]> {
  const names = ['ours', 'common hand-written middleware'];
  const agents = servers.map(() => new Agent({ keepAlive: true, maxSockets: 16 }));
  const seriesOf = async (server: StartedVariant) => {
    const text = await (await fetch(server.listening.metricsUrl!)).text();
    return { all: countSeries(text), own: countOwnSeries(text), http: countHttpSeries(text) };
  };
  const shapes = [(r: string) => `/${r}`, (r: string) => `/games/${r}`, (r: string) => `/api/${r}`, (r: string) => `/${r}/${r}?q=${r}`];
  // One request of each shape first: the first 404 of a route template is one new, bounded label
  // set (route="unmatched" or "/games/:id"), which the generated traffic may or may not have made
  // already. The goal is about what the random paths add after that.
  await Promise.all(
    servers.flatMap((server, s) => shapes.map((shape) => status(agents[s], `${server.listening.siteUrl}${shape('primer')}`))),
  );
  const before = await Promise.all(servers.map(seriesOf));
  try {
    for (let sent = 0; sent < requests; sent += 64) {
      const batch = Array.from({ length: Math.min(64, requests - sent) }, (_, i) =>
        shapes[(sent + i) % shapes.length](Math.random().toString(36).slice(2)),
      );
      await Promise.all(servers.flatMap((server, s) => batch.map((p) => status(agents[s], `${server.listening.siteUrl}${p}`))));
    }
  } finally {
    for (const agent of agents) agent.destroy();
  }
  const after = await Promise.all(servers.map(seriesOf));
  return servers.map((_, i) => ({
    name: names[i],
    before: before[i].all,
    after: after[i].all,
    ownBefore: before[i].own,
    ownAfter: after[i].own,
    httpAfter: after[i].http,
  }));
}

function status(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { accept: 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}
