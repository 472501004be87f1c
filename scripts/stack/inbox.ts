import { getJson } from './wait.js';

export interface InboxAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
}

export interface InboxNotification {
  id: number;
  receivedAt: string;
  receiver: string;
  status: 'firing' | 'resolved';
  groupKey: string;
  commonLabels: Record<string, string>;
  alerts: InboxAlert[];
}

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
