// The bearer token POST /webhook requires. It lives in a file, never in the environment or the
// repository: the inbox creates it (random) on first start, and Alertmanager reads the same file
// through `http_config.authorization.credentials_file`. In compose, both mount the
// `inbox-secrets` volume (Alertmanager read-only), so the token is generated per installation.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../kernel/config/env.js';

export const MIN_WEBHOOK_TOKEN_LENGTH = 32;

// Owner read-write, group read: the inbox (uid 1000, group 1000 in the app image) writes it, and
// Alertmanager (nobody, 65534) reads it through the group compose adds it to (group_add: "1000").
export const WEBHOOK_TOKEN_FILE_MODE = 0o640;

/** Reads the token from `file`, creating the file with a fresh random token first if it is missing. */
export function loadOrCreateWebhookToken(file: string): string {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o750 });
    createOnce(file);
    // Alertmanager trims whitespace from credentials files too, so a hand-written file with a newline works.
    const token = readFileSync(file, 'utf8').trim();
    if (token.length < MIN_WEBHOOK_TOKEN_LENGTH || /\s/.test(token)) {
      throw new ConfigError([
        `${file} must hold one token of at least ${MIN_WEBHOOK_TOKEN_LENGTH} characters without spaces; delete it to generate a new one`,
      ]);
    }
    return token;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // EEXIST here is mkdir's: something that is not a directory sits where the directory should be.
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EEXIST') {
      throw new ConfigError([
        `INBOX_WEBHOOK_TOKEN_FILE ${file} cannot be created or read by this process (uid ${process.getuid?.() ?? '?'}): ${(error as Error).message}`,
      ]);
    }
    throw error;
  }
}

/**
 * A private temporary file linked into place: the link is atomic and fails when the file exists,
 * so two inboxes starting on one volume agree on one token, and none reads a half-written file.
 */
function createOnce(file: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: WEBHOOK_TOKEN_FILE_MODE });
  try {
    // The mode given to writeFileSync passes through the umask; set it exactly.
    chmodSync(temporary, WEBHOOK_TOKEN_FILE_MODE);
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Whether an Authorization header carries `Bearer <token>`. Both sides are hashed first, so the
 * comparison takes the same time whatever the length or the first wrong character.
 */
export function hasBearerToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(authorization ?? '');
  if (!match) return false;
  return timingSafeEqual(sha256(match[1]), sha256(token));
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
