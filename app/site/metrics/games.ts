import { Counter, Gauge, type Registry } from 'prom-client';
import type { Presence } from '../sockets/presence.js';
import type { GrapevineTelemetry } from '../telemetry/events.js';

export const GAMES_CREATE_TOTAL = 'grapevine_games_create_total';
export const GAMES_ONLINE = 'grapevine_games_online';

export function instrumentGames(registry: Registry, telemetry: GrapevineTelemetry, presence: Presence): void {
  const created = new Counter({ name: GAMES_CREATE_TOTAL, help: 'Games added to the directory.', registers: [registry] });
  telemetry.attach('metrics.games.create', 'grapevine.games.create', () => created.inc());
  // Read at scrape time: Grapevine polled this every 10 s; a scrape-time read is never stale.
  new Gauge({
    name: GAMES_ONLINE,
    help: 'Games with at least one authenticated socket right now.',
    registers: [registry],
    collect() {
      this.set(presence.stats().gamesOnline);
    },
  });
}
