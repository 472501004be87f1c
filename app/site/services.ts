// The domain, built once per process and shared by the HTTP routes and the sockets.
import { createSessionCookie, type SessionCookie } from './accounts/session-cookie.js';
import { createAccountRepository } from './accounts/repository.js';
import { createAccountService, type AccountService } from './accounts/service.js';
import { createPasswordHasher, type PasswordHasherLimits } from './accounts/passwords.js';
import { createSessionEnds, type SessionEnds } from './accounts/session-ends.js';
import { createSessionRepository } from './accounts/session-repository.js';
import { createThrottle, type ThrottleLimits } from './accounts/throttle.js';
import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/db/open.js';
import { createGameRepository } from './games/repository.js';
import { createGameService, type GameService } from './games/service.js';
import { createValueSigner } from './http/signed-value.js';
import { createChannelHub, type ChannelHub } from './sockets/channels.js';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './sockets/limits.js';
import { createPresence, type Presence } from './sockets/presence.js';
import type { GrapevineTelemetry } from './telemetry/events.js';

export interface Services {
  accounts: AccountService;
  games: GameService;
  presence: Presence;
  channels: ChannelHub;
  sessionCookie: SessionCookie;
  /** Every session that ends, announced by the accounts; the socket server closes their web chat sockets. */
  sessionEnds: SessionEnds;
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
  /** The per-game caps presence holds (MAX_SOCKETS_PER_GAME, MAX_PLAYERS_PER_GAME); default DEFAULT_SOCKET_LIMITS. */
  socketLimits?: SocketLimits;
}

export function createServices({
  db,
  telemetry,
  clock,
  sessionSecret,
  maxSessionsPerAccount,
  throttleLimits,
  passwordHashing,
  socketLimits = DEFAULT_SOCKET_LIMITS,
}: ServiceDeps): Services {
  const presence = createPresence(socketLimits);
  const sessionEnds = createSessionEnds();
  const accounts = createAccountService({
    accounts: createAccountRepository(db),
    sessions: createSessionRepository(db),
    telemetry,
    clock,
    maxSessionsPerAccount,
    throttle: createThrottle(db, clock, throttleLimits),
    hasher: createPasswordHasher(passwordHashing),
    sessionEnds,
  });
  const games = createGameService({ games: createGameRepository(db), presence, telemetry, clock });
  return {
    accounts,
    games,
    presence,
    channels: createChannelHub(),
    sessionCookie: createSessionCookie(createValueSigner(sessionSecret)),
    sessionEnds,
  };
}
