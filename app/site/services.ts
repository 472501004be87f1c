// The domain, built once per process and shared by the HTTP routes and the sockets.
import { createSessionCookie, type SessionCookie } from './accounts/session-cookie.js';
import { createAccountRepository } from './accounts/repository.js';
import { createAccountService, type AccountService } from './accounts/service.js';
import { createPasswordHasher, type PasswordHasherLimits } from './accounts/passwords.js';
import { createSessionRepository } from './accounts/session-repository.js';
import { createThrottle, type ThrottleLimits } from './accounts/throttle.js';
import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/db/open.js';
import { createGameRepository } from './games/repository.js';
import { createGameService, type GameService } from './games/service.js';
import { createValueSigner } from './http/signed-value.js';
import { createChannelHub, type ChannelHub } from './sockets/channels.js';
import { createPresence, type Presence } from './sockets/presence.js';
import type { GrapevineTelemetry } from './telemetry/events.js';

export interface Services {
  accounts: AccountService;
  games: GameService;
  presence: Presence;
  channels: ChannelHub;
  sessionCookie: SessionCookie;
}

export interface ServiceDeps {
  db: Database;
  telemetry: GrapevineTelemetry;
  clock: Clock;
  sessionSecret: string;
  /** MAX_SESSIONS_PER_ACCOUNT; default DEFAULT_MAX_SESSIONS_PER_ACCOUNT. */
  maxSessionsPerAccount?: number;
  /** The sign-in and registration throttles; default DEFAULT_THROTTLE_LIMITS. */
  throttleLimits?: ThrottleLimits;
  /** The bounded scrypt queue; default DEFAULT_PASSWORD_HASHER_LIMITS. */
  passwordHashing?: PasswordHasherLimits;
}

export function createServices({
  db,
  telemetry,
  clock,
  sessionSecret,
  maxSessionsPerAccount,
  throttleLimits,
  passwordHashing,
}: ServiceDeps): Services {
  const presence = createPresence();
  const accounts = createAccountService({
    accounts: createAccountRepository(db),
    sessions: createSessionRepository(db),
    telemetry,
    clock,
    maxSessionsPerAccount,
    throttle: createThrottle(db, clock, throttleLimits),
    hasher: createPasswordHasher(passwordHashing),
  });
  const games = createGameService({ games: createGameRepository(db), presence, telemetry, clock });
  return {
    accounts,
    games,
    presence,
    channels: createChannelHub(),
    sessionCookie: createSessionCookie(createValueSigner(sessionSecret)),
  };
}
