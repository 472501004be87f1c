// The site's settings, parsed once from the environment by main.ts and passed down as a typed object.
import { join, resolve } from 'node:path';
import { createEnvReader, type EnvReader, type Environment } from '../../kernel/config/env.js';
import type { ServerLimits } from '../../kernel/http/listen.js';
import type { PasswordHasherLimits } from '../accounts/passwords.js';
import type { ThrottleLimits } from '../accounts/throttle.js';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from '../sockets/limits.js';

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
  /** The HTTP listener's limits (HEADERS_TIMEOUT_SECONDS and friends); see ServerLimits in kernel/http/listen.ts. */
  serverLimits: ServerLimits;
  /** TRUST_PROXY: believe X-Forwarded-Proto/-Host/-For (Koa's app.proxy). Only behind a proxy that sets them. */
  trustProxy: boolean;
  /** PUBLIC_ORIGIN, e.g. https://grapevine.example: the CSP's socket origin and absolute URLs. Unset: 'self' and relative. */
  publicOrigin: string | undefined;
  /** MAX_SESSIONS_PER_ACCOUNT: signing in beyond this many live sessions revokes the oldest. */
  maxSessionsPerAccount: number;
  /** Sign-in and registration throttles (SIGN_IN_FAILURES_PER_ACCOUNT and friends, one THROTTLE_WINDOW_SECONDS). */
  throttleLimits: ThrottleLimits;
  /** PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_QUEUE: the bounded scrypt queue. */
  passwordHashing: PasswordHasherLimits;
  /** MAX_SOCKETS_PER_GAME and the other socket limits (sockets/limits.ts). */
  socketLimits: SocketLimits;
  /** BUS_URL, e.g. redis://valkey:6379: the Valkey (or Redis) replicas share presence and broadcasts through. Unset: one process, an in-process bus. */
  busUrl: string | undefined;
  /** METRICS_GC_DURATION: nodejs_gc_duration_seconds, whose GC observer costs CPU on every collection (kernel/metrics/registry.ts). */
  gcDurationMetric: boolean;
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
  // On: every metric the app exports by default; BENCHMARKS.md has the price of the GC observer.
  gcDurationMetric: true,
  headersTimeoutSeconds: 10,
  requestTimeoutSeconds: 30,
  keepAliveTimeoutSeconds: 5,
  maxConnections: 1_000,
  trustProxy: false,
  maxSessionsPerAccount: 10,
  // Failures per account are few (a person mistypes a few times, a guesser thousands); per address
  // they are many, so a classroom behind one NAT, the tests and `npm run traffic` on 127.0.0.1 are
  // never refused (measured: `npm run traffic -- --rate 200 --users 200` makes ~200 registrations and
  // 90 to 130 wrong-password probes in 30 s from one address). Successful sign-ins never count.
  throttleWindowSeconds: 300,
  signInFailuresPerAccount: 10,
  signInFailuresPerAddress: 3_000,
  registerFailuresPerAccount: 10,
  registrationsPerAddress: 3_000,
  passwordHashConcurrency: 4,
  passwordHashQueue: 100,
  maxSocketsPerGame: DEFAULT_SOCKET_LIMITS.maxSocketsPerGame,
  maxPlayersPerGame: DEFAULT_SOCKET_LIMITS.maxPlayersPerGame,
  maxChannelsPerSocket: DEFAULT_SOCKET_LIMITS.maxChannelsPerSocket,
  socketMessagesPerSecond: DEFAULT_SOCKET_LIMITS.messagesPerSecond,
  socketMessageBurst: DEFAULT_SOCKET_LIMITS.messageBurst,
  socketRateRefusalsBeforeClose: DEFAULT_SOCKET_LIMITS.rateRefusalsBeforeClose,
  socketAuthTimeoutSeconds: DEFAULT_SOCKET_LIMITS.authTimeoutMs / 1000,
  maxUnauthenticatedSockets: DEFAULT_SOCKET_LIMITS.maxUnauthenticatedSockets,
  maxWebSocketsPerSession: DEFAULT_SOCKET_LIMITS.maxWebSocketsPerSession,
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
  const serverLimits: ServerLimits = {
    // Fractions, again, so tests can watch a slow client be cut off.
    headersTimeoutMs: read.number('HEADERS_TIMEOUT_SECONDS', APP_DEFAULTS.headersTimeoutSeconds, { min: 0.05, max: 3_600 }) * 1000,
    requestTimeoutMs: read.number('REQUEST_TIMEOUT_SECONDS', APP_DEFAULTS.requestTimeoutSeconds, { min: 0.05, max: 3_600 }) * 1000,
    keepAliveTimeoutMs: read.number('KEEP_ALIVE_TIMEOUT_SECONDS', APP_DEFAULTS.keepAliveTimeoutSeconds, { min: 0.05, max: 3_600 }) * 1000,
    maxConnections: read.integer('MAX_CONNECTIONS', APP_DEFAULTS.maxConnections, { min: 1, max: 1_000_000 }),
  };
  if (serverLimits.headersTimeoutMs > serverLimits.requestTimeoutMs) {
    read.problem(
      `HEADERS_TIMEOUT_SECONDS (${serverLimits.headersTimeoutMs / 1000}) must not be longer than REQUEST_TIMEOUT_SECONDS (${serverLimits.requestTimeoutMs / 1000}): the headers are part of the request`,
    );
  }
  const trustProxy = read.boolean('TRUST_PROXY', APP_DEFAULTS.trustProxy);
  const gcDurationMetric = read.boolean('METRICS_GC_DURATION', APP_DEFAULTS.gcDurationMetric);
  const publicOrigin = read.optionalString('PUBLIC_ORIGIN', originProblem);
  const maxSessionsPerAccount = read.integer('MAX_SESSIONS_PER_ACCOUNT', APP_DEFAULTS.maxSessionsPerAccount, { min: 1, max: 1_000 });
  const windowSeconds = read.integer('THROTTLE_WINDOW_SECONDS', APP_DEFAULTS.throttleWindowSeconds, { min: 1, max: 86_400 });
  const attempts = (key: string, fallback: number): number => read.integer(key, fallback, { min: 1, max: 1_000_000 });
  const throttleLimits: ThrottleLimits = {
    signInAccount: { limit: attempts('SIGN_IN_FAILURES_PER_ACCOUNT', APP_DEFAULTS.signInFailuresPerAccount), windowSeconds },
    signInAddress: { limit: attempts('SIGN_IN_FAILURES_PER_ADDRESS', APP_DEFAULTS.signInFailuresPerAddress), windowSeconds },
    registerAccount: { limit: attempts('REGISTER_FAILURES_PER_ACCOUNT', APP_DEFAULTS.registerFailuresPerAccount), windowSeconds },
    registerAddress: { limit: attempts('REGISTRATIONS_PER_ADDRESS', APP_DEFAULTS.registrationsPerAddress), windowSeconds },
  };
  const passwordHashing: PasswordHasherLimits = {
    concurrency: read.integer('PASSWORD_HASH_CONCURRENCY', APP_DEFAULTS.passwordHashConcurrency, { min: 1, max: 256 }),
    queue: read.integer('PASSWORD_HASH_QUEUE', APP_DEFAULTS.passwordHashQueue, { min: 0, max: 100_000 }),
  };
  const socketLimits = parseSocketLimits(read);
  const busUrl = read.optionalString('BUS_URL', busUrlProblem);
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
    serverLimits,
    trustProxy,
    publicOrigin: publicOrigin === undefined ? undefined : new URL(publicOrigin).origin,
    maxSessionsPerAccount,
    throttleLimits,
    gcDurationMetric,
    passwordHashing,
    socketLimits,
    busUrl,
  };
}

function busUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be a URL such as redis://valkey:6379, got ${JSON.stringify(value)}`;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    return `must start with redis:// (or rediss:// for TLS), the scheme Valkey and Redis share; got ${JSON.stringify(url.protocol)}`;
  }
  return undefined;
}

function parseSocketLimits(read: EnvReader): SocketLimits {
  return {
    maxSocketsPerGame: read.integer('MAX_SOCKETS_PER_GAME', APP_DEFAULTS.maxSocketsPerGame, { min: 1, max: 1_000 }),
    maxPlayersPerGame: read.integer('MAX_PLAYERS_PER_GAME', APP_DEFAULTS.maxPlayersPerGame, { min: 1, max: 100_000 }),
    maxChannelsPerSocket: read.integer('MAX_CHANNELS_PER_SOCKET', APP_DEFAULTS.maxChannelsPerSocket, { min: 1, max: 1_000 }),
    // Fractions allowed, so a test can watch the bucket refill slowly.
    messagesPerSecond: read.number('SOCKET_MESSAGES_PER_SECOND', APP_DEFAULTS.socketMessagesPerSecond, { min: 0.1, max: 10_000 }),
    messageBurst: read.integer('SOCKET_MESSAGE_BURST', APP_DEFAULTS.socketMessageBurst, { min: 1, max: 100_000 }),
    rateRefusalsBeforeClose: read.integer('SOCKET_RATE_REFUSALS_BEFORE_CLOSE', APP_DEFAULTS.socketRateRefusalsBeforeClose, {
      min: 1,
      max: 100_000,
    }),
    // Fractions, again, so tests can watch a silent socket be cut off.
    authTimeoutMs: read.number('SOCKET_AUTH_TIMEOUT_SECONDS', APP_DEFAULTS.socketAuthTimeoutSeconds, { min: 0.05, max: 600 }) * 1000,
    maxUnauthenticatedSockets: read.integer('MAX_UNAUTHENTICATED_SOCKETS', APP_DEFAULTS.maxUnauthenticatedSockets, {
      min: 1,
      max: 1_000_000,
    }),
    maxWebSocketsPerSession: read.integer('MAX_WEB_SOCKETS_PER_SESSION', APP_DEFAULTS.maxWebSocketsPerSession, { min: 1, max: 1_000 }),
  };
}

/** An origin is a scheme, a host and maybe a port: http(s) only, nothing after it but an optional "/". */
function originProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an origin such as https://grapevine.example, got ${JSON.stringify(value)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must start with http:// or https://, got ${JSON.stringify(value)}`;
  if (url.origin + '/' !== url.href || url.username !== '' || url.password !== '') {
    return `must be just an origin (scheme, host, port), with no path, query or credentials, got ${JSON.stringify(value)}`;
  }
  return undefined;
}
