// Registration, sign-in and sign-out. Emits the talk's account events; knows nothing of HTTP
// or metrics.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../kernel/clock.js';
import { reject, type Outcome } from '../outcome.js';
import type { GrapevineTelemetry } from '../telemetry/events.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { Account, AccountRepository } from './repository.js';
import { validateRegistration } from './rules.js';
import type { SessionRepository } from './session-repository.js';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** MAX_SESSIONS_PER_ACCOUNT's default: a phone, a laptop and a few browsers, with room to spare. */
export const DEFAULT_MAX_SESSIONS_PER_ACCOUNT = 10;

export interface SignedIn {
  account: Account;
  /** The secret the browser keeps (in a signed cookie); only its hash is stored. */
  token: string;
}

export interface AccountService {
  register(input: Record<string, unknown>): Promise<Outcome<Account>>;
  signIn(input: Record<string, unknown>): Promise<Outcome<SignedIn>>;
  /** A session for an account that just proved who it is (registration through the site). */
  startSession(account: Account): SignedIn;
  /** Ends the session if there is one; signing out twice is harmless. */
  signOut(token: string): void;
  /** Ends every session of the account this token's session belongs to; the number ended (0 for no session). */
  signOutEverywhere(token: string): number;
  accountForSession(token: string): Account | undefined;
  /** Live (unexpired) sessions of an account. */
  sessionCount(account: Account): number;
}

export interface AccountServiceDeps {
  accounts: AccountRepository;
  sessions: SessionRepository;
  telemetry: GrapevineTelemetry;
  clock: Clock;
  /** Live sessions an account may have; signing in beyond it revokes the oldest. */
  maxSessionsPerAccount?: number;
}

const TAKEN = 'That username is already taken.';
const BAD_CREDENTIALS = 'Invalid username or password.';

export function createAccountService({
  accounts,
  sessions,
  telemetry,
  clock,
  maxSessionsPerAccount = DEFAULT_MAX_SESSIONS_PER_ACCOUNT,
}: AccountServiceDeps): AccountService {
  // Checked when the username does not exist, so "no such user" takes as long as "wrong password"
  // and response times do not reveal which usernames are registered.
  let decoyHash: Promise<string> | undefined;
  const decoy = (): Promise<string> => (decoyHash ??= hashPassword(randomBytes(16).toString('hex')));

  function startSession(account: Account): SignedIn {
    const now = clock.now();
    const token = randomBytes(32).toString('base64url');
    // Expired rows are swept here rather than by a timer: sign-ins are rare, and a sweep removes at
    // most EXPIRED_SWEEP_LIMIT rows, so it stays cheap however many piled up.
    sessions.deleteExpired(now.toISOString());
    sessions.insert({
      tokenHash: hashToken(token),
      accountId: account.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    });
    // The oldest go first, so a flood of sign-ins cannot pile up rows for one account.
    sessions.keepNewest(account.id, maxSessionsPerAccount);
    telemetry.emit('grapevine.accounts.session.login', { accountId: account.id });
    return { account, token };
  }

  return {
    async register(input) {
      const valid = validateRegistration(input);
      if (!valid.ok) return valid;
      const { username, email, password } = valid.value;
      // Checked first to spare the hashing; the unique index still decides a race.
      if (accounts.findByUsername(username) !== undefined) return reject('conflict', TAKEN, { username: TAKEN });
      const passwordHash = await hashPassword(password);
      const account = accounts.insert({ username, email, passwordHash, createdAt: clock.now().toISOString() });
      if (account === undefined) return reject('conflict', TAKEN, { username: TAKEN });
      telemetry.emit('grapevine.accounts.create', { accountId: account.id, username: account.username });
      return { ok: true, value: account };
    },

    async signIn({ username, password }) {
      if (typeof username !== 'string' || typeof password !== 'string' || username.trim() === '' || password === '') {
        return reject('invalid', 'Username and password are required.');
      }
      const found = accounts.findByUsername(username.trim());
      const matches = await verifyPassword(password, found?.passwordHash ?? (await decoy()));
      if (found === undefined || !matches) return reject('unauthorized', BAD_CREDENTIALS);
      const { passwordHash: _, ...account } = found;
      return { ok: true, value: startSession(account) };
    },

    startSession,

    signOut(token) {
      const accountId = sessions.delete(hashToken(token));
      if (accountId !== undefined) telemetry.emit('grapevine.accounts.session.logout', { accountId });
    },

    signOutEverywhere(token) {
      const account = sessions.findAccount(hashToken(token), clock.now().toISOString());
      if (account === undefined) return 0;
      const ended = sessions.deleteAll(account.id);
      telemetry.emit('grapevine.accounts.session.logout', { accountId: account.id });
      return ended;
    },

    accountForSession(token) {
      return sessions.findAccount(hashToken(token), clock.now().toISOString());
    },

    sessionCount: (account) => sessions.countLive(account.id, clock.now().toISOString()),
  };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
