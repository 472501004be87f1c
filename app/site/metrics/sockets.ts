// The game socket's metrics: Grapevine's socket instrumenter, with Prometheus-guide names.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Presence } from '../sockets/presence.js';
import { SOCKET_EVENTS, SOCKET_REFUSALS, type GrapevineTelemetry } from '../telemetry/events.js';

export const SOCKETS_CONNECTED = 'grapevine_sockets_connected';
export const SOCKET_CONNECTS_TOTAL = 'grapevine_socket_connects_total';
export const SOCKET_HEARTBEATS_TOTAL = 'grapevine_socket_heartbeats_total';
export const SOCKET_HEARTBEAT_DISCONNECTS_TOTAL = 'grapevine_socket_heartbeat_disconnects_total';
export const SOCKET_UNKNOWN_EVENTS_TOTAL = 'grapevine_socket_unknown_events_total';
export const SOCKET_EVENTS_TOTAL = 'grapevine_socket_events_total';
export const SOCKET_REFUSALS_TOTAL = 'grapevine_socket_refusals_total';

export function instrumentSockets(registry: Registry, telemetry: GrapevineTelemetry, presence: Presence): void {
  new Gauge({
    name: SOCKETS_CONNECTED,
    help: 'Authenticated game sockets open right now.',
    registers: [registry],
    collect() {
      this.set(presence.stats().gameSockets);
    },
  });
  const connects = new Counter({
    name: SOCKET_CONNECTS_TOTAL,
    help: 'Game socket authentications, by result (success or failure).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  // Both results exist at 0 from the start, so a first failure is a visible increase.
  const success = connects.labels('success');
  const failure = connects.labels('failure');
  success.inc(0);
  failure.inc(0);
  const heartbeats = new Counter({
    name: SOCKET_HEARTBEATS_TOTAL,
    help: "Heartbeats games sent in answer to the server's.",
    registers: [registry],
  });
  const heartbeatDisconnects = new Counter({
    name: SOCKET_HEARTBEAT_DISCONNECTS_TOTAL,
    help: 'Game sockets closed (4001) after too many unanswered server heartbeats.',
    registers: [registry],
  });
  const unknownEvents = new Counter({
    name: SOCKET_UNKNOWN_EVENTS_TOTAL,
    help: 'Frames with an event the game socket does not know.',
    registers: [registry],
  });

  const events = new Counter({
    name: SOCKET_EVENTS_TOTAL,
    help: 'Game socket frames of the channels, players, tells and games events, by event.',
    labelNames: ['event'] as const,
    registers: [registry],
  });
  // The label's values are the fixed list of events, each at 0 from the start.
  for (const event of SOCKET_EVENTS) events.labels(event).inc(0);

  const refusals = new Counter({
    name: SOCKET_REFUSALS_TOTAL,
    help: 'Socket frames, upgrades and sockets refused by a socket limit, by reason (which limit).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  // Every reason at 0 from the start, so the first refusal of any kind is a visible increase.
  for (const reason of SOCKET_REFUSALS) refusals.labels(reason).inc(0);

  telemetry.attach('metrics.sockets.refused', 'grapevine.sockets.refused', ({ reason }) => refusals.labels(reason).inc());
  telemetry.attach('metrics.sockets.event', 'grapevine.sockets.event', ({ event }) => events.labels(event).inc());
  telemetry.attach('metrics.sockets.connect', 'grapevine.sockets.connect', ({ result }) =>
    (result === 'success' ? success : failure).inc(),
  );
  telemetry.attach('metrics.sockets.heartbeat', 'grapevine.sockets.heartbeat', () => heartbeats.inc());
  telemetry.attach('metrics.sockets.heartbeat_disconnect', 'grapevine.sockets.heartbeat_disconnect', () => heartbeatDisconnects.inc());
  telemetry.attach('metrics.sockets.unknown_event', 'grapevine.sockets.unknown_event', () => unknownEvents.inc());
}
