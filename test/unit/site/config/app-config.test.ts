// The environment is read once, and a bad one is reported all at once, key by key.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { APP_DEFAULTS, parseAppConfig } from '../../../../app/site/config/app-config.js';
import { ConfigError } from '../../../../app/kernel/config/env.js';
import { loadAppConfig } from '../../../../app/site/config/load.js';
import { SESSION_SECRET_FILE_NAME } from '../../../../app/site/config/session-secret.js';

describe('parseAppConfig', () => {
  test('an empty environment gives the documented defaults', () => {
    const config = parseAppConfig({});
    assert.deepEqual(config, {
      host: '127.0.0.1',
      port: 4100,
      metricsPort: 4101,
      dataDir: resolve('./data'),
      databaseFile: join(resolve('./data'), 'grapevine.sqlite'),
      sessionSecret: undefined,
      heartbeatIntervalSeconds: APP_DEFAULTS.heartbeatIntervalSeconds,
      heartbeatMissedLimit: APP_DEFAULTS.heartbeatMissedLimit,
      demoFaults: false,
      serverLimits: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_000 },
      trustProxy: false,
      publicOrigin: undefined,
      maxSessionsPerAccount: 10,
      throttleLimits: {
        signInAccount: { limit: 10, windowSeconds: 300 },
        signInAddress: { limit: 3_000, windowSeconds: 300 },
        registerAccount: { limit: 10, windowSeconds: 300 },
        registerAddress: { limit: 3_000, windowSeconds: 300 },
      },
      passwordHashing: { concurrency: 4, queue: 100 },
      socketLimits: {
        maxSocketsPerGame: 5,
        maxPlayersPerGame: 1_000,
        maxChannelsPerSocket: 25,
        messagesPerSecond: 10,
        messageBurst: 20,
        rateRefusalsBeforeClose: 10,
        authTimeoutMs: 5_000,
        maxUnauthenticatedSockets: 100,
        maxWebSocketsPerSession: 10,
      },
      busUrl: undefined,
      gcDurationMetric: true,
    });
  });

  test('METRICS_GC_DURATION turns the GC duration metric off, and only a boolean is taken', () => {
    assert.equal(parseAppConfig({ METRICS_GC_DURATION: 'false' }).gcDurationMetric, false);
    assert.equal(parseAppConfig({ METRICS_GC_DURATION: 'on' }).gcDurationMetric, true);
    assert.throws(() => parseAppConfig({ METRICS_GC_DURATION: 'sometimes' }), /METRICS_GC_DURATION must be true or false/);
  });

  test('reads the HTTP limits, TRUST_PROXY, PUBLIC_ORIGIN and MAX_SESSIONS_PER_ACCOUNT', () => {
    const config = parseAppConfig({
      HEADERS_TIMEOUT_SECONDS: '2',
      REQUEST_TIMEOUT_SECONDS: '20',
      KEEP_ALIVE_TIMEOUT_SECONDS: '0.5',
      MAX_CONNECTIONS: '50',
      TRUST_PROXY: 'yes',
      PUBLIC_ORIGIN: 'https://grapevine.example/',
      MAX_SESSIONS_PER_ACCOUNT: '3',
    });
    assert.deepEqual(config.serverLimits, {
      headersTimeoutMs: 2_000,
      requestTimeoutMs: 20_000,
      keepAliveTimeoutMs: 500,
      maxConnections: 50,
    });
    assert.equal(config.trustProxy, true);
    assert.equal(config.publicOrigin, 'https://grapevine.example');
    assert.equal(config.maxSessionsPerAccount, 3);
  });

  test('bad HTTP limits, origins and session caps are refused, each naming its key', () => {
    const error = captureConfigError({
      HEADERS_TIMEOUT_SECONDS: 'soon',
      REQUEST_TIMEOUT_SECONDS: '0',
      KEEP_ALIVE_TIMEOUT_SECONDS: '-1',
      MAX_CONNECTIONS: '2.5',
      TRUST_PROXY: 'perhaps',
      PUBLIC_ORIGIN: 'https://grapevine.example/app',
      MAX_SESSIONS_PER_ACCOUNT: '0',
    });
    assert.deepEqual(error.problems, [
      'HEADERS_TIMEOUT_SECONDS must be a number from 0.05 to 3600, got "soon"',
      'REQUEST_TIMEOUT_SECONDS must be a number from 0.05 to 3600, got "0"',
      'KEEP_ALIVE_TIMEOUT_SECONDS must be a number from 0.05 to 3600, got "-1"',
      'MAX_CONNECTIONS must be a whole number from 1 to 1000000, got "2.5"',
      'TRUST_PROXY must be true or false (1/0, yes/no and on/off work too), got "perhaps"',
      'PUBLIC_ORIGIN must be just an origin (scheme, host, port), with no path, query or credentials, got "https://grapevine.example/app"',
      'MAX_SESSIONS_PER_ACCOUNT must be a whole number from 1 to 1000, got "0"',
    ]);
    assert.deepEqual(captureConfigError({ PUBLIC_ORIGIN: 'grapevine.example' }).problems, [
      'PUBLIC_ORIGIN must be an origin such as https://grapevine.example, got "grapevine.example"',
    ]);
    assert.deepEqual(captureConfigError({ PUBLIC_ORIGIN: 'ftp://grapevine.example' }).problems, [
      'PUBLIC_ORIGIN must start with http:// or https://, got "ftp://grapevine.example"',
    ]);
  });

  test('BUS_URL: a redis:// URL for replicas, refused in words when it is anything else', () => {
    assert.equal(parseAppConfig({ BUS_URL: 'redis://valkey:6379' }).busUrl, 'redis://valkey:6379');
    assert.deepEqual(captureConfigError({ BUS_URL: 'http://valkey:6379' }).problems, [
      'BUS_URL must start with redis:// (or rediss:// for TLS), the scheme Valkey and Redis share; got "http:"',
    ]);
    assert.deepEqual(captureConfigError({ BUS_URL: 'valkey' }).problems, [
      'BUS_URL must be a URL such as redis://valkey:6379, got "valkey"',
    ]);
  });

  test('reads the sign-in and registration throttles and the password queue', () => {
    const config = parseAppConfig({
      THROTTLE_WINDOW_SECONDS: '60',
      SIGN_IN_FAILURES_PER_ACCOUNT: '3',
      SIGN_IN_FAILURES_PER_ADDRESS: '30',
      REGISTER_FAILURES_PER_ACCOUNT: '4',
      REGISTRATIONS_PER_ADDRESS: '40',
      PASSWORD_HASH_CONCURRENCY: '2',
      PASSWORD_HASH_QUEUE: '0',
    });
    assert.deepEqual(config.throttleLimits, {
      signInAccount: { limit: 3, windowSeconds: 60 },
      signInAddress: { limit: 30, windowSeconds: 60 },
      registerAccount: { limit: 4, windowSeconds: 60 },
      registerAddress: { limit: 40, windowSeconds: 60 },
    });
    assert.deepEqual(config.passwordHashing, { concurrency: 2, queue: 0 });
  });

  test('bad throttle and password queue settings are refused, each naming its key', () => {
    const error = captureConfigError({
      THROTTLE_WINDOW_SECONDS: '0',
      SIGN_IN_FAILURES_PER_ACCOUNT: 'ten',
      SIGN_IN_FAILURES_PER_ADDRESS: '-5',
      REGISTER_FAILURES_PER_ACCOUNT: '1.5',
      REGISTRATIONS_PER_ADDRESS: '0',
      PASSWORD_HASH_CONCURRENCY: '0',
      PASSWORD_HASH_QUEUE: 'lots',
    });
    assert.deepEqual(error.problems, [
      'THROTTLE_WINDOW_SECONDS must be a whole number from 1 to 86400, got "0"',
      'SIGN_IN_FAILURES_PER_ACCOUNT must be a whole number from 1 to 1000000, got "ten"',
      'SIGN_IN_FAILURES_PER_ADDRESS must be a whole number from 1 to 1000000, got "-5"',
      'REGISTER_FAILURES_PER_ACCOUNT must be a whole number from 1 to 1000000, got "1.5"',
      'REGISTRATIONS_PER_ADDRESS must be a whole number from 1 to 1000000, got "0"',
      'PASSWORD_HASH_CONCURRENCY must be a whole number from 1 to 256, got "0"',
      'PASSWORD_HASH_QUEUE must be a whole number from 0 to 100000, got "lots"',
    ]);
  });

  test('reads the socket limits', () => {
    const config = parseAppConfig({
      MAX_SOCKETS_PER_GAME: '2',
      MAX_PLAYERS_PER_GAME: '50',
      MAX_CHANNELS_PER_SOCKET: '3',
      SOCKET_MESSAGES_PER_SECOND: '0.5',
      SOCKET_MESSAGE_BURST: '4',
      SOCKET_RATE_REFUSALS_BEFORE_CLOSE: '6',
      SOCKET_AUTH_TIMEOUT_SECONDS: '1.5',
      MAX_UNAUTHENTICATED_SOCKETS: '7',
      MAX_WEB_SOCKETS_PER_SESSION: '3',
    });
    assert.deepEqual(config.socketLimits, {
      maxSocketsPerGame: 2,
      maxPlayersPerGame: 50,
      maxChannelsPerSocket: 3,
      messagesPerSecond: 0.5,
      messageBurst: 4,
      rateRefusalsBeforeClose: 6,
      authTimeoutMs: 1_500,
      maxUnauthenticatedSockets: 7,
      maxWebSocketsPerSession: 3,
    });
  });

  test('bad socket limits are refused, each naming its key', () => {
    const error = captureConfigError({
      MAX_SOCKETS_PER_GAME: '0',
      MAX_PLAYERS_PER_GAME: 'many',
      MAX_CHANNELS_PER_SOCKET: '2.5',
      SOCKET_MESSAGES_PER_SECOND: '0',
      SOCKET_MESSAGE_BURST: '-1',
      SOCKET_RATE_REFUSALS_BEFORE_CLOSE: '0',
      SOCKET_AUTH_TIMEOUT_SECONDS: 'never',
      MAX_UNAUTHENTICATED_SOCKETS: '0',
      MAX_WEB_SOCKETS_PER_SESSION: '1001',
    });
    assert.deepEqual(error.problems, [
      'MAX_SOCKETS_PER_GAME must be a whole number from 1 to 1000, got "0"',
      'MAX_PLAYERS_PER_GAME must be a whole number from 1 to 100000, got "many"',
      'MAX_CHANNELS_PER_SOCKET must be a whole number from 1 to 1000, got "2.5"',
      'SOCKET_MESSAGES_PER_SECOND must be a number from 0.1 to 10000, got "0"',
      'SOCKET_MESSAGE_BURST must be a whole number from 1 to 100000, got "-1"',
      'SOCKET_RATE_REFUSALS_BEFORE_CLOSE must be a whole number from 1 to 100000, got "0"',
      'SOCKET_AUTH_TIMEOUT_SECONDS must be a number from 0.05 to 600, got "never"',
      'MAX_UNAUTHENTICATED_SOCKETS must be a whole number from 1 to 1000000, got "0"',
      'MAX_WEB_SOCKETS_PER_SESSION must be a whole number from 1 to 1000, got "1001"',
    ]);
  });

  test('a headers timeout longer than the request timeout is refused', () => {
    const error = captureConfigError({ HEADERS_TIMEOUT_SECONDS: '40', REQUEST_TIMEOUT_SECONDS: '30' });
    assert.deepEqual(error.problems, [
      'HEADERS_TIMEOUT_SECONDS (40) must not be longer than REQUEST_TIMEOUT_SECONDS (30): the headers are part of the request',
    ]);
  });

  test('reads every key it knows', () => {
    const config = parseAppConfig({
      HOST: '0.0.0.0',
      PORT: '8080',
      METRICS_PORT: '9100',
      DATA_DIR: '/var/lib/grapevine',
      SESSION_SECRET: 's'.repeat(40),
      HEARTBEAT_INTERVAL_SECONDS: '2.5',
      HEARTBEAT_MISSED_LIMIT: '5',
      DEMO_FAULTS: 'true',
    });
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.port, 8080);
    assert.equal(config.metricsPort, 9100);
    assert.equal(config.databaseFile, '/var/lib/grapevine/grapevine.sqlite');
    assert.equal(config.sessionSecret, 's'.repeat(40));
    assert.equal(config.heartbeatIntervalSeconds, 2.5);
    assert.equal(config.heartbeatMissedLimit, 5);
    assert.equal(config.demoFaults, true);
  });

  test('DEMO_FAULTS takes the usual spellings of a boolean, in any case', () => {
    for (const on of ['true', 'TRUE', ' True ', '1', 'yes', 'on']) assert.equal(parseAppConfig({ DEMO_FAULTS: on }).demoFaults, true, on);
    for (const off of ['false', 'False', '0', 'no', 'off', '']) assert.equal(parseAppConfig({ DEMO_FAULTS: off }).demoFaults, false, off);
  });

  test('DEMO_FAULTS=maybe is refused, saying what would do', () => {
    const error = captureConfigError({ DEMO_FAULTS: 'maybe' });
    assert.deepEqual(error.problems, ['DEMO_FAULTS must be true or false (1/0, yes/no and on/off work too), got "maybe"']);
  });

  test('port 0 (any free port) is allowed for both listeners', () => {
    const config = parseAppConfig({ PORT: '0', METRICS_PORT: '0' });
    assert.equal(config.port, 0);
    assert.equal(config.metricsPort, 0);
  });

  test('names every bad key in one error', () => {
    const error = captureConfigError({
      PORT: 'eighty',
      METRICS_PORT: '70000',
      HOST: '   ',
      DATA_DIR: '',
      SESSION_SECRET: 'too-short',
      HEARTBEAT_INTERVAL_SECONDS: '-5',
    });
    assert.deepEqual(error.problems, [
      'HOST must not be blank (leave it unset for the default "127.0.0.1")',
      'PORT must be a TCP port number from 0 to 65535, got "eighty"',
      'METRICS_PORT must be a TCP port number from 0 to 65535, got "70000"',
      'DATA_DIR must not be blank (leave it unset for the default "./data")',
      'SESSION_SECRET must be at least 32 characters (it signs session cookies), got 9',
      'HEARTBEAT_INTERVAL_SECONDS must be a number from 0.05 to 3600, got "-5"',
    ]);
    assert.match(error.message, /^invalid configuration:\n {2}HOST/);
  });

  test('HEARTBEAT_MISSED_LIMIT is a whole number from 1 to 100', () => {
    assert.deepEqual(captureConfigError({ HEARTBEAT_MISSED_LIMIT: '2.5' }).problems, [
      'HEARTBEAT_MISSED_LIMIT must be a whole number of heartbeats, got 2.5',
    ]);
    assert.deepEqual(captureConfigError({ HEARTBEAT_MISSED_LIMIT: '0' }).problems, [
      'HEARTBEAT_MISSED_LIMIT must be a number from 1 to 100, got "0"',
    ]);
  });

  test('the site and /metrics cannot share a port', () => {
    const error = captureConfigError({ PORT: '5000', METRICS_PORT: '5000' });
    assert.deepEqual(error.problems, ['PORT and METRICS_PORT must differ (both are 5000): /metrics has its own listener']);
  });

  test('rejects ports with trailing junk and heartbeats that are not numbers', () => {
    const error = captureConfigError({ PORT: '80abc', HEARTBEAT_INTERVAL_SECONDS: 'soon' });
    assert.equal(error.problems.length, 2);
  });
});

