// From the environment to a complete AppConfig: parse (pure), then fill in the session secret
// from the data directory when none was given.
import { parseAppConfig, type AppConfig } from './app-config.js';
import type { Environment } from '../../kernel/config/env.js';
import { loadOrCreateSessionSecret } from './session-secret.js';

export function loadAppConfig(env: Environment): AppConfig {
  const parsed = parseAppConfig(env);
  return { ...parsed, sessionSecret: parsed.sessionSecret ?? loadOrCreateSessionSecret(parsed.dataDir) };
}
