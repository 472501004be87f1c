// The secret that signs session cookies. Given through SESSION_SECRET, or generated once and kept
// in the data directory, so sessions survive restarts without anyone having to invent a secret.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIN_SESSION_SECRET_LENGTH } from './app-config.js';

export const SESSION_SECRET_FILE_NAME = 'session-secret';

export function loadOrCreateSessionSecret(dataDir: string): string {
  const file = join(dataDir, SESSION_SECRET_FILE_NAME);
  mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx' fails when the file exists, so two replicas sharing a volume never overwrite each other's secret.
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SESSION_SECRET_LENGTH) {
    throw new Error(`${file} holds a session secret shorter than ${MIN_SESSION_SECRET_LENGTH} characters; delete it to generate a new one`);
  }
  return secret;
}
