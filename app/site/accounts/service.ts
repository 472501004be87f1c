// Registration, sign-in and sign-out. Emits the talk's account events; knows nothing of HTTP
// or metrics.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../kernel/clock.js';
import { reject, type Outcome, type Rejection } from '../outcome.js';
import type { GrapevineTelemetry } from '../telemetry/events.js';
import { createPasswordHasher, hashPassword, PasswordQueueFullError, type PasswordHasher } from './passwords.js';
import type { Account, AccountRepository } from './repository.js';
import { validateRegistration } from './rules.js';
import { createSessionEnds, type SessionEnds } from './session-ends.js';
import type { SessionRepository } from './session-repository.js';
import { describeWait, type Throttle, type ThrottleAction } from './throttle.js';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** MAX_SESSIONS_PER_ACCOUNT's default: a phone, a laptop and a few browsers, with room to spare. */
export const DEFAULT_MAX_SESSIONS_PER_ACCOUNT = 10;

/** A live session as a long-lived connection holds it: who, which session (for SessionEnds), until when. */
export interface LiveSession {
  account: Account;
  sessionId: string;
  expiresAt: Date;
}

export interface SignedIn {
  account: Account;
  /** The secret the browser keeps (in a signed cookie); only its hash is stored. */
  token: string;
}

export interface AccountService {
  /** `from.address` is the client's address, for the per-address throttle. */
  register(input: Record<string, unknown>, from?: RequestOrigin): Promise<Outcome<Account>>;
  signIn(input: Record<string, unknown>, from?: RequestOrigin): Promise<Outcome<SignedIn>>;
  /** A session for an account that just proved who it is (registration through the site). */
  startSession(account: Account): SignedIn;
  /** Ends the session if there is one; signing out twice is harmless. */
  signOut(token: string): void;
  /** Ends every session of the account this token's session belongs to; the number ended (0 for no session). */
  signOutEverywhere(token: string): number;
  accountForSession(token: string): Account | undefined;
  /** The live session behind a token, for a web chat socket that must close when it ends. */
  sessionForToken(token: string): LiveSession | undefined;
  /** Live (unexpired) sessions of an account. */
  sessionCount(account: Account): number;
}

export interface RequestOrigin {
  address: string;
}

export interface AccountServiceDeps {
  accounts: AccountRepository;
  sessions: SessionRepository;
  telemetry: GrapevineTelemetry;
  clock: Clock;
  /** Live sessions an account may have; signing in beyond it revokes the oldest. */
  maxSessionsPerAccount?: number;
  /** Sign-in and registration throttling; none when absent (tests of other things). */
  throttle?: Throttle;
  /** The bounded scrypt queue; default DEFAULT_PASSWORD_HASHER_LIMITS. */
  hasher?: PasswordHasher;
  /** Told of every session that ends; a private one when absent (tests of other things). */
  sessionEnds?: SessionEnds;
}

const TAKEN = 'That username is already taken.';
const BAD_CREDENTIALS = 'Invalid username or password.';
const UNKNOWN_ORIGIN: RequestOrigin = { address: 'unknown' };

function throttledMessage(action: ThrottleAction, seconds: number): string {
  const what = action === 'sign_in' ? 'sign-in attempts' : 'registration attempts';
  return `Too many ${what} for this account or from your address. Please wait ${describeWait(seconds)} and try again.`;
}
const BUSY = 'The site is busy checking passwords right now. Please try again in a moment.';

