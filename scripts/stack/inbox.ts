// The shapes are the inbox's own contract (app/inbox/api.ts), so a change there shows up here as a type error.
import type { ApiAlert as InboxAlert, ApiNotification as InboxNotification } from '../../app/inbox/api.js';
import { getJson } from './wait.js';

export type { InboxAlert, InboxNotification };

export function inboxApi(baseUrl: string) {
  return {
    async notifications(): Promise<InboxNotification[]> {
      return (await getJson<{ notifications: InboxNotification[] }>(`${baseUrl}/api/notifications`)).notifications;
    },
    /** The first alert named `alertname` in state `status` that the inbox holds, if any. */
    async findAlert(alertname: string, status: 'firing' | 'resolved'): Promise<InboxAlert | undefined> {
      for (const notification of await this.notifications()) {
        const alert = notification.alerts.find((a) => a.labels.alertname === alertname && a.status === status);
        if (alert) return alert;
      }
      return undefined;
    },
  };
}
