// The bus between app replicas: whether this replica is on it, and what it sent and got.
// grapevine_bus_connected is read at scrape time, so it is 0 the moment the connection drops.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Bus } from '../../kernel/bus/bus.js';
import { BUS_TOPICS } from '../replicas/topics.js';

export const BUS_CONNECTED = 'grapevine_bus_connected';
export const BUS_MESSAGES_PUBLISHED_TOTAL = 'grapevine_bus_messages_published_total';
export const BUS_MESSAGES_RECEIVED_TOTAL = 'grapevine_bus_messages_received_total';
export const BUS_MESSAGES_DROPPED_TOTAL = 'grapevine_bus_messages_dropped_total';

export function instrumentBus(registry: Registry, bus: Bus): void {
  new Gauge({
    name: BUS_CONNECTED,
    help: 'Whether this replica is connected to the bus between replicas (1) or not (0); always 1 with the in-process bus.',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      this.labels(bus.kind).set(bus.status().connected ? 1 : 0);
    },
  });
  const counter = (name: string, help: string) => {
    const metric = new Counter({ name, help, labelNames: ['topic'] as const, registers: [registry] });
    for (const topic of Object.values(BUS_TOPICS)) metric.labels(topic).inc(0);
    return metric;
  };
  const published = counter(BUS_MESSAGES_PUBLISHED_TOTAL, 'Messages this replica published on the bus, by topic.');
  const received = counter(BUS_MESSAGES_RECEIVED_TOTAL, 'Messages this replica received from the bus (its own included), by topic.');
  const dropped = counter(BUS_MESSAGES_DROPPED_TOTAL, 'Messages this replica could not publish because the bus was down, by topic.');
  bus.observe({
    published: (topic) => published.labels(topic).inc(),
    received: (topic) => received.labels(topic).inc(),
    dropped: (topic) => dropped.labels(topic).inc(),
  });
}
