// A real site on 127.0.0.1 port 0 with a fresh data directory: every test starts from an empty
// database and a fresh registry, and sees the same HTTP and socket behaviour a user would. It is
// started by the same startSiteProcess as app/site/main.ts, with the default instrumentation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Clock } from '../../../app/kernel/clock.js';
import type { ServerLimits } from '../../../app/kernel/http/listen.js';
import { createLogger, type LogLine } from '../../../app/kernel/logging/logger.js';
import { startSiteProcess, type SiteProcess } from '../../../app/site/process.js';
import { parseExposition, type Sample } from './exposition.js';
import type { PasswordHasherLimits } from '../../../app/site/accounts/passwords.js';
import type { ThrottleLimits } from '../../../app/site/accounts/throttle.js';
import type { SocketLimits } from '../../../app/site/sockets/limits.js';

export interface TestSite extends Omit<SiteProcess, 'siteUrl'> {
  url: string;
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
  heartbeatIntervalSeconds?: number;
  heartbeatMissedLimit?: number;
  clock?: Clock;
  /** Mounts the deliberately slow and failing /demo routes, as DEMO_FAULTS=true does. */
  demoFaults?: boolean;
  /** TRUST_PROXY, PUBLIC_ORIGIN and MAX_SESSIONS_PER_ACCOUNT; unset, the app's defaults. */
  trustProxy?: boolean;
  publicOrigin?: string;
  maxSessionsPerAccount?: number;
  /** The sign-in and registration throttles and the scrypt queue; unset, the app's defaults. */
  throttleLimits?: ThrottleLimits;
  passwordHashing?: PasswordHasherLimits;
  /** Reuse this data directory (a restart on the same DATA_DIR); it is then not deleted on close. */
  dataDir?: string;
  /** The site listener's timeouts and connection cap (HEADERS_TIMEOUT_SECONDS and friends). */
  serverLimits?: Partial<ServerLimits>;
  /** MAX_SOCKETS_PER_GAME and the other socket limits; unset, the app's defaults. */
  socketLimits?: Partial<SocketLimits>;
}

export async function startTestSite({
  heartbeatIntervalSeconds = 15,
  heartbeatMissedLimit = 3,
  clock,
  demoFaults = false,
  trustProxy,
  publicOrigin,
  maxSessionsPerAccount,
  serverLimits,
  throttleLimits,
  passwordHashing,
  socketLimits,
  dataDir: reuse,
}: TestSiteOptions = {}): Promise<TestSite> {
  const dataDir = reuse ?? mkdtempSync(join(tmpdir(), 'grapevine-test-'));
  const logs: LogLine[] = [];
  const { siteUrl, ...site } = await startSiteProcess({
    config: {
      host: '127.0.0.1',
      port: 0,
      metricsPort: 0,
      databaseFile: join(dataDir, 'grapevine.sqlite'),
      sessionSecret: 'test-secret-that-is-long-enough-for-hmac',
      heartbeatIntervalSeconds,
      heartbeatMissedLimit,
      demoFaults,
      trustProxy,
      publicOrigin,
      maxSessionsPerAccount,
      serverLimits,
      throttleLimits,
      passwordHashing,
      socketLimits,
    },
    log: createLogger((line) => logs.push(line)),
    clock,
    graceMs: 1_000,
  });

  const scrape = async (accept?: string): Promise<string> => {
    const response = await fetch(site.metricsUrl, { headers: accept === undefined ? {} : { accept } });
    return response.text();
  };
  const samples = async (): Promise<Sample[]> => parseExposition(await scrape());

  return {
    ...site,
    url: siteUrl,
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
    rows: (table) => site.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number,
    async close() {
      await site.close();
      if (reuse === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One site for the enclosing describe(): started in before(), closed in after(). The object it
 * returns is filled in by before(), so tests read it as they would a started site.
 */
export function useTestSite(options: TestSiteOptions = {}): TestSite {
  const site = {} as TestSite;
  before(async () => {
    Object.assign(site, await startTestSite(options));
  });
  // Nothing to close when before() failed to start it.
  after(async () => {
    if ('close' in site) await site.close();
  });
  return site;
}
