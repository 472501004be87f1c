// Password hashing with scrypt (node:crypto): memory-hard, per-user random salt, and the cost
// parameters stored with each hash so they can be raised later without breaking old accounts.
// Format: scrypt$N$r$p$<salt base64url>$<hash base64url>
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 64;
const SALT_BYTES = 16;
// Node's default cost (N=2^14, 16 MiB, ~90 ms on a 2-core CI machine). Below OWASP's N=2^17 on
// purpose: this demo registers users in bursts (the traffic generator, the tests) on small machines,
// where 2^17 takes ~650 ms and 128 MiB per hash. The cost is stored with each hash, so a production
// copy can raise N without breaking existing accounts.
const DEFAULT_COST: Required<Pick<ScryptOptions, 'N' | 'r' | 'p'>> = { N: 2 ** 14, r: 8, p: 1 };

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must cover 128 * N * r bytes, or Node refuses the parameters.
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, DEFAULT_COST);
  const { N, r, p } = DEFAULT_COST;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Hashing refused because the queue is full: the caller answers "busy, try again shortly". */
export class PasswordQueueFullError extends Error {
  constructor() {
    super('Too many password checks are waiting.');
    this.name = 'PasswordQueueFullError';
  }
}

export interface PasswordHasherLimits {
  /** Hashes computed at once (scrypt runs on libuv's pool, 4 threads by default). */
  concurrency: number;
  /** Hashes waiting for a slot; beyond it, PasswordQueueFullError at once. */
  queue: number;
}

export const DEFAULT_PASSWORD_HASHER_LIMITS: PasswordHasherLimits = { concurrency: 4, queue: 100 };

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** Hashes computing and waiting right now. */
  load(): { running: number; waiting: number };
}

/**
 * hashPassword and verifyPassword behind a bounded queue: at most `concurrency` hashes in flight and
 * `queue` waiting, so a flood of bogus sign-ins is refused quickly instead of making every real one
 * wait behind it.
 */
export function createPasswordHasher(limits: PasswordHasherLimits = DEFAULT_PASSWORD_HASHER_LIMITS): PasswordHasher {
  let running = 0;
  const waiting: (() => void)[] = [];
  async function slot<T>(work: () => Promise<T>): Promise<T> {
    if (running >= limits.concurrency) {
      if (waiting.length >= limits.queue) throw new PasswordQueueFullError();
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      running++;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so `running` never exceeds the limit.
      const next = waiting.shift();
      if (next === undefined) running--;
      else next();
    }
  }
  return {
    hash: (password) => slot(() => hashPassword(password)),
    verify: (password, stored) => slot(() => verifyPassword(password, stored)),
    load: () => ({ running, waiting: waiting.length }),
  };
}