export function createAccountService({
  accounts,
  sessions,
  telemetry,
  clock,
  maxSessionsPerAccount = DEFAULT_MAX_SESSIONS_PER_ACCOUNT,
  throttle,
  hasher = createPasswordHasher(),
  sessionEnds = createSessionEnds(),
}: AccountServiceDeps): AccountService {
  // Checked when the username does not exist, so "no such user" takes as long as "wrong password"
  // and response times do not reveal which usernames are registered.
  let decoyHash: Promise<string> | undefined;
  // Computed outside the queue: it is one hash per process, and a full queue must not fail it forever.
  const decoy = (): Promise<string> => (decoyHash ??= hashPassword(randomBytes(16).toString('hex')));

  /** The 429 for a throttled action, counted; undefined when the attempt may go ahead. */
  function refused(action: ThrottleAction, keys: { account: string; address: string }): Rejection | undefined {
    const over = throttle?.check(action, keys);
    if (over === undefined) return undefined;
    telemetry.emit('grapevine.accounts.throttled', { action, scope: over.scope });
    return {
      ok: false,
      reason: 'throttled',
      message: throttledMessage(action, over.retryAfterSeconds),
      retryAfterSeconds: over.retryAfterSeconds,
    };
  }

  /** Runs a hash through the bounded queue; a full queue is a 429 with Retry-After: 1. */
  async function hashing<T>(action: ThrottleAction, work: () => Promise<T>): Promise<{ ok: true; value: T } | Rejection> {
    try {
      return { ok: true, value: await work() };
    } catch (error) {
      if (!(error instanceof PasswordQueueFullError)) throw error;
      telemetry.emit('grapevine.accounts.throttled', { action, scope: 'queue' });
      return { ok: false, reason: 'busy', message: BUSY, retryAfterSeconds: 1 };
    }
  }

  function startSession(account: Account): SignedIn {
    const now = clock.now();
    const token = randomBytes(32).toString('base64url');
    // Expired rows are swept here rather than by a timer: sign-ins are rare, and a sweep removes at
    // most EXPIRED_SWEEP_LIMIT rows, so it stays cheap however many piled up.
    sessionEnds.endSessions(sessions.deleteExpired(now.toISOString()), 'expired');
    sessions.insert({
      tokenHash: hashToken(token),
      accountId: account.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    });
    // The oldest go first, so a flood of sign-ins cannot pile up rows for one account.
    sessionEnds.endSessions(sessions.keepNewest(account.id, maxSessionsPerAccount), 'replaced');
    telemetry.emit('grapevine.accounts.session.login', { accountId: account.id });
    return { account, token };
  }

  return {
    async register(input, { address } = UNKNOWN_ORIGIN) {
      const valid = validateRegistration(input);
      if (!valid.ok) return valid;
      const { username, email, password } = valid.value;
      const keys = { account: username, address };
      const over = refused('register', keys);
      if (over !== undefined) return over;
      // Every well-formed registration counts against the address; a taken name against the name too.
      const taken = (): Rejection => {
        throttle?.record('register', keys, ['account']);
        return reject('conflict', TAKEN, { username: TAKEN });
      };
      throttle?.record('register', keys, ['address']);
      // Checked first to spare the hashing; the unique index still decides a race.
      if (accounts.findByUsername(username) !== undefined) return taken();
      const hashed = await hashing('register', () => hasher.hash(password));
      if (!hashed.ok) return hashed;
      const passwordHash = hashed.value;
      // A race lost to the unique index is a taken name too, but not counted: it is not the caller's retry.
      const account = accounts.insert({ username, email, passwordHash, createdAt: clock.now().toISOString() });
      if (account === undefined) return reject('conflict', TAKEN, { username: TAKEN });
      telemetry.emit('grapevine.accounts.create', { accountId: account.id, username: account.username });
      return { ok: true, value: account };
    },

    async signIn({ username, password }, { address } = UNKNOWN_ORIGIN) {
      if (typeof username !== 'string' || typeof password !== 'string' || username.trim() === '' || password === '') {
        return reject('invalid', 'Username and password are required.');
      }
      // The username as typed, whether or not it exists: a throttled name and a name nobody has
      // get the same 429, so the throttle tells nothing about which names are registered.
      const keys = { account: username.trim(), address };
      const over = refused('sign_in', keys);
      if (over !== undefined) return over;
      const found = accounts.findByUsername(username.trim());
      const stored = found?.passwordHash ?? (await decoy());
      const checked = await hashing('sign_in', () => hasher.verify(password, stored));
      if (!checked.ok) return checked;
      if (found === undefined || !checked.value) {
        // Failures count, successes do not: a person who signs in often is never throttled.
        throttle?.record('sign_in', keys, ['account', 'address']);
        return reject('unauthorized', BAD_CREDENTIALS);
      }
      const { passwordHash: _, ...account } = found;
      return { ok: true, value: startSession(account) };
    },

    startSession,

    signOut(token) {
      const sessionId = hashToken(token);
      const accountId = sessions.delete(sessionId);
      if (accountId === undefined) return;
      telemetry.emit('grapevine.accounts.session.logout', { accountId });
      sessionEnds.endSessions([sessionId], 'signed_out');
    },

    signOutEverywhere(token) {
      const account = sessions.findAccount(hashToken(token), clock.now().toISOString());
      if (account === undefined) return 0;
      const ended = sessions.deleteAll(account.id);
      telemetry.emit('grapevine.accounts.session.logout', { accountId: account.id });
      sessionEnds.endSessions(ended, 'signed_out_everywhere');
      return ended.length;
    },

    accountForSession(token) {
      return sessions.findAccount(hashToken(token), clock.now().toISOString());
    },

    sessionForToken(token) {
      const sessionId = hashToken(token);
      const found = sessions.findSession(sessionId, clock.now().toISOString());
      return found === undefined ? undefined : { account: found.account, sessionId, expiresAt: new Date(found.expiresAt) };
    },

    sessionCount: (account) => sessions.countLive(account.id, clock.now().toISOString()),
  };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
