// All of the app's domain metrics, attached to its telemetry events. Domain code never imports
// this folder: it emits events, and these instrumenters decide what they mean as metrics.
import type { Registry } from 'prom-client';
import type { Presence } from '../sockets/presence.js';
import type { GrapevineTelemetry } from '../telemetry/events.js';
import { instrumentAccounts } from './accounts.js';
import { instrumentChat } from './chat.js';
import { instrumentGames } from './games.js';
import { instrumentSockets } from './sockets.js';

export function instrumentGrapevine(registry: Registry, telemetry: GrapevineTelemetry, presence: Presence): void {
  instrumentAccounts(registry, telemetry);
  instrumentGames(registry, telemetry, presence);
  instrumentSockets(registry, telemetry, presence);
  instrumentChat(registry, telemetry, presence);
}
