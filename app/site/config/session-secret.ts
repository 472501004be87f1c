// The secret that signs session cookies. Given through SESSION_SECRET, or generated once and kept
// in the data directory, so sessions survive restarts without anyone having to invent a secret.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIN_SESSION_SECRET_LENGTH } from './app-config.js';
import { ConfigError } from '../../kernel/config/env.js';

export const SESSION_SECRET_FILE_NAME = 'session-secret';

export function loadOrCreateSessionSecret(dataDir: string): string {
  const file = join(dataDir, SESSION_SECRET_FILE_NAME);
  try {
    mkdirSync(dataDir, { recursive: true });
    createOnce(file);
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length < MIN_SESSION_SECRET_LENGTH) {
      throw new ConfigError([
        `${file} holds a session secret shorter than ${MIN_SESSION_SECRET_LENGTH} characters; delete it to generate a new one`,
      ]);
    }
    return secret;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR') {
      // Typically a volume or folder owned by another user (see the README's "Volume permissions").
      throw new ConfigError([
        `DATA_DIR ${dataDir} cannot be used as a writable folder by this process (uid ${process.getuid?.() ?? '?'}): ${(error as Error).message}`,
      ]);
    }
    throw error;
  }
}

/**
 * Writes a fresh secret to a private temporary file, then links it into place: the link is atomic
 * and fails when the file exists, so replicas sharing a volume agree on one secret and none can
 * read a file another is still writing.
 */
function createOnce(file: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, `${randomBytes(48).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}
