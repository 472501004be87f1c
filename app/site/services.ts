// The domain, built once per process and shared by the HTTP routes and the sockets.
import { createSessionCookie, type SessionCookie } from './accounts/session-cookie.js';
import { createAccountRepository } from './accounts/repository.js';
import { createAccountService, type AccountService } from './accounts/service.js';
import { createPasswordHasher, type PasswordHasherLimits } from './accounts/passwords.js';
import { createSessionEnds, type SessionEnds } from './accounts/session-ends.js';
import { createSessionRepository } from './accounts/session-repository.js';
import { createThrottle, type ThrottleLimits } from './accounts/throttle.js';
import type { Bus } from '../kernel/bus/bus.js';
import { createInProcessBus } from '../kernel/bus/in-process-bus.js';
import type { Clock } from '../kernel/clock.js';
import type { Database } from '../kernel/db/open.js';
import { createGameRepository } from './games/repository.js';
import { createGameService, type GameService } from './games/service.js';
import { createValueSigner } from './http/signed-value.js';
import { createChannelHub, type ChannelHub } from './sockets/channels.js';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './sockets/limits.js';
import type { GameNetwork } from './sockets/network.js';
import { createPresence, type Presence } from './sockets/presence.js';
import { replicateSockets, type ReplicatedSockets } from './replicas/replicate.js';
import type { GrapevineTelemetry } from './telemetry/events.js';

export interface Services {
  accounts: AccountService;
  games: GameService;
  presence: Presence;
  channels: ChannelHub;
  sessionCookie: SessionCookie;
  /** Every session that ends, announced by the accounts; the socket server closes their web chat sockets. */
  sessionEnds: SessionEnds;
  /** The games online on the site, on this replica and the others. */
  network: GameNetwork;
  /** The bus to the other replicas (in-process when there are none). */
  bus: Bus;
  /** What crosses replicas; close() says goodbye to the others. */
  replicas: ReplicatedSockets;
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
  /** The bus to the other replicas; default an in-process bus (one process, nothing to cross). */
  bus?: Bus;
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
  bus = createInProcessBus(),
}: ServiceDeps): Services {
  const replicas = replicateSockets({
    bus,
    clock,
    presence: createPresence(socketLimits),
    channels: createChannelHub(),
    sessionEnds: createSessionEnds(),
  });
  const { presence, sessionEnds } = replicas;
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
    channels: replicas.channels,
    sessionCookie: createSessionCookie(createValueSigner(sessionSecret)),
    sessionEnds,
    network: replicas.network,
    bus,
    replicas,
  };
}
