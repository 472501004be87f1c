// The inbox's settings, parsed once from the environment by main.ts. Every bad key is reported at
// once (a ConfigError lists them all), so a misconfigured container says it in its first log line.
import { join, resolve } from 'node:path';
import { createEnvReader, type Environment } from '../kernel/config/env.js';
import { INBOX_DB_FILE } from './database.js';

export interface InboxConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseFile: string;
  /** Largest webhook body accepted. Alertmanager sends about 1.5 KiB per alert; 1 MiB holds big groups. */
  bodyLimitBytes: number;
}

export const INBOX_DEFAULTS = {
  host: '127.0.0.1',
  port: 4200,
  dataDir: './data',
  bodyLimitBytes: 1024 * 1024,
} as const;

/** Throws a ConfigError naming every bad key. Reads nothing but `env`. */
export function parseInboxConfig(env: Environment): InboxConfig {
  const read = createEnvReader(env);
  const host = read.string('HOST', INBOX_DEFAULTS.host);
  const port = read.port('INBOX_PORT', INBOX_DEFAULTS.port);
  const dataDir = resolve(read.string('DATA_DIR', INBOX_DEFAULTS.dataDir));
  read.done();
  return { host, port, dataDir, databaseFile: join(dataDir, INBOX_DB_FILE), bodyLimitBytes: INBOX_DEFAULTS.bodyLimitBytes };
}
