// The site's settings, parsed once from the environment by main.ts and passed down as a typed object.
import { join, resolve } from 'node:path';
import { createEnvReader, type Environment } from '../../kernel/config/env.js';

export interface ParsedConfig {
  host: string;
  /** The public site: pages, JSON API, sockets, health. */
  port: number;
  /** The private /metrics listener, kept off the public port. */
  metricsPort: number;
  dataDir: string;
  databaseFile: string;
  /** From SESSION_SECRET, or undefined: loadAppConfig (load.ts) then generates one and keeps it in dataDir. */
  sessionSecret: string | undefined;
  /** How often the server sends each authenticated game a `heartbeat` (Grapevine: 15 s). */
  heartbeatIntervalSeconds: number;
  /** Unanswered heartbeats in a row after which a game socket is closed with 4001 (Grapevine: 3). */
  heartbeatMissedLimit: number;
  /** Mounts GET /demo/slow and GET /demo/error (app/site/demo/faults.ts), so the alert demos have something to fire on. */
  demoFaults: boolean;
}

/** What the app runs with: the parsed environment, with a session secret for sure. */
export type AppConfig = Omit<ParsedConfig, 'sessionSecret'> & { sessionSecret: string };

export const DATABASE_FILE_NAME = 'grapevine.sqlite';
export const MIN_SESSION_SECRET_LENGTH = 32;

export const APP_DEFAULTS = {
  host: '127.0.0.1',
  port: 4100,
  metricsPort: 4101,
  dataDir: './data',
  // Grapevine's own: a heartbeat every 15 s, three unanswered ones close the socket.
  heartbeatIntervalSeconds: 15,
  heartbeatMissedLimit: 3,
  // Off unless asked for: a deliberately slow and failing route has no place outside a workshop.
  demoFaults: false,
} as const;

/** Throws a ConfigError naming every bad key. Reads nothing but `env`. */
export function parseAppConfig(env: Environment): ParsedConfig {
  const read = createEnvReader(env);
  const host = read.string('HOST', APP_DEFAULTS.host);
  const port = read.port('PORT', APP_DEFAULTS.port);
  const metricsPort = read.port('METRICS_PORT', APP_DEFAULTS.metricsPort);
  const dataDir = resolve(read.string('DATA_DIR', APP_DEFAULTS.dataDir));
  const sessionSecret = read.optionalString('SESSION_SECRET', (value) =>
    value.length < MIN_SESSION_SECRET_LENGTH
      ? `must be at least ${MIN_SESSION_SECRET_LENGTH} characters (it signs session cookies), got ${value.length}`
      : undefined,
  );
  const heartbeatIntervalSeconds = read.number('HEARTBEAT_INTERVAL_SECONDS', APP_DEFAULTS.heartbeatIntervalSeconds, {
    // Fractions are allowed so tests can watch heartbeats go by; an hour is plenty for any game.
    min: 0.05,
    max: 3_600,
  });
  const heartbeatMissedLimit = read.number('HEARTBEAT_MISSED_LIMIT', APP_DEFAULTS.heartbeatMissedLimit, { min: 1, max: 100 });
  if (!Number.isInteger(heartbeatMissedLimit)) {
    read.problem(`HEARTBEAT_MISSED_LIMIT must be a whole number of heartbeats, got ${heartbeatMissedLimit}`);
  }
  const demoFaults = read.boolean('DEMO_FAULTS', APP_DEFAULTS.demoFaults);
  if (port !== 0 && port === metricsPort) {
    read.problem(`PORT and METRICS_PORT must differ (both are ${port}): /metrics has its own listener`);
  }
  read.done();
  return {
    host,
    port,
    metricsPort,
    dataDir,
    databaseFile: join(dataDir, DATABASE_FILE_NAME),
    sessionSecret,
    heartbeatIntervalSeconds,
    heartbeatMissedLimit,
    demoFaults,
  };
}