describe('loadAppConfig', () => {
  test('generates a session secret into DATA_DIR once, keeps it private, and reuses it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'grapevine-config-'));
    try {
      const first = loadAppConfig({ DATA_DIR: dataDir });
      assert.ok(first.sessionSecret.length >= 32);
      const file = join(dataDir, SESSION_SECRET_FILE_NAME);
      assert.equal(readFileSync(file, 'utf8').trim(), first.sessionSecret);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(loadAppConfig({ DATA_DIR: dataDir }).sessionSecret, first.sessionSecret);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('SESSION_SECRET wins over the file, and no file is written', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'grapevine-config-'));
    try {
      const config = loadAppConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'e'.repeat(32) });
      assert.equal(config.sessionSecret, 'e'.repeat(32));
      assert.throws(() => statSync(join(dataDir, SESSION_SECRET_FILE_NAME)));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a DATA_DIR that cannot be a writable folder is one clear configuration error, and no temporary file is left', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'grapevine-config-'));
    try {
      const notAFolder = join(dataDir, 'file');
      writeFileSync(notAFolder, '');
      assert.throws(
        () => loadAppConfig({ DATA_DIR: join(notAFolder, 'data') }),
        (error: unknown) => error instanceof ConfigError && /DATA_DIR .* cannot be used as a writable folder/.test(error.message),
      );
      loadAppConfig({ DATA_DIR: dataDir });
      assert.deepEqual(readdirSync(dataDir).sort(), ['file', SESSION_SECRET_FILE_NAME]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a secret file that was tampered down to a short value is refused with advice', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'grapevine-config-'));
    try {
      writeFileSync(join(dataDir, SESSION_SECRET_FILE_NAME), 'short\n');
      assert.throws(() => loadAppConfig({ DATA_DIR: dataDir }), /delete it to generate a new one/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

function captureConfigError(env: Record<string, string>): ConfigError {
  try {
    parseAppConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error;
  }
  assert.fail('expected a ConfigError');
}
