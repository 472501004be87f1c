import { Counter, type Registry } from 'prom-client';
import type { AlertStatus } from './types.js';

export const NOTIFICATIONS_RECEIVED_TOTAL = 'grapevine_inbox_notifications_received_total';
export const NOTIFICATIONS_DUPLICATE_TOTAL = 'grapevine_inbox_notifications_duplicate_total';
export const WEBHOOK_REJECTED_TOTAL = 'grapevine_inbox_webhook_rejected_total';

/** Why a webhook request was refused: a fixed set, so the label stays bounded. */
export const REJECTION_REASONS = ['unauthorized', 'unsupported_media_type', 'too_large', 'too_many_alerts', 'invalid'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface InboxMetrics {
  notificationReceived(status: AlertStatus): void;
  duplicateReceived(): void;
  webhookRejected(reason: RejectionReason): void;
}

/** Registers the inbox's counters into the registry it is given (never prom-client's global one). */
export function createInboxMetrics(registry: Registry): InboxMetrics {
  const received = new Counter({
    name: NOTIFICATIONS_RECEIVED_TOTAL,
    help: 'Alertmanager notifications stored by the inbox, by notification status.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const duplicate = new Counter({
    name: NOTIFICATIONS_DUPLICATE_TOTAL,
    help: 'Stored notifications flagged as a duplicate of one received shortly before (same group, status and alerts).',
    registers: [registry],
  });
  const rejected = new Counter({
    name: WEBHOOK_REJECTED_TOTAL,
    help: 'Webhook requests the inbox refused, by reason (unauthorized, unsupported_media_type, too_large, too_many_alerts, invalid).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  // Every series exists at 0 from start-up, so increase() and rate() see the first event.
  received.labels('firing').inc(0);
  received.labels('resolved').inc(0);
  for (const reason of REJECTION_REASONS) rejected.labels(reason).inc(0);

  return {
    notificationReceived: (status) => received.labels(status).inc(),
    duplicateReceived: () => duplicate.inc(),
    webhookRejected: (reason) => rejected.labels(reason).inc(),
  };
}
