// A real site on 127.0.0.1 port 0 with a fresh data directory: every test starts from an empty
// database and a fresh registry, and sees the same HTTP and socket behaviour a user would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { systemClock, type Clock } from '../../../app/kernel/clock.js';
import { appMigrations } from '../../../app/site/db/migrations/index.js';
import { openDatabase, type Database } from '../../../app/kernel/db/open.js';
import { createLogger, type LogLine } from '../../../app/kernel/logging/logger.js';
import { createMetricsRegistry } from '../../../app/kernel/metrics/registry.js';
import { telemetryFailureMetrics } from '../../../app/site/metrics/telemetry-failures.js';
import { startServers } from '../../../app/site/server.js';
import { createSite, type Site } from '../../../app/site/site.js';
import type { GrapevineEvents, GrapevineTelemetry } from '../../../app/site/telemetry/events.js';
import { createTelemetry } from '../../../app/site/telemetry/telemetry.js';
import { parseExposition, type Sample } from './exposition.js';

export interface TestSite extends Site {
  url: string;
  metricsUrl: string;
  db: Database;
  registry: Registry;
  telemetry: GrapevineTelemetry;
  /** Every log line written so far. */
  logs: LogLine[];
  dataDir: string;
  /** The /metrics text, fetched from the metrics listener like Prometheus would. */
  scrape(accept?: string): Promise<string>;
  /** The value of one series from a scrape; undefined when the series is not exported. */
  metric(name: string, labels?: Record<string, string>): Promise<number | undefined>;
  samples(): Promise<Sample[]>;
  rows(table: 'accounts' | 'sessions' | 'games'): number;
  close(): Promise<void>;
}

export interface TestSiteOptions {
  heartbeatTimeoutSeconds?: number;
  clock?: Clock;
  /** Mounts the deliberately slow and failing /demo routes, as DEMO_FAULTS=true does. */
  demoFaults?: boolean;
}

export async function startTestSite({ heartbeatTimeoutSeconds = 60, clock = systemClock, demoFaults = false }: TestSiteOptions = {}): Promise<TestSite> {
  const dataDir = mkdtempSync(join(tmpdir(), 'grapevine-test-'));
  const logs: LogLine[] = [];
  const log = createLogger((line) => logs.push(line));
  const db = openDatabase({ file: join(dataDir, 'grapevine.sqlite'), migrations: appMigrations });
  const registry = createMetricsRegistry();
  const telemetry = createTelemetry<GrapevineEvents>({ log, hooks: telemetryFailureMetrics(registry) });
  const site = createSite({
    config: { sessionSecret: 'test-secret-that-is-long-enough-for-hmac', heartbeatTimeoutSeconds, demoFaults },
    db,
    registry,
    telemetry,
    log,
    clock,
  });
  const servers = await startServers({ ...site, registry, host: '127.0.0.1', port: 0, metricsPort: 0, log, graceMs: 1_000 });

  const scrape = async (accept?: string): Promise<string> => {
    const response = await fetch(servers.metricsUrl, { headers: accept === undefined ? {} : { accept } });
    return response.text();
  };
  const samples = async (): Promise<Sample[]> => parseExposition(await scrape());

  return {
    ...site,
    url: servers.siteUrl,
    metricsUrl: servers.metricsUrl,
    db,
    registry,
    telemetry,
    logs,
    dataDir,
    scrape,
    samples,
    async metric(name, labels = {}) {
      const found = (await samples()).find(
        (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
      );
      return found?.value;
    },
    rows: (table) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number,
    async close() {
      await servers.close();
      telemetry.close();
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

