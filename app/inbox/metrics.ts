import { Counter, type Registry } from 'prom-client';
import type { AlertStatus } from './types.js';

export const NOTIFICATIONS_RECEIVED_TOTAL = 'grapevine_inbox_notifications_received_total';
export const WEBHOOK_REJECTED_TOTAL = 'grapevine_inbox_webhook_rejected_total';

export interface InboxMetrics {
  notificationReceived(status: AlertStatus): void;
  webhookRejected(): void;
}

/** Registers the inbox's counters into the registry it is given (never prom-client's global one). */
export function createInboxMetrics(registry: Registry): InboxMetrics {
  const received = new Counter({
    name: NOTIFICATIONS_RECEIVED_TOTAL,
    help: 'Alertmanager notifications stored by the inbox, by notification status.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const rejected = new Counter({
    name: WEBHOOK_REJECTED_TOTAL,
    help: 'Webhook requests the inbox refused (wrong content type, malformed or invalid payload, too large).',
    registers: [registry],
  });
  // Both series exist at 0 from start-up, so increase() and rate() see the first notification.
  received.labels('firing').inc(0);
  received.labels('resolved').inc(0);

  return {
    notificationReceived: (status) => received.labels(status).inc(),
    webhookRejected: () => rejected.inc(),
  };
}
