// The games directory: creating a game (which gets socket credentials) and listing games with
// whether each is connected right now.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Account } from '../accounts/repository.js';
import type { Clock } from '../../kernel/clock.js';
import { reject, type Outcome } from '../outcome.js';
import type { GrapevineTelemetry } from '../telemetry/events.js';
import type { Game, GameRepository } from './repository.js';
import { validateGameName } from './rules.js';

export interface CreatedGame {
  game: Game;
  /** Shown once: only its hash is stored. */
  clientSecret: string;
}

export interface GameListing {
  id: number;
  name: string;
  online: boolean;
  /** Players the game's sockets report (heartbeats, sign-ins), 0 when offline. */
  players: number;
}

export interface GameService {
  create(owner: Account, input: Record<string, unknown>): Outcome<CreatedGame>;
  list(): GameListing[];
  find(id: number): (Game & Omit<GameListing, 'id' | 'name'>) | undefined;
  /** The game these socket credentials belong to, or undefined. */
  authenticate(clientId: unknown, clientSecret: unknown): Game | undefined;
}

export interface GameServiceDeps {
  games: GameRepository;
  presence: { isOnline(gameId: number): boolean; players(gameId: number): number };
  telemetry: GrapevineTelemetry;
  clock: Clock;
}

const TAKEN = 'A game with that name already exists.';

export function createGameService({ games, presence, telemetry, clock }: GameServiceDeps): GameService {
  return {
    create(owner, input) {
      const valid = validateGameName(input);
      if (!valid.ok) return valid;
      // Secrets are 256 random bits, so a fast hash is enough (no dictionary to guess from).
      const clientSecret = randomBytes(32).toString('base64url');
      const game = games.insert({
        accountId: owner.id,
        name: valid.value,
        clientId: randomUUID(),
        clientSecretHash: hashSecret(clientSecret),
        createdAt: clock.now().toISOString(),
      });
      if (game === undefined) return reject('conflict', TAKEN, { name: TAKEN });
      telemetry.emit('grapevine.games.create', { gameId: game.id, name: game.name });
      return { ok: true, value: { game, clientSecret } };
    },

    list() {
      return games.list().map(({ id, name }) => ({ id, name, online: presence.isOnline(id), players: presence.players(id) }));
    },

    find(id) {
      const game = games.findById(id);
      return game === undefined ? undefined : { ...game, online: presence.isOnline(id), players: presence.players(id) };
    },

    authenticate(clientId, clientSecret) {
      if (typeof clientId !== 'string' || typeof clientSecret !== 'string' || clientId.length > 100) return undefined;
      const found = games.findByClientId(clientId);
      if (found === undefined) return undefined;
      const given = Buffer.from(hashSecret(clientSecret), 'hex');
      const expected = Buffer.from(found.clientSecretHash, 'hex');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const { clientSecretHash: _, ...game } = found;
      return game;
    },
  };
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
