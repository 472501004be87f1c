// Channel messages and the web chat: the talk's "Telnet" panel and its WebClientOpen alert.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Presence } from '../sockets/presence.js';
import type { GrapevineTelemetry } from '../telemetry/events.js';

export const CHANNEL_MESSAGES_TOTAL = 'grapevine_channel_messages_total';
export const WEB_CLIENTS_OPEN = 'grapevine_web_clients_open';

export function instrumentChat(registry: Registry, telemetry: GrapevineTelemetry, presence: Presence): void {
  // No channel label: channel names come from clients, and a label would let them mint series.
  const messages = new Counter({
    name: CHANNEL_MESSAGES_TOTAL,
    help: 'Messages sent to chat channels, from games and from the web chat alike.',
    registers: [registry],
  });
  telemetry.attach('metrics.channels.message', 'grapevine.channels.message', () => messages.inc());
  new Gauge({
    name: WEB_CLIENTS_OPEN,
    help: 'Web chat sockets open right now.',
    registers: [registry],
    collect() {
      this.set(presence.stats().webClients);
    },
  });
}
