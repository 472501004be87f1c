// Sign-in and registration throttling: a sliding window per account (the username typed, whether or
// not it exists, so the answer never tells which names are registered) and per client address. Each
// counted attempt is a row in throttle_attempts; a key is throttled while its window holds `limit`
// rows, until the oldest of them leaves the window (that is the Retry-After).
import type { Clock } from '../../kernel/clock.js';
import type { Database } from '../../kernel/db/open.js';

export type ThrottleAction = 'sign_in' | 'register';
export type ThrottleScope = 'account' | 'address';

export interface ThrottleRule {
  /** Attempts counted within the window before the key is refused. */
  limit: number;
  windowSeconds: number;
}

export interface ThrottleLimits {
  /** Failed sign-ins for one username. */
  signInAccount: ThrottleRule;
  /** Failed sign-ins from one client address. */
  signInAddress: ThrottleRule;
  /** Failed registrations (e.g. a taken name) for one username. */
  registerAccount: ThrottleRule;
  /** Registrations, successful or not, from one client address. */
  registerAddress: ThrottleRule;
}

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = {
  signInAccount: { limit: 10, windowSeconds: 300 },
  signInAddress: { limit: 3_000, windowSeconds: 300 },
  registerAccount: { limit: 10, windowSeconds: 300 },
  registerAddress: { limit: 3_000, windowSeconds: 300 },
};

export interface ThrottleKeys {
  /** The username as typed; compared case-insensitively. */
  account: string;
  address: string;
}

export interface Throttled {
  scope: ThrottleScope;
  retryAfterSeconds: number;
}

export interface Throttle {
  /** The first scope over its limit, if any; counts nothing. */
  check(action: ThrottleAction, keys: ThrottleKeys): Throttled | undefined;
  /** Counts one attempt against the given scopes. */
  record(action: ThrottleAction, keys: ThrottleKeys, scopes: readonly ThrottleScope[]): void;
}

/** Rows a sweep removes at most, so one request's work stays bounded. */
const SWEEP_LIMIT = 500;
/** A sign-in's username is not validated, so its key is cut to this (real usernames are at most 24 characters). */
const MAX_KEY_LENGTH = 200;

export function createThrottle(db: Database, clock: Clock, limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS): Throttle {
  const count = db.prepare<[string, number], { n: number; oldest: number | null }>(
    'SELECT COUNT(*) AS n, MIN(at_ms) AS oldest FROM throttle_attempts WHERE bucket = ? AND at_ms > ?',
  );
  const insert = db.prepare<[string, number]>('INSERT INTO throttle_attempts (bucket, at_ms) VALUES (?, ?)');
  const sweep = db.prepare<[number, number]>(
    'DELETE FROM throttle_attempts WHERE rowid IN (SELECT rowid FROM throttle_attempts WHERE at_ms <= ? LIMIT ?)',
  );
  const { signInAccount, signInAddress, registerAccount, registerAddress } = limits;
  const longestWindowMs = Math.max(
    ...[signInAccount, signInAddress, registerAccount, registerAddress].map((rule) => rule.windowSeconds * 1000),
  );

  const ruleFor = (action: ThrottleAction, scope: ThrottleScope): ThrottleRule =>
    limits[`${action === 'sign_in' ? 'signIn' : 'register'}${scope === 'account' ? 'Account' : 'Address'}`];
  const bucket = (action: ThrottleAction, scope: ThrottleScope, keys: ThrottleKeys): string =>
    `${action}:${scope}:${(scope === 'account' ? keys.account.trim().toLowerCase() : keys.address).slice(0, MAX_KEY_LENGTH)}`;

  return {
    check(action, keys) {
      const now = clock.now().getTime();
      for (const scope of ['account', 'address'] as const) {
        const rule = ruleFor(action, scope);
        const windowMs = rule.windowSeconds * 1000;
        const { n, oldest } = count.get(bucket(action, scope, keys), now - windowMs)!;
        if (n >= rule.limit && oldest !== null) {
          return { scope, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
        }
      }
      return undefined;
    },
    record(action, keys, scopes) {
      const now = clock.now().getTime();
      sweep.run(now - longestWindowMs, SWEEP_LIMIT);
      for (const scope of scopes) insert.run(bucket(action, scope, keys), now);
    },
  };
}

/** "5 minutes", "1 minute", "40 seconds": for the message a person reads. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
